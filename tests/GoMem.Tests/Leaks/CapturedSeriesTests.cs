using GoMem.Leaks;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Leaks;

/// <summary>
/// The correctness bar on real captures (examples/capture-series.sh): each leak is found within the first 4
/// snapshots at the right function, and the healthy twins (a bounded cache that fills and plateaus, heavy churn,
/// goroutines that finish; three independent captures each) give no finding over any prefix of their series.
/// </summary>
public sealed class CapturedSeriesTests
{
    public static TheoryData<string> Healthy => new()
    {
        "boundedcache-series-1", "boundedcache-series-2", "boundedcache-series-3",
        "churn-series-1", "churn-series-2", "churn-series-3",
        "goroutinefinish-series-1", "goroutinefinish-series-2", "goroutinefinish-series-3",
    };

    public static TheoryData<int> Prefixes => new() { 4, 5, 6, 7, 8 };

    [Theory]
    [MemberData(nameof(Prefixes))]
    public void Map_leak_is_found_at_record_session(int snapshots)
    {
        var report = Analyze("leakymap-series", snapshots);
        var heap = Assert.Single(report.Findings, f => f.Kind == LeakKind.Heap);
        Assert.Equal("main.recordSession", heap.Site);
        Assert.Equal("gomem.example/examples/leakymap/main.go", heap.File);
        Assert.Equal(52, heap.Line);
        Assert.Equal("main.work", heap.Stack[1].Function);
        Assert.True(heap.Objects!.SlopePerMinute > 0);
        Assert.True(heap.Trend.PValue <= 0.05);
        Assert.Contains(report.Findings, f => f is { Kind: LeakKind.Process, Metric: "live_heap" });
        Assert.DoesNotContain(report.Findings, f => f.Kind == LeakKind.Goroutine);
    }

    [Theory]
    [MemberData(nameof(Prefixes))]
    public void Goroutine_leak_is_found_at_wait_for_reply(int snapshots)
    {
        var report = Analyze("goroutineleak-series", snapshots);
        var group = Assert.Single(report.Findings, f => f.Kind == LeakKind.Goroutine);
        Assert.Equal("main.waitForReply", group.Site);
        Assert.Equal(46, group.Line);
        Assert.Equal("goroutines", group.Unit);
        Assert.Equal(50, group.Trend.FirstValue);
        Assert.Equal(50 * snapshots, group.Trend.LastValue);
        Assert.Contains(report.Findings, f => f is { Kind: LeakKind.Process, Metric: "goroutines" });
    }

    /// <summary>goroutineleak-debug2-series keeps ?debug=2 dumps: the finding carries states, wait minutes and the creator.</summary>
    [Theory]
    [MemberData(nameof(Prefixes))]
    public void Goroutine_leak_from_debug2_dumps_has_state_wait_and_creator(int snapshots)
    {
        var report = Analyze("goroutineleak-debug2-series", snapshots);
        var group = Assert.Single(report.Findings, f => f.Kind == LeakKind.Goroutine);
        Assert.Equal("main.waitForReply", group.Site);
        Assert.Equal([new GoMem.Goroutines.StateCount("chan receive", 50 * snapshots)], group.States);
        Assert.Equal(new GoMem.Goroutines.GoroutineFrame("main.work", "gomem.example/examples/goroutineleak/main.go", 57), group.CreatedBy);
        if (snapshots == 8)
        {
            Assert.Equal(1, group.MaxWaitMinutes);
        }
    }

    /// <summary>cgoleak-series: C.malloc'd memory grows 10 MiB a snapshot; RSS is the only figure that shows it.</summary>
    [Theory]
    [MemberData(nameof(Prefixes))]
    public void Cgo_leak_is_found_in_rss_alone(int snapshots)
    {
        var report = Analyze("cgoleak-series", snapshots);
        var rss = Assert.Single(report.Findings);
        Assert.Equal(("rss", LeakKind.Process), (rss.Metric, rss.Kind));
        // 20 requests of 512 KiB each per snapshot, plus a little Go growth: 10 to 13 MiB a step.
        Assert.InRange(rss.Trend.LastValue - rss.Trend.FirstValue, (snapshots - 1) * 10L << 20, (snapshots - 1) * 13L << 20);
        Assert.Contains(report.Notes, n => n.StartsWith("RSS grows but the live Go heap does not", StringComparison.Ordinal));
    }

    [Fact]
    public void Three_snapshots_are_never_enough_to_call_a_leak()
    {
        Assert.Empty(Analyze("leakymap-series", 3).Findings);
    }

    [Theory]
    [MemberData(nameof(Healthy))]
    public void Healthy_series_give_no_finding_over_any_prefix(string series)
    {
        for (var snapshots = 4; snapshots <= 8; snapshots++)
        {
            var report = Analyze(series, snapshots);
            Assert.True(report.Findings.Count == 0, $"{series}, first {snapshots}: {string.Join("; ", report.Findings.Select(f => $"{f.Kind} {f.Site} {f.Trend}"))}");
        }
    }

    internal static LeakReport Analyze(string series, int snapshots, LeakOptions? options = null)
    {
        var dir = Path.Combine(RepoPaths.TestData, series);
        var files = Directory.EnumerateFiles(dir).Where(f => SnapshotLoader.SnapshotKey(f).Number is { } n && n <= snapshots).ToList();
        var loaded = SnapshotLoader.Load(files);
        Assert.Empty(loaded.Skipped);
        Assert.Equal(snapshots, loaded.Snapshots.Count);
        return LeakAnalysis.Analyze(SeriesAnalysis.Analyze(loaded.Snapshots), options ?? new LeakOptions(), loaded.Skipped);
    }
}
