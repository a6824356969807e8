using System.Text.Json;
using GoMem.Cli;
using GoMem.Storage.Monitoring;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli.Monitoring;

/// <summary>
/// <c>gomem watch</c> against real Go services on 127.0.0.1: the leaking service and its healthy twin under the same
/// load, plus a port where nothing listens. The leak is found online, the twin stays clean, the dead target is down
/// with its reason, and everything lands in the store.
/// </summary>
public sealed class WatchCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-watch-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Finds_the_leak_online_and_not_on_the_healthy_twin()
    {
        using var leaky = GoService.Start("leakymap");
        using var twin = GoService.Start("boundedcache");
        // Port 1: below the ephemeral range, so no other test's server can be handed it; nothing listens there.
        var dead = "127.0.0.1:1";
        var config = Path.Combine(_dir, "targets.yaml");
        File.WriteAllText(config, $"""
            scrape_configs:
              - job_name: demo
                scrape_interval: 1s
                static_configs:
                  - targets: ['{leaky.Url.Authority}', '{twin.Url.Authority}', '{dead}']
                    labels: {"{"}env: test{"}"}
                profiling_config:
                  pprof_config:
                    heap: {"{"}every: 1, gc: true{"}"}
                    goroutine: {"{"}every: 1{"}"}
            """);
        var store = Path.Combine(_dir, "watch.db");

        // The load runs all through the watch: both services get the same new ids at the same pace.
        leaky.Drive(150, 0);
        twin.Drive(150, 0);
        using var stopLoad = new CancellationTokenSource();
        // Large batches: a few long-lived connections, as a real client keeps them, not a new process every moment.
        Task Load(GoService service) => Task.Run(() =>
        {
            for (var batch = 1; !stopLoad.IsCancellationRequested && batch < 100; batch++)
            {
                service.Drive(1500, batch * 1500);
            }
        });
        var load = Task.WhenAll(Load(leaky), Load(twin));
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var exit = GoMemCommandLine.Run(["watch", "--config", config, "--store", store, "--for", "90s", "--exit-on-finding", "--format", "json"], stdout, stderr, TimeZoneInfo.Utc);
        await stopLoad.CancelAsync();
        await load;

        // Stopped by the first finding (exit 1) long before --for ran out, however loaded the machine is.
        Assert.True(exit == 1, $"exit {exit}: {stderr}");
        var events = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        string Target(GoService s) => "demo/" + s.Url.Authority;
        var findings = events.Where(e => e.GetProperty("event").GetString() == "finding").ToList();
        Assert.True(findings.Count > 0, "no finding in the log:\n" + stdout);
        Assert.Contains(findings, e => e.GetProperty("target").GetString() == Target(leaky) && e.GetProperty("code").GetString() == "heap-leak" && e.GetProperty("title").GetString()!.Contains("main.recordSession", StringComparison.Ordinal));
        Assert.DoesNotContain(findings, e => e.GetProperty("target").GetString() == Target(twin));
        var down = Assert.Single(events, e => e.GetProperty("event").GetString() == "down");
        Assert.Equal("demo/" + dead, down.GetProperty("target").GetString());
        Assert.Contains("refused", down.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("stopped", events[^1].GetProperty("event").GetString());

        using var stored = SqliteMonitoringStore.Open(store);
        var targets = stored.Targets().ToDictionary(t => t.Instance);
        Assert.Equal(TargetHealthState.Down, targets[dead].Health.State);
        Assert.Equal("test", targets[leaky.Url.Authority].Labels.Get("env"));
        var leakyId = targets[leaky.Url.Authority].Id;
        var samples = stored.RuntimeSamples(leakyId, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        Assert.True(samples.Count >= 6, $"{samples.Count} runtime samples");
        Assert.All(samples, s => Assert.NotNull(s.HeapAllocBytes));
        Assert.True(samples[^1].HeapAllocBytes > samples[0].HeapAllocBytes);
        var heaps = stored.ProfileSnapshots(leakyId, ProfileKinds.Heap, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        Assert.True(heaps.Count >= 6, $"{heaps.Count} heap snapshots");
        var last = stored.LoadProfile(heaps[^1].Id);
        Assert.Contains(last.Functions, f => f.Name == "main.recordSession");
        Assert.Contains(stored.OpenFindings(leakyId).Concat(stored.RecentFindings(DateTimeOffset.MinValue, leakyId)), f => f.Finding.Code == "heap-leak");
        Assert.Empty(stored.RecentFindings(DateTimeOffset.MinValue, targets[twin.Url.Authority].Id));
    }

    [Fact]
    public void Check_config_prints_every_target_with_its_plan()
    {
        var config = Path.Combine(_dir, "targets.yaml");
        File.WriteAllText(config, "scrape_configs:\n  - job_name: api\n    static_configs:\n      - targets: ['127.0.0.1:6060']\n");
        var result = GoMemCli.Run("watch", "--config", config, "--check-config");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("valid; 1 job, 1 target", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:6060/ {instance=\"127.0.0.1:6060\", job=\"api\"}", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("heap, goroutine every 6th scrape", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("watch")]
    [InlineData("watch", "http://127.0.0.1:6060", "--config", "x.yaml")]
    [InlineData("watch", "http://127.0.0.1:6060", "--every", "soon")]
    [InlineData("watch", "--check-config", "http://127.0.0.1:6060")]
    [InlineData("watch", "http://127.0.0.1:6060", "--memory-limit", "lots")]
    public void Contradictory_or_missing_options_are_usage_errors(params string[] args)
    {
        var result = GoMemCli.Run(args);
        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
    }
}
