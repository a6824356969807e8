using System.Text.Json;
using GoMem.Monitoring;
using GoMem.Profiles;
using GoMem.Storage.Monitoring;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli.Monitoring;

/// <summary>
/// The store as one more source: a real captured series put in a store as gomem watch would, then read back by the
/// one-shot reports, which must print exactly what they print for the original files.
/// </summary>
public sealed class StoreAsSourceTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 8, 0, 0, TimeSpan.Zero);

    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-store-source-").FullName;
    private readonly string _store;

    public StoreAsSourceTests()
    {
        _store = Path.Combine(_dir, "watch.db");
        using var store = SqliteMonitoringStore.Open(_store);
        var api = store.UpsertTarget("api", "127.0.0.1:6060", LabelSet.Of(("instance", "127.0.0.1:6060"), ("job", "api"), ("env", "prod")));
        store.UpsertTarget("worker", "127.0.0.1:6061", LabelSet.Empty);
        for (var k = 1; k <= 8; k++)
        {
            var time = Snapshot(k);
            store.AddProfile(api, ProfileKinds.Heap, time, ProfileReader.ReadFile(Series($"heap.{k}.pb.gz")));
            store.AddProfile(api, ProfileKinds.Goroutine, time, ProfileReader.ReadFile(Series($"goroutine.{k}.pb.gz")));
            store.AddRuntimeSample(api, new RuntimeSample { Time = time, RssBytes = 10_000_000 + (k * 1_000_000), HeapAllocBytes = k * 500_000, Goroutines = 6 });
        }

        store.AddEvent(api, Snapshot(5).AddSeconds(1), TargetEventKinds.Restart, "process start time changed");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(8)]
    public void Top_of_a_stored_moment_prints_what_top_of_the_file_prints(int k)
    {
        var fromFile = GoMemCli.Run("top", "-n", "12", Series($"heap.{k}.pb.gz"));
        var fromStore = GoMemCli.Run("top", "-n", "12", "--store", _store, "--target", "api/127.0.0.1:6060", "--at", Snapshot(k).AddSeconds(20).ToString("O"));

        Assert.Equal(0, fromStore.ExitCode);
        Assert.Equal(fromFile.Stdout, fromStore.Stdout);
    }

    [Fact]
    public void Diff_between_two_stored_moments_is_the_diff_of_the_files()
    {
        var fromFiles = GoMemCli.Run("diff", "--base", Series("heap.2.pb.gz"), Series("heap.7.pb.gz"), "-f", "json");
        var fromStore = GoMemCli.Run("diff", "--store", _store, "--target", "prod", "--from", Snapshot(2).ToString("O"), "--to", Snapshot(7).ToString("O"), "-f", "json");

        Assert.Equal(0, fromStore.ExitCode);
        Assert.Equal(fromFiles.Stdout, fromStore.Stdout);
    }

    [Fact]
    public void Goroutine_profiles_are_read_with_kind()
    {
        var fromFile = GoMemCli.Run("traces", Series("goroutine.3.pb.gz"));
        var fromStore = GoMemCli.Run("traces", "--store", _store, "--target", "127.0.0.1:6060", "--kind", "goroutine", "--at", Snapshot(3).ToString("O"));
        Assert.Equal(fromFile.Stdout, fromStore.Stdout);
    }

    [Fact]
    public void History_shows_every_sample_and_the_events_between_them()
    {
        var text = GoMemCli.Run("history", "--store", _store, "--target", "api/127.0.0.1:6060", "--since", Snapshot(1).AddSeconds(-1).ToString("O"), "--until", Snapshot(8).AddSeconds(1).ToString("O"));
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("api/127.0.0.1:6060 {env=\"prod\", instance=\"127.0.0.1:6060\", job=\"api\"} (unknown): 8 samples, 1 events", text.Stdout, StringComparison.Ordinal);
        var lines = text.Stdout.Split('\n');
        var restart = Array.FindIndex(lines, l => l.Contains("restart: process start time changed", StringComparison.Ordinal));
        Assert.StartsWith(Snapshot(5).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), lines[restart - 1], StringComparison.Ordinal);

        var json = GoMemCli.Run("history", "--store", _store, "--target", "api/127.0.0.1:6060", "--since", "1000h", "-f", "json");
        using var document = JsonDocument.Parse(json.Stdout);
        var samples = document.RootElement.GetProperty("targets")[0].GetProperty("samples");
        Assert.Equal(8, samples.GetArrayLength());
        Assert.Equal(18_000_000, samples[7].GetProperty("rssBytes").GetInt64());
        Assert.False(samples[0].TryGetProperty("nextGcBytes", out _));
    }

    [Fact]
    public void Leak_reads_the_stored_history_of_the_captured_watch_run()
    {
        // The store of a real gomem watch run (README): leakymap leaked, its healthy twin did not.
        var store = Path.Combine(_dir, "demo.db");
        File.Copy(Path.Combine(RepoPaths.TestData, "watch", "demo.db"), store);

        var leaky = GoMemCli.Run("leak", "--store", store, "--target", "leakymap", "--since", "2026-12-05T02:11:00Z", "-f", "json");
        var twin = GoMemCli.Run("leak", "--store", store, "--target", "boundedcache", "--since", "2026-12-05T02:11:00Z");

        Assert.Equal(1, leaky.ExitCode);
        using var report = JsonDocument.Parse(leaky.Stdout);
        Assert.Contains(report.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("site").GetString() == "main.recordSession");
        Assert.Equal(0, twin.ExitCode);
        Assert.Contains("No leak", twin.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2, "top", "--store", "{store}")]
    [InlineData(2, "top", "--store", "{store}", "--target", "nobody")]
    [InlineData(2, "top", "x.pb.gz", "--store", "{store}")]
    [InlineData(2, "diff", "--store", "{store}", "--target", "prod")]
    [InlineData(2, "top", "--store", "{store}", "--target", "prod", "--at", "yesterday")]
    [InlineData(3, "top", "--store", "{store}", "--target", "worker/127.0.0.1:6061")]
    [InlineData(4, "top", "--store", "{missing}")]
    [InlineData(2, "leak", "--store", "{store}", "x.pb.gz")]
    [InlineData(3, "leak", "--store", "{store}", "--target", "worker/127.0.0.1:6061", "--since", "1000h")]
    public void Bad_selections_fail_in_one_line(int exit, params string[] args)
    {
        var result = GoMemCli.Run([.. args.Select(a => a.Replace("{store}", _store, StringComparison.Ordinal).Replace("{missing}", Path.Combine(_dir, "none.db"), StringComparison.Ordinal))]);
        Assert.True(exit == result.ExitCode, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
    }

    private static DateTimeOffset Snapshot(int k) => T0.AddMinutes(k);

    private static string Series(string file) => Path.Combine(RepoPaths.TestData, "leakymap-series", file);
}
