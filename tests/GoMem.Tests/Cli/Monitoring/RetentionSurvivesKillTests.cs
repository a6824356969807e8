using System.Diagnostics;
using GoMem.Monitoring;
using GoMem.Monitoring.Collection;
using GoMem.Monitoring.Retention;
using GoMem.Storage.Monitoring;
using GoMem.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace GoMem.Tests.Cli.Monitoring;

/// <summary>
/// A collector killed with SIGKILL while its retention rolls up a large backlog: every sample is still there, either
/// raw or counted in exactly one rollup, and finishing the work afterwards gives the rollups of every sample exactly.
/// </summary>
public sealed class RetentionSurvivesKillTests(ITestOutputHelper output) : IDisposable
{
    private const int Samples = 120_000;

    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-retention-kill-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Sigkill_while_rolling_up_loses_and_doubles_no_sample()
    {
        using var service = CapturedService.Start(profiles: false);
        var store = Path.Combine(_dir, "backlog.db");
        var start = DateTimeOffset.FromUnixTimeSeconds((DateTimeOffset.UtcNow.AddDays(-5).ToUnixTimeSeconds() / 3600) * 3600);
        long id;
        using (var backlog = SqliteMonitoringStore.Open(store))
        {
            // A day and a half of collection that stopped five days ago, one sample a second: rss = i, NumGc counting up.
            id = backlog.UpsertTarget("backlog", "127.0.0.1:1", LabelSet.Empty);
            using var cycle = backlog.BeginCycle();
            for (var i = 0; i < Samples; i++)
            {
                cycle.AddRuntimeSample(id, new RuntimeSample { Time = start.AddSeconds(-i), RssBytes = i, NumGc = Samples - i });
            }

            cycle.Commit();
        }

        var cli = Path.Combine(AppContext.BaseDirectory, "GoMem.Cli.dll");
        using (var watch = Process.Start(new ProcessStartInfo("dotnet", [cli, "watch", service.BaseUrl, "--every", "1s", "--store", store, "--for", "120s"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        })!)
        {
            watch.OutputDataReceived += (_, _) => { };
            watch.ErrorDataReceived += (_, _) => { };
            watch.BeginOutputReadLine();
            watch.BeginErrorReadLine();
            var waited = Stopwatch.StartNew();
            while (StoreFile.Count(store, "SELECT count(*) FROM runtime_rollups;") < 20)
            {
                Assert.False(watch.HasExited, "gomem watch exited early");
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(60), "no rollups in a minute");
                await Task.Delay(10);
            }

            watch.Kill();
            watch.WaitForExit(10_000);
        }

        Assert.Equal("ok", StoreFile.Scalar(store, "PRAGMA integrity_check;"));
        var raw = StoreFile.Count(store, $"SELECT count(*) FROM runtime_samples WHERE target_id = {id};");
        var rolled = StoreFile.Count(store, $"SELECT COALESCE(sum(sample_count), 0) FROM runtime_rollups WHERE target_id = {id};");
        output.WriteLine($"killed with {raw} samples raw and {rolled} in {StoreFile.Count(store, "SELECT count(*) FROM runtime_rollups;")} rollups");
        Assert.True(raw > 0 && rolled > 0, $"the kill was not in the middle of rolling up ({raw} raw, {rolled} rolled up)");
        Assert.Equal(Samples, raw + rolled);

        // Finishing the work: each minute holds the samples of its 60 s, rss being the sample's number.
        using var reopened = SqliteMonitoringStore.Open(store);
        using var gate = new StoreGate(reopened);
        var now = DateTimeOffset.UtcNow;
        Assert.Empty((await RetentionPass.RunAsync(gate, RetentionPolicy.Default, now, new RetentionOptions(), CancellationToken.None)).Problems);
        Assert.Empty(reopened.RuntimeSamples(id, DateTimeOffset.MinValue, now.AddDays(-1)));
        var expected = Enumerable.Range(0, Samples)
            .GroupBy(i => start.AddSeconds(-i).ToUnixTimeSeconds() / 60)
            .ToDictionary(g => g.Key, g => new GaugeRollup(g.Min(), g.Average(), g.Max(), g.Count()));
        var rollups = reopened.RuntimeRollups(id, DateTimeOffset.MinValue, now).Where(r => r.Resolution == TimeSpan.FromMinutes(1)).ToList();
        Assert.Equal(expected.Count, rollups.Count);
        Assert.All(rollups, r => Assert.Equal(expected[r.Time.ToUnixTimeSeconds() / 60], r[RuntimeGauge.Rss]));
        Assert.All(rollups, r => Assert.Equal(Samples - (long)r[RuntimeGauge.Rss]!.Value.Min, r[RuntimeCounter.NumGc]!.Value.Last));
    }


}
