using GoMem.Monitoring.Collection;
using GoMem.Monitoring.Config;
using GoMem.Storage.Monitoring;
using GoMem.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace GoMem.Tests.Monitoring.Collection;

/// <summary>
/// Another writer holds the store locked for a while (a backup, a long query, a second collector): the collector says
/// so in one line per late cycle, corrupts nothing, and carries on writing once the lock is gone.
/// </summary>
public sealed class LockedStoreTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-locked-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_store_locked_by_another_writer_delays_writes_and_collection_resumes()
    {
        using var service = CapturedService.Start(profiles: false);
        var configPath = Path.Combine(_dir, "targets.yaml");
        File.WriteAllText(configPath, $"scrape_configs:\n  - job_name: locked\n    scrape_interval: 500ms\n    static_configs:\n      - targets: ['{new Uri(service.BaseUrl).Authority}']\n    profiling_config:\n      pprof_config:\n        heap: {{enabled: false}}\n        goroutine: {{enabled: false}}\n");
        var path = Path.Combine(_dir, "locked.db");
        var log = new RecordingCollectorLog();
        using var store = SqliteMonitoringStore.Open(path);
        using var gate = new StoreGate(store);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(9));
        var collecting = new Collector(new TargetWatcher(WatchConfigLoader.Load(configPath)), gate, new CollectorOptions(), log, TimeProvider.System).RunAsync(stop.Token);

        await Task.Delay(TimeSpan.FromSeconds(2));
        DateTimeOffset lockedFrom, lockedUntil;
        using (var other = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString()))
        {
            other.Open();
            using var exclusive = other.CreateCommand();
            exclusive.CommandText = "BEGIN EXCLUSIVE;";
            exclusive.ExecuteNonQuery();
            lockedFrom = DateTimeOffset.UtcNow;
            await Task.Delay(TimeSpan.FromSeconds(3));
            lockedUntil = DateTimeOffset.UtcNow;
            exclusive.CommandText = "COMMIT;";
            exclusive.ExecuteNonQuery();
        }

        await collecting;

        output.WriteLine(string.Join("\n", log.Problems));
        Assert.NotEmpty(log.Problems);
        Assert.All(log.Problems, p => Assert.DoesNotContain('\n', p));

        using var reopened = SqliteMonitoringStore.Open(path);
        var target = Assert.Single(reopened.Targets());
        var times = reopened.RuntimeSamples(target.Id, DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Select(s => s.Time).ToList();
        output.WriteLine($"{times.Count} samples; locked {lockedFrom:HH:mm:ss.fff} to {lockedUntil:HH:mm:ss.fff}");
        Assert.Contains(times, t => t < lockedFrom);
        Assert.True(times.Count(t => t > lockedUntil) >= 3, "collection did not resume after the lock");
        using var check = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        check.Open();
        using var integrity = check.CreateCommand();
        integrity.CommandText = "PRAGMA integrity_check;";
        Assert.Equal("ok", integrity.ExecuteScalar());
    }
}
