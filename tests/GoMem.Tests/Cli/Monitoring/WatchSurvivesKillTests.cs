using GoMem.Storage.Monitoring;
using GoMem.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace GoMem.Tests.Cli.Monitoring;

/// <summary>
/// A collector killed with SIGKILL in the middle of its writes, then started again: the store opens cleanly, passes
/// SQLite's integrity check, holds every cycle committed before the kill and no half of one, and collection resumes.
/// </summary>
public sealed class WatchSurvivesKillTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-kill-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Sigkill_loses_nothing_committed_and_collection_resumes()
    {
        using var service = CapturedService.Start();
        var config = Path.Combine(_dir, "targets.yaml");
        File.WriteAllText(config, $"scrape_configs:\n  - job_name: kill\n    scrape_interval: 200ms\n    static_configs:\n      - targets: ['{new Uri(service.BaseUrl).Authority}']\n    profiling_config:\n      pprof_config:\n        heap: {{every: 1}}\n        goroutine: {{every: 1}}\n");
        var store = Path.Combine(_dir, "kill.db");

        // Killed while it writes a cycle every 200 ms, each with two profiles: a kill mid-transaction is likely.
        using (var first = WatchProcess.Start("--config", config, "--store", store, "--for", "60s"))
        {
            first.WaitFor(() => Cycles(store) >= 8, TimeSpan.FromSeconds(60), "8 cycles written");
            first.Kill();
        }

        Assert.Equal("ok", StoreFile.Scalar(store, "PRAGMA integrity_check;"));
        var committed = Cycles(store);
        using (var opened = SqliteMonitoringStore.Open(store))
        {
            var target = Assert.Single(opened.Targets());
            var samples = opened.RuntimeSamples(target.Id, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
            var heaps = opened.ProfileSnapshots(target.Id, ProfileKinds.Heap, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

            // One transaction per cycle: every committed cycle has its sample and both profiles, none has part of them.
            Assert.Equal(samples.Count, heaps.Count);
            Assert.Equal(samples.Count, opened.ProfileSnapshots(target.Id, ProfileKinds.Goroutine, DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Count);
            Assert.All(heaps, h => Assert.Contains(opened.LoadProfile(h.Id).Functions, f => f.Name == "main.recordSession"));
        }

        using (var second = WatchProcess.Start("--config", config, "--store", store, "--for", "60s"))
        {
            second.WaitFor(() => Cycles(store) >= committed + 5, TimeSpan.FromSeconds(60), "5 more cycles written");
            second.Kill();
        }

        Assert.Equal("ok", StoreFile.Scalar(store, "PRAGMA integrity_check;"));
        Assert.True(Cycles(store) >= committed + 5);
    }

    /// <summary>Cycles committed so far, read through a separate connection as another process would.</summary>
    private static long Cycles(string store) => StoreFile.Count(store, "SELECT count(*) FROM runtime_samples;");

}
