using GoMem.Profiles;
using GoMem.Profiles.Analysis;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Profiles.Analysis;

public sealed class AllocRetentionReportTests
{
    [Fact]
    public void Leaking_map_writer_is_retention()
    {
        var report = AllocRetentionReport.Analyze(ProfileReader.ReadFile(RepoPaths.Scenario("leakymap", "heap.2.pb.gz")), new ReportOptions());
        var row = report.Rows.Single(r => r.Name == "main.recordSession");
        Assert.Equal(MemoryVerdict.Retention, row.Verdict);
        Assert.Equal(report.Rows[0], row);
    }

    [Fact]
    public void Per_request_garbage_is_churn_with_a_huge_ratio()
    {
        var report = AllocRetentionReport.Analyze(ProfileReader.ReadFile(RepoPaths.Scenario("churn", "heap.2.pb.gz")), new ReportOptions());
        var row = report.Rows.Single(r => r.Name == "main.renderReport");
        Assert.Equal(MemoryVerdict.Churn, row.Verdict);
        Assert.True(row.AllocToInuseRatio > AllocRetentionReport.ChurnRatio);
        Assert.DoesNotContain(report.Rows, r => r.Verdict == MemoryVerdict.Retention);
    }

    [Fact]
    public void Values_equal_the_top_report_flat_values_of_each_sample_type()
    {
        var profile = ProfileReader.ReadFile(RepoPaths.Scenario("churn", "heap.2.pb.gz"));
        var report = AllocRetentionReport.Analyze(profile, new ReportOptions());
        var alloc = TopReport.Analyze(profile, new ReportOptions { SampleIndex = "alloc_space", NodeFraction = 0 });
        var inuse = TopReport.Analyze(profile, new ReportOptions { SampleIndex = "inuse_objects", NodeFraction = 0 });
        var row = report.Rows.Single(r => r.Name == "main.renderReport");
        Assert.Equal(alloc.Rows.Single(r => r.Name == row.Name).Flat, row.AllocSpace);
        Assert.Equal(inuse.Rows.Single(r => r.Name == row.Name).Flat, row.InuseObjects);
        Assert.Equal(alloc.Total, report.TotalAllocSpace);
    }

    [Fact]
    public void Profile_without_alloc_types_is_refused()
    {
        var goroutines = ProfileReader.ReadFile(RepoPaths.Scenario("goroutineleak", "goroutine.2.pb.gz"));
        var error = Assert.Throws<GoMem.IO.BadInputException>(() => AllocRetentionReport.Analyze(goroutines, new ReportOptions()));
        Assert.Contains("goroutine", error.Message, StringComparison.Ordinal);
    }
}
