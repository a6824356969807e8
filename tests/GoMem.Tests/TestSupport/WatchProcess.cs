using System.Diagnostics;

namespace GoMem.Tests.TestSupport;

/// <summary>A <c>gomem watch</c> run as its own process (the built CLI under <c>dotnet</c>), to be killed or stopped like a real collector.</summary>
internal sealed class WatchProcess : IDisposable
{
    private readonly Process _process;

    private WatchProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public static WatchProcess Start(params string[] arguments)
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "GoMem.Cli.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", cli, "watch", .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new WatchProcess(process);
    }

    /// <summary>SIGKILL: no chance to clean up, as when a machine dies.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit(10_000);
    }

    /// <summary>SIGTERM, as a service manager stops it, then waits for the clean exit; returns the exit code.</summary>
    public int Terminate()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        if (!_process.WaitForExit(30_000))
        {
            _process.Kill();
            throw new TimeoutException("gomem watch did not stop within 30 s of SIGTERM");
        }

        return _process.ExitCode;
    }

    /// <summary>Polls until <paramref name="done"/>; fails when the process exits first or the time runs out.</summary>
    public void WaitFor(Func<bool> done, TimeSpan within, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!done())
        {
            Assert.False(_process.HasExited, $"gomem watch exited (code {(_process.HasExited ? _process.ExitCode : 0)}) before {what}");
            Assert.True(deadline.Elapsed < within, $"gomem watch: not {what} within {within.TotalSeconds:0} s");
            Thread.Sleep(50);
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }
}
