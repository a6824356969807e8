using System.Text.Json;
using GoMem.Monitoring;
using GoMem.Profiles;
using GoMem.Storage.Monitoring;
using GoMem.Tests.Profiles.Writing;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli.Monitoring;

/// <summary>
/// Retention from the command line: <c>--retention</c> over the file's <c>retention</c> section, the effective policy in
/// <c>--check-config</c>, the defaults in <c>--help</c>, and a short <c>gomem watch</c> run that prunes a store whose
/// data is old (written through the store API with old times, as a store looks after months of collection).
/// </summary>
public sealed class WatchRetentionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-watch-retention-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Check_config_prints_the_effective_retention_with_the_option_over_the_file()
    {
        var config = Path.Combine(_dir, "targets.yaml");
        File.WriteAllText(config, "scrape_configs:\n  - job_name: api\n    static_configs: [{targets: ['127.0.0.1:6060']}]\nretention:\n  events: 30d\n  runtime: 12h,1m:3d\n");

        var text = GoMemCli.Run("watch", "--config", config, "--check-config", "--retention", "runtime=48h,1m:14d,1h:1y", "--retention", "findings=1w");
        var json = GoMemCli.Run("watch", "--config", config, "--check-config", "--retention", "runtime=48h,1m:14d,1h:1y;findings=1w", "-f", "json");

        Assert.Equal((0, 0), (text.ExitCode, json.ExitCode));
        Golden.AssertMatches(Path.Combine("monitoring", "watch-check.retention.txt"), text.Stdout.Replace(_dir, "DIR", StringComparison.Ordinal));
        Golden.AssertMatches(Path.Combine("monitoring", "watch-check.retention.json"), json.Stdout.Replace(_dir, "DIR", StringComparison.Ordinal));
        using var document = JsonDocument.Parse(json.Stdout);
        var retention = document.RootElement.GetProperty("retention");
        Assert.Equal("2d,1m:14d,1h:365d", retention.GetProperty("runtime").GetProperty("spec").GetString());
        Assert.Equal(30 * 86400, retention.GetProperty("eventsSeconds").GetInt32());
        Assert.Equal(7 * 86400, retention.GetProperty("findingsSeconds").GetInt32());
    }

    [Fact]
    public void Help_states_the_defaults()
    {
        var help = GoMemCli.Run("watch", "--help").Stdout.ReplaceLineEndings(" ");
        foreach (var setting in new[] { "profiles=24h,10m:7d,1h:90d", "runtime=24h,1m:7d,1h:90d", "events=90d", "findings=90d" })
        {
            Assert.Contains(setting, help, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("profile=24h", "gomem: --retention: unknown key \"profile\"; did you mean \"profiles\"?")]
    [InlineData("runtime=24h,10m", "gomem: --retention: runtime: \"10m\" is not a step RESOLUTION:UNTIL")]
    [InlineData("events", "gomem: --retention: \"events\" is not KEY=VALUE")]
    public void A_bad_retention_is_a_usage_error_in_one_line_before_the_store_is_touched(string spec, string message)
    {
        var store = Path.Combine(_dir, "never.db");
        var result = GoMemCli.Run("watch", "http://127.0.0.1:1", "--store", store, "--for", "1s", "--retention", spec);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(message, result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.False(File.Exists(store));
    }

    [Fact]
    public void A_short_watch_run_prunes_old_data_and_history_reads_it_back_from_the_rollups()
    {
        using var service = CapturedService.Start();
        var path = Path.Combine(_dir, "old.db");
        var now = DateTimeOffset.UtcNow;
        var heap = ProfileReader.ReadFile(RepoPaths.Scenario("leakymap", "heap.1.pb.gz"));
        var tenMinutes = Floor(now.AddDays(-3), TimeSpan.FromMinutes(10));
        var minute = Floor(now.AddDays(-2), TimeSpan.FromMinutes(1));
        long id;
        using (var store = SqliteMonitoringStore.Open(path))
        {
            id = store.UpsertTarget("old", "127.0.0.1:1", LabelSet.Empty);
            foreach (var (time, rss) in new[] { (minute, 100L), (minute.AddSeconds(20), 200L), (minute.AddSeconds(40), 300L), (now.AddDays(-10), 7L), (now.AddDays(-100), 1L), (now.AddHours(-1), 5L) })
            {
                store.AddRuntimeSample(id, new RuntimeSample { Time = time, RssBytes = rss, NumGc = rss });
            }

            for (var k = 0; k < 20; k++)
            {
                store.AddProfile(id, ProfileKinds.Heap, tenMinutes.AddMinutes(k), heap);
            }

            store.AddProfile(id, ProfileKinds.Heap, now.AddDays(-100), heap);
            store.AddEvent(id, now.AddDays(-100), TargetEventKinds.Down, "long ago");
            store.AddEvent(id, now.AddDays(-1), TargetEventKinds.Up, "lately");
            store.UpsertFinding(new MonitoringFinding(id, "heap-leak", "main.f", GoMem.Findings.Severity.Warning, "t", "d", now.AddDays(-120), now.AddDays(-110), now.AddDays(-100)));
        }

        var watch = GoMemCli.Run("watch", service.BaseUrl, "--every", "1s", "--for", "3s", "--store", path);
        Assert.True(watch.ExitCode == 0, watch.Stderr);
        Assert.DoesNotContain("retention", watch.Stdout + watch.Stderr, StringComparison.Ordinal);

        using (var store = SqliteMonitoringStore.Open(path))
        {
            // Raw samples only from the last 24 hours; the older ones as rollups: a minute, an hour; 100 days: gone.
            Assert.Equal([5L], store.RuntimeSamples(id, DateTimeOffset.MinValue, now).Select(s => s.RssBytes!.Value));
            var rollups = store.RuntimeRollups(id, DateTimeOffset.MinValue, now);
            Assert.Equal([TimeSpan.FromHours(1), TimeSpan.FromMinutes(1)], rollups.Select(r => r.Resolution));
            Assert.Equal(new GaugeRollup(100, 200, 300, 3), rollups[1][RuntimeGauge.Rss]);
            Assert.Equal(new CounterRollup(100, 300, 300), rollups[1][RuntimeCounter.NumGc]);

            // Twenty snapshots a minute apart 3 days ago: the first of each 10 minutes; 100 days ago: gone.
            var snapshots = store.ProfileSnapshots(id, ProfileKinds.Heap, DateTimeOffset.MinValue, now);
            Assert.Equal([tenMinutes, tenMinutes.AddMinutes(10)], snapshots.Select(s => s.Time));
            Assert.All(snapshots, s => ProfileAssert.Equal(heap, store.LoadProfile(s.Id)));
            Assert.Equal(new ProfileGarbage(0, 2), store.ProfileGarbage(id));

            Assert.Equal(["lately"], store.Events(id, DateTimeOffset.MinValue, now).Select(e => e.Detail));
            Assert.Empty(store.RecentFindings(DateTimeOffset.MinValue, id));
        }

        var history = GoMemCli.Run("history", "--store", path, "--target", "old/127.0.0.1:1", "--since", "3d");
        Assert.True(history.ExitCode == 0, history.Stderr);
        Assert.Contains("old/127.0.0.1:1 {} (unknown): 1 samples, 1 1m rollups, 1 events", history.Stdout, StringComparison.Ordinal);
        Assert.Contains($"resolution 1m, {minute:yyyy-MM-ddTHH:mm:ss}Z to {minute.AddMinutes(1):yyyy-MM-ddTHH:mm:ss}Z: 1 rollups", history.Stdout, StringComparison.Ordinal);
        Assert.Contains("resolution raw, ", history.Stdout, StringComparison.Ordinal);
        var json = GoMemCli.Run("history", "--store", path, "--target", "old/127.0.0.1:1", "--since", "11d", "-f", "json");
        using var document = JsonDocument.Parse(json.Stdout);
        Assert.Equal(["1h", "1m", "raw"], document.RootElement.GetProperty("targets")[0].GetProperty("stretches").EnumerateArray().Select(s => s.GetProperty("resolution").GetString()));
    }

    [Fact]
    public void The_retention_option_reaches_the_collector()
    {
        using var service = CapturedService.Start(profiles: false);
        var path = Path.Combine(_dir, "option.db");
        var twoHoursAgo = DateTimeOffset.UtcNow.AddHours(-2);
        long id;
        using (var store = SqliteMonitoringStore.Open(path))
        {
            id = store.UpsertTarget("old", "127.0.0.1:1", LabelSet.Empty);
            store.AddRuntimeSample(id, new RuntimeSample { Time = twoHoursAgo, RssBytes = 42 });
        }

        Assert.Equal(0, GoMemCli.Run("watch", service.BaseUrl, "--every", "1s", "--for", "2s", "--store", path).ExitCode);
        using (var store = SqliteMonitoringStore.Open(path))
        {
            Assert.Single(store.RuntimeSamples(id, twoHoursAgo, twoHoursAgo));
        }

        Assert.Equal(0, GoMemCli.Run("watch", service.BaseUrl, "--every", "1s", "--for", "2s", "--store", path, "--retention", "runtime=1h,1m:7d").ExitCode);
        using (var store = SqliteMonitoringStore.Open(path))
        {
            Assert.Empty(store.RuntimeSamples(id, twoHoursAgo, twoHoursAgo));
            Assert.Equal(new GaugeRollup(42, 42, 42, 1), Assert.Single(store.RuntimeRollups(id, twoHoursAgo, twoHoursAgo))[RuntimeGauge.Rss]);
        }
    }

    private static DateTimeOffset Floor(DateTimeOffset time, TimeSpan span) =>
        DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds() / (long)span.TotalMilliseconds * (long)span.TotalMilliseconds);
}
