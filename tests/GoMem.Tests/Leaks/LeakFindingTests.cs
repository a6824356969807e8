using GoMem.Findings;
using GoMem.Leaks;

namespace GoMem.Tests.Leaks;

/// <summary>A leak states itself as the shared <see cref="Finding"/>: on the real captures, code, severity and title.</summary>
public sealed class LeakFindingTests
{
    [Fact]
    public void A_heap_site_and_the_live_heap_are_heap_leaks()
    {
        var report = CapturedSeriesTests.Analyze("leakymap-series", 8);

        var site = report.Findings.Single(f => f.Kind == LeakKind.Heap).ToFinding();
        Assert.Equal(("heap-leak", Severity.Warning), (site.Code, site.Severity));
        Assert.Equal("Heap in use at main.recordSession grows by 7.43MB/min", site.Title);
        Assert.Contains("Look at gomem.example/examples/leakymap/main.go:52.", site.Detail, StringComparison.Ordinal);

        var process = report.Findings.Single(f => f.Metric == "live_heap").ToFinding();
        Assert.Equal(("heap-leak", Severity.Warning), (process.Code, process.Severity));
        Assert.Equal("Process live heap grows by 7.56MB/min", process.Title);
    }

    [Fact]
    public void A_goroutine_group_and_the_goroutine_count_are_goroutine_leaks()
    {
        var report = CapturedSeriesTests.Analyze("goroutineleak-series", 8);

        var group = report.Findings.Single(f => f.Kind == LeakKind.Goroutine).ToFinding();
        Assert.Equal(("goroutine-leak", Severity.Warning), (group.Code, group.Severity));
        Assert.Equal("Goroutines at main.waitForReply grow by 327.3/min", group.Title);
        Assert.StartsWith("From 50 to 400 across the snapshots.", group.Detail, StringComparison.Ordinal);

        var process = report.Findings.Single(f => f is { Kind: LeakKind.Process, Metric: "goroutines" }).ToFinding();
        Assert.Equal(("goroutine-leak", Severity.Warning), (process.Code, process.Severity));
        Assert.Equal("Process goroutine count grows by 327.3/min", process.Title);
    }

    [Fact]
    public void Rss_that_grows_alone_is_rss_growth()
    {
        var rss = Assert.Single(CapturedSeriesTests.Analyze("cgoleak-series", 8).Findings).ToFinding();

        Assert.Equal(("rss-growth", Severity.Warning), (rss.Code, rss.Severity));
        Assert.Equal("Process RSS grows by 150.66MB/min", rss.Title);
    }

    [Fact]
    public void A_leak_over_the_limit_is_critical()
    {
        var report = CapturedSeriesTests.Analyze("leakymap-series", 8, new LeakOptions { LimitBytes = 1 << 20 });

        var site = report.Findings.Single(f => f.Kind == LeakKind.Heap).ToFinding();
        Assert.Equal(("heap-leak", Severity.Critical), (site.Code, site.Severity));
        Assert.EndsWith("Already over --limit.", site.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_leak_far_from_the_limit_stays_a_warning()
    {
        var report = CapturedSeriesTests.Analyze("leakymap-series", 8, new LeakOptions { LimitBytes = 1L << 40 });

        var site = report.Findings.Single(f => f.Kind == LeakKind.Heap).ToFinding();
        Assert.Equal(Severity.Warning, site.Severity);
        Assert.Contains("Reaches --limit in about ", site.Detail, StringComparison.Ordinal);
    }
}
