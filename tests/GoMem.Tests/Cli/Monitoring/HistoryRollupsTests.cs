using System.Text.Json;
using GoMem.Monitoring;
using GoMem.Monitoring.Collection;
using GoMem.Monitoring.Retention;
using GoMem.Storage.Monitoring;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli.Monitoring;

/// <summary>
/// <c>gomem history</c> over a span older than the raw samples: the time before them comes from the rollups, hours
/// before minutes before samples, each stretch headed by its resolution, in text and JSON alike.
/// </summary>
public sealed class HistoryRollupsTests : IDisposable
{
    /// <summary>When retention ran: the samples below are 8 days, 2 days and 1 hour old then.</summary>
    internal static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-history-rollups-").FullName;
    private readonly string _store;

    public HistoryRollupsTests()
    {
        _store = Path.Combine(_dir, "watch.db");
        WriteStore(_store);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The store these tests read (also run through the native build, in NativeReleaseTests).</summary>
    internal static void WriteStore(string path)
    {
        using var store = SqliteMonitoringStore.Open(path);
        var api = store.UpsertTarget("api", "127.0.0.1:6060", LabelSet.Of(("env", "prod")));
        using (var cycle = store.BeginCycle())
        {
            // Two hours 8 days ago, three minutes 2 days ago, three samples an hour ago: every 10 s, figures that move.
            foreach (var (start, seconds) in new[] { (Now.AddDays(-8).AddHours(-2), 7200), (Now.AddDays(-2).AddMinutes(-3), 180), (Now.AddHours(-1), 30) })
            {
                for (var s = 0; s < seconds; s += 10)
                {
                    cycle.AddRuntimeSample(api, Sample(start.AddSeconds(s), s));
                }
            }

            cycle.AddEvent(api, Now.AddDays(-2).AddMinutes(-2).AddSeconds(5), TargetEventKinds.Restart, "process start time changed");
            cycle.Commit();
        }

        using var gate = new StoreGate(store);
        var result = RetentionPass.RunAsync(gate, RetentionPolicy.Default, Now, new RetentionOptions(), CancellationToken.None).GetAwaiter().GetResult();
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void Text_shows_each_stretch_under_its_resolution()
    {
        var result = GoMemCli.Run("history", "--store", _store, "--since", Now.AddDays(-9).ToString("O"), "--until", Now.ToString("O"));

        Assert.Equal(0, result.ExitCode);
        Golden.AssertMatches(Path.Combine("monitoring", "history.rollups.txt"), result.Stdout);
    }

    [Fact]
    public void Json_has_the_stretches_the_rollups_and_the_samples_with_the_same_numbers()
    {
        var result = GoMemCli.Run("history", "--store", _store, "--since", Now.AddDays(-9).ToString("O"), "--until", Now.ToString("O"), "-f", "json");

        Assert.Equal(0, result.ExitCode);
        Golden.AssertMatches(Path.Combine("monitoring", "history.rollups.json"), result.Stdout);
        using var json = JsonDocument.Parse(result.Stdout);
        var target = json.RootElement.GetProperty("targets")[0];
        Assert.Equal(["1h", "1m", "raw"], target.GetProperty("stretches").EnumerateArray().Select(s => s.GetProperty("resolution").GetString()));
        Assert.Equal([2, 3, 3], target.GetProperty("stretches").EnumerateArray().Select(s => s.GetProperty("rows").GetInt32()));
        var hour = target.GetProperty("rollups")[0];
        Assert.Equal(360, hour.GetProperty("samples").GetInt32());

        // rss = 50 MB + 1000 × (seconds into the stretch): the first hour's samples are 0 to 3590 s in.
        Assert.Equal(50_000_000, hour.GetProperty("rssBytes").GetProperty("min").GetInt64());
        Assert.Equal(51_795_000, hour.GetProperty("rssBytes").GetProperty("avg").GetDouble());
        Assert.Equal(53_590_000, hour.GetProperty("rssBytes").GetProperty("max").GetInt64());
        Assert.Equal(359, hour.GetProperty("numGc").GetProperty("last").GetInt64());
    }

    [Fact]
    public void A_span_within_the_raw_samples_prints_as_before_without_resolutions()
    {
        var result = GoMemCli.Run("history", "--store", _store, "--since", Now.AddHours(-2).ToString("O"), "--until", Now.ToString("O"));

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("api/127.0.0.1:6060 {env=\"prod\"} (unknown): 3 samples, 0 events\ntime ", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("resolution", result.Stdout, StringComparison.Ordinal);
    }

    private static RuntimeSample Sample(DateTimeOffset time, int second) => new()
    {
        Time = time,
        Sources = RuntimeSampleSources.DebugVars,
        RssBytes = 50_000_000 + (1000L * second),
        HeapAllocBytes = 20_000_000 + (500L * (second % 600)),
        HeapInuseBytes = 24_000_000,
        NextGcBytes = 40_000_000,
        StackInuseBytes = 655_360,
        Goroutines = 10 + (second % 7),
        NumGc = second / 10,
        GcCpuFraction = 0.0125,
        PauseP99Seconds = second % 20 == 0 ? 0.0005 : 0.0015,
    };
}
