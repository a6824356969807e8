using GoMem.Output.Profiles;
using GoMem.Profiles;
using GoMem.Profiles.Analysis;
using ValueType = GoMem.Profiles.ValueType;

namespace GoMem.Tests.Profiles.Analysis;

/// <summary>
/// The report header as pprof builds it from its merged profile (testdata/handcrafted's goldens check the text; the
/// Time: line, whose layout changed after Go 1.19's pprof, is checked here).
/// </summary>
public sealed class ProfileSummaryTests
{
    private static readonly ValueType Cpu = new("cpu", "nanoseconds");

    [Fact]
    public void Repeated_comments_are_kept_once_in_order_of_first_appearance()
    {
        var profile = Build(["b", "a", "b", "#x", "#x", "a", "c"], time: 100, duration: 10);

        var summary = TopReport.Analyze(profile, new ReportOptions()).Summary;

        Assert.Equal(["b", "a", "#x", "c"], summary.Comments);
    }

    [Fact]
    public void A_diff_header_merges_both_profiles_comments_adds_their_durations_and_keeps_the_earlier_time()
    {
        var newer = Build(["b", "a", "b"], time: 2_000, duration: 10);
        var older = Build(["c", "a", "c", "d"], time: 1_000, duration: 5);

        var summary = TopReport.Analyze(newer, new ReportOptions(), older).Summary;

        Assert.Equal(["b", "a", "c", "d"], summary.Comments);
        Assert.Equal(1_000, summary.TimeNanos);
        Assert.Equal(15, summary.DurationNanos);
    }

    [Theory]
    [InlineData(2_000, 0, 0)] // pprof's merge: a base without a time makes the diff's time zero
    [InlineData(0, 1_000, 1_000)]
    [InlineData(1_000, 2_000, 1_000)]
    public void A_diff_time_is_pprof_merge_of_the_two(long newTime, long baseTime, long expected)
    {
        var summary = TopReport.Analyze(Build([], newTime, 0), new ReportOptions(), Build([], baseTime, 0)).Summary;

        Assert.Equal(expected, summary.TimeNanos);
    }

    [Fact]
    public void A_diff_takes_the_base_default_sample_type_when_the_newer_profile_names_none()
    {
        var newer = Build([], 0, 0, defaultType: "");
        var older = Build([], 0, 0, defaultType: "samples");

        Assert.Equal("samples", TopReport.Analyze(newer, new ReportOptions(), older).Summary.SampleType);
        Assert.Equal("cpu", TopReport.Analyze(newer, new ReportOptions(), newer).Summary.SampleType); // none: the last
        Assert.Equal("cpu", TopReport.Analyze(newer, new ReportOptions { SampleIndex = "cpu" }, older).Summary.SampleType);
    }

    [Fact]
    public void An_empty_sample_type_has_no_type_line()
    {
        var summary = new ProfileSummary("", "", [], "", "count", "", 0, 0);

        Assert.DoesNotContain(PprofLabels.For(summary, 10, "minimum", TimeZoneInfo.Utc), l => l.StartsWith("Type:", StringComparison.Ordinal));
        Assert.Contains("Type: cpu", PprofLabels.For(summary with { SampleType = "cpu" }, 10, "minimum", TimeZoneInfo.Utc));
    }

    private static Profile Build(string[] comments, long time, long duration, string defaultType = "")
    {
        var builder = new ProfileBuilder
        {
            Header = new ProfileHeader { Comments = comments, TimeNanos = time, DurationNanos = duration, DefaultSampleType = defaultType },
        };
        builder.AddSampleType(new ValueType("samples", "count"));
        builder.AddSampleType(Cpu);
        var f = builder.AddFunction(new Function(1, "main.main", "main.main", "main.go", 0));
        var l = builder.AddLocation(new Location(1, -1, 0x1000, [new Line(f, 3, 0)], false));
        builder.AddSample([1, 10_000_000], [l]);
        return builder.Build();
    }
}
