using GoMem.Cli.Commands.Doctor;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli.Doctor;

/// <summary>
/// <c>gomem doctor URL</c> against the example Go services on loopback, under load while it collects: the leaking
/// service exits 1 naming the leaking function first, its healthy twin exits 0, and the saved bundle gives the same
/// report again and is read by gomem leak.
/// </summary>
public sealed class DoctorLiveTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-doctor-live-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_leaking_service_exits_1_naming_the_leak_first_and_its_bundle_round_trips()
    {
        using var service = GoService.Start("leakymap");
        var bundle = Path.Combine(_dir, "bundle");

        // Six snapshots: a step without requests (a slow loadgen start on a busy machine) still leaves a significant rise.
        var live = UnderLoad(service, () => GoMemCli.Run("doctor", service.Url.ToString(), "--duration", "5s", "--every", "1s", "--save", bundle));

        Assert.True(live.ExitCode == 1, live.Stderr + live.Stdout);
        var first = live.Stdout.Split('\n').First(l => l.StartsWith("  WARNING", StringComparison.Ordinal) || l.StartsWith("  CRITICAL", StringComparison.Ordinal));
        Assert.True(first.Contains("Heap in use at main.recordSession", StringComparison.Ordinal), live.Stdout);
        Assert.Contains("gomem: snapshot 1/6 taken", live.Stderr, StringComparison.Ordinal);
        Assert.Contains("gomem: snapshot 6/6 taken", live.Stderr, StringComparison.Ordinal);
        Assert.Equal(["goroutine.1.pb.gz", "heap.1.pb.gz", "metrics.1.txt", "vars.1.json"], Directory.GetFiles(bundle, "*.1.*").Select(Path.GetFileName).Order(StringComparer.Ordinal));

        var again = GoMemCli.Run("doctor", bundle);
        Assert.Equal(1, again.ExitCode);
        Assert.Equal(live.Stdout, again.Stdout);
        Assert.Equal("", again.Stderr);

        var leak = GoMemCli.Run("leak", bundle);
        Assert.Equal(1, leak.ExitCode);
        Assert.Equal("", leak.Stderr);
        Assert.Contains("main.recordSession", leak.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_healthy_twin_exits_0_and_quiet_says_nothing()
    {
        using var service = GoService.Start("boundedcache");
        service.Drive(400, 0); // the cache is full before the window: what follows replaces, never adds
        var bundle = Path.Combine(_dir, "bundle");

        // Two seconds of the same load before the window, so the heap and RSS have reached their level under it.
        var live = UnderLoad(service, () => GoMemCli.Run("doctor", service.Url.ToString(), "--duration", "3s", "--every", "1s", "--save", bundle, "--quiet"), firstId: 400, warmUp: TimeSpan.FromSeconds(2));

        Assert.Equal("", live.Stderr);
        // A stop-the-world pause stretched by a descheduled process is the loaded machine's doing (CI runs many tests
        // at once); it is the one warning the twin may get. Any memory finding fails the test.
        var warnings = live.Stdout.Split('\n').Where(l => l.StartsWith("  WARNING", StringComparison.Ordinal) || l.StartsWith("  CRITICAL", StringComparison.Ordinal)).ToList();
        Assert.True(warnings.All(l => l.Contains("[long-pause]", StringComparison.Ordinal)), live.Stdout);
        Assert.True(live.ExitCode == (warnings.Count == 0 ? 0 : 1), live.Stdout + live.Stderr);
        Assert.Contains(warnings.Count == 0 ? "Verdict: healthy" : "Verdict: needs action: 1 warning", live.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreachable_service_exits_4_with_one_line_and_leaves_no_folder()
    {
        var bundle = Path.Combine(_dir, "never");

        var result = GoMemCli.Run("doctor", $"http://127.0.0.1:{LoopbackServer.FreePort()}", "--duration", "1s", "--every", "0.5s", "--timeout", "5s", "--save", bundle);

        Assert.Equal(4, result.ExitCode);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Equal("", result.Stdout);
        Assert.False(Directory.Exists(bundle));
    }

    [Theory]
    [InlineData("--duration", "1s", "--every", "1s")]
    [InlineData("--every", "10ms")]
    [InlineData("--interval", "10s")]
    public void Bad_windows_are_usage_errors(params string[] options)
    {
        var result = GoMemCli.Run(["doctor", "http://127.0.0.1:1", .. options]);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void A_save_folder_that_holds_files_is_refused_before_any_fetch()
    {
        File.WriteAllText(Path.Combine(_dir, "heap.1.pb.gz"), "older");

        var result = GoMemCli.Run("doctor", "http://127.0.0.1:1", "--duration", "2s", "--every", "1s", "--save", _dir);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("already holds files", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_bundle_is_named_for_the_service_and_the_time()
    {
        var name = DoctorCommand.DefaultBundleName(new Uri("http://[::1]:6060"), new DateTimeOffset(2026, 1, 2, 15, 4, 5, TimeSpan.Zero));

        Assert.Equal("gomem-doctor-ipv6---1-6060-20260102T150405Z", name);
        Assert.Equal("gomem-doctor-api.internal-8080-20260102T150405Z", DoctorCommand.DefaultBundleName(new Uri("http://api.internal:8080"), new DateTimeOffset(2026, 1, 2, 15, 4, 5, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData(0, 5, 0, "gomem doctor: taking snapshot 1/5...")]
    [InlineData(2, 5, 17, "gomem doctor: snapshot 2/5 taken; next in 13s; 43s left")]
    [InlineData(5, 5, 61, "gomem doctor: 5 snapshots taken; diagnosing...")]
    public void The_terminal_status_line_counts_down(int taken, int count, int elapsedSeconds, string expected) =>
        Assert.Equal(expected, DoctorProgress.Status(taken, count, TimeSpan.FromSeconds(elapsedSeconds), TimeSpan.FromSeconds(15)));

    /// <summary>Runs <paramref name="doctor"/> while requests keep reaching the service (100 every quarter second), from <paramref name="warmUp"/> after they start.</summary>
    private static CliResult UnderLoad(GoService service, Func<CliResult> doctor, int firstId = 0, TimeSpan warmUp = default)
    {
        using var stop = new CancellationTokenSource();
        var load = Task.Run(() =>
        {
            for (var id = firstId; !stop.IsCancellationRequested; id += 100)
            {
                service.Drive(100, id);
                stop.Token.WaitHandle.WaitOne(250);
            }
        });
        try
        {
            Thread.Sleep(warmUp);
            return doctor();
        }
        finally
        {
            stop.Cancel();
            load.Wait();
        }
    }
}
