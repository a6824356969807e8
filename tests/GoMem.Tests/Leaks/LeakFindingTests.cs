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

        var site = Stated(report, f => f.Kind == LeakKind.Heap, "heap-leak", Severity.Warning, "Heap in use at main.recordSession grows by 7.43MB/min");
        Assert.Contains("Look at gomem.example/examples/leakymap/main.go:52.", site.Detail, StringComparison.Ordinal);
        Stated(report, f => f.Metric == "live_heap", "heap-leak", Severity.Warning, "Process live heap grows by 7.56MB/min");
    }

    [Fact]
    public void A_goroutine_group_and_the_goroutine_count_are_goroutine_leaks()
    {
        var report = CapturedSeriesTests.Analyze("goroutineleak-series", 8);

        var group = Stated(report, f => f.Kind == LeakKind.Goroutine, "goroutine-leak", Severity.Warning, "Goroutines at main.waitForReply grow by 327.3/min");
        Assert.StartsWith("From 50 to 400 across the snapshots.", group.Detail, StringComparison.Ordinal);
        Stated(report, f => f is { Kind: LeakKind.Process, Metric: "goroutines" }, "goroutine-leak", Severity.Warning, "Process goroutine count grows by 327.3/min");
    }

    [Fact]
    public void Rss_that_grows_alone_is_rss_growth()
    {
        var report = CapturedSeriesTests.Analyze("cgoleak-series", 8);

        Assert.Single(report.Findings);
        Stated(report, f => f.Metric == "rss", "rss-growth", Severity.Warning, "Process RSS grows by 150.66MB/min");
    }

    [Fact]
    public void A_leak_over_the_limit_is_critical()
    {
        var report = CapturedSeriesTests.Analyze("leakymap-series", 8, new LeakOptions { LimitBytes = 1 << 20 });

        var site = Stated(report, f => f.Kind == LeakKind.Heap, "heap-leak", Severity.Critical, "Heap in use at main.recordSession grows by 7.43MB/min");
        Assert.EndsWith("Already over the memory limit.", site.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_leak_far_from_the_limit_stays_a_warning()
    {
        var report = CapturedSeriesTests.Analyze("leakymap-series", 8, new LeakOptions { LimitBytes = 1L << 40 });

        var site = Stated(report, f => f.Kind == LeakKind.Heap, "heap-leak", Severity.Warning, "Heap in use at main.recordSession grows by 7.43MB/min");
        Assert.Contains("Reaches the memory limit in about ", site.Detail, StringComparison.Ordinal);
    }

    /// <summary>The one leak finding that <paramref name="which"/> picks, as a <see cref="Finding"/> with the code, severity and title given.</summary>
    private static Finding Stated(LeakReport report, Func<LeakFinding, bool> which, string code, Severity severity, string title)
    {
        var finding = Assert.Single(report.Findings, f => which(f)).ToFinding();
        Assert.Equal((code, severity, title), (finding.Code, finding.Severity, finding.Title));
        return finding;
    }
}
