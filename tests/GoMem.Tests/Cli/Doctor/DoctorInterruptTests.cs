using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli.Doctor;

/// <summary>Ctrl-C (SIGINT) during a long window: doctor, run as its own process, stops and diagnoses what it took.</summary>
public sealed partial class DoctorInterruptTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-doctor-int-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Sigint_ends_the_window_and_the_snapshots_taken_are_diagnosed()
    {
        using var service = GoService.Start("leakymap");
        var bundle = Path.Combine(_dir, "bundle");
        var cli = Path.Combine(AppContext.BaseDirectory, "GoMem.Cli.dll");
        // Through env --default-signal=INT: a test run started in the background by a shell (./test.sh &) ignores SIGINT,
        // and an ignored signal stays ignored in every child, so doctor would never see it; a user's Ctrl-C reaches a
        // foreground gomem, whose SIGINT is at its default.
        var start = new ProcessStartInfo("env", ["--default-signal=INT", "dotnet", "exec", cli, "doctor", service.Url.ToString(), "--duration", "10m", "--every", "500ms", "--save", bundle])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var doctor = Process.Start(start)!;
        var stdout = doctor.StandardOutput.ReadToEndAsync();
        var stderr = new System.Text.StringBuilder();
        var third = new TaskCompletionSource();
        doctor.ErrorDataReceived += (_, e) =>
        {
            lock (stderr)
            {
                stderr.AppendLine(e.Data);
            }

            if (e.Data?.Contains("snapshot 3/1201 taken", StringComparison.Ordinal) == true)
            {
                third.TrySetResult();
            }
        };
        doctor.BeginErrorReadLine();
        try
        {
            await third.Task.WaitAsync(TimeSpan.FromSeconds(60));
            using (var kill = Process.Start("kill", ["-INT", doctor.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit();
            }

            using var deadline = new CancellationTokenSource();
            deadline.CancelAfter(TimeSpan.FromSeconds(60));
            await doctor.WaitForExitAsync(deadline.Token);
        }
        finally
        {
            if (!doctor.HasExited)
            {
                doctor.Kill();
            }
        }

        var log = stderr.ToString();
        var stopped = StoppedAfter().Match(log);
        Assert.True(stopped.Success, log);
        var taken = int.Parse(stopped.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.InRange(doctor.ExitCode, 0, 1);
        Assert.StartsWith($"Doctor: {bundle}, {taken} snapshots over ", await stdout, StringComparison.Ordinal);
        Assert.Equal(taken, Directory.GetFiles(bundle, "heap.*.pb.gz").Length);
    }

    [GeneratedRegex(@"gomem: stopped after (\d+) of 1201 snapshots; diagnosing those")]
    private static partial Regex StoppedAfter();
}
