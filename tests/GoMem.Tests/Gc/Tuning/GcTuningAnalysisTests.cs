using GoMem.Gc.Tuning;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Gc.Tuning;

public class GcTuningAdvisorTests
{
    private static readonly TuningEvidence Nothing = new(null, null, null, null, null, null);

    private static ContainerLimits Container(long limit, string? memLimit = null, string? gogc = null, bool envKnown = true, long? request = null, SwapAllowance swap = SwapAllowance.Unknown) =>
        new("c", "test", limit, request, swap, envKnown, memLimit, gogc);

    [Fact]
    public void Without_measurements_GOMEMLIMIT_is_90_percent_of_the_limit_in_whole_MiB()
    {
        var advice = GcTuningAnalysis.Analyze(Container(512L << 20), Nothing, TuningGoal.General);

        Assert.Equal(460L << 20, advice.GoMemLimitBytes);
        Assert.Contains("90%", advice.GoMemLimitRule, StringComparison.Ordinal);
        Assert.Equal(100, advice.Gogc);
    }

    [Fact]
    public void Measured_memory_outside_Go_sets_the_reserve()
    {
        var advice = GcTuningAnalysis.Analyze(Container(1L << 30), Nothing with { NonGoBytes = 200L << 20 }, TuningGoal.General);

        // 200 MiB measured, plus a quarter: 250 MiB kept free of Go.
        Assert.Equal((1L << 30) - (250L << 20), advice.GoMemLimitBytes);
        Assert.Contains("RSS", advice.GoMemLimitRule, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TuningGoal.Latency, 50.0)]
    [InlineData(TuningGoal.Throughput, 200.0)]
    [InlineData(TuningGoal.Batch, 200.0)]
    public void Goals_pick_the_practitioners_GOGC_without_a_trace(TuningGoal goal, double gogc) =>
        Assert.Equal(gogc, GcTuningAnalysis.Analyze(Container(1L << 30), Nothing, goal).Gogc);

    [Fact]
    public void A_batch_job_with_a_small_live_heap_gets_GOGC_off()
    {
        var advice = GcTuningAnalysis.Analyze(Container(1L << 30), Nothing with { LiveHeapBytes = 100L << 20, LiveHeapSource = "test" }, TuningGoal.Batch);

        Assert.Null(advice.Gogc);
    }

    [Fact]
    public void A_trace_picks_GOGC_by_replaying_the_candidates()
    {
        var trace = GcFixtures.Read("steady.log");
        var advice = GcTuningAnalysis.Analyze(Container(1L << 30), Nothing with { Trace = trace }, TuningGoal.Throughput);

        Assert.Equal(GcTuningAnalysis.CandidateGogcs.Length, advice.Candidates.Count);
        var chosen = advice.Candidates.Single(c => c.Gogc == advice.Gogc);
        Assert.True(chosen.Prediction.PeakHeapBytes <= advice.GoMemLimitBytes * 0.9);

        // Nothing that also fits the room is cheaper in GC CPU.
        Assert.DoesNotContain(advice.Candidates, c => c.Gogc is not null && c.Prediction.PeakHeapBytes <= advice.GoMemLimitBytes * 0.9 && c.Prediction.LimiterCycles == 0 && c.Prediction.GcCpuFraction < chosen.Prediction.GcCpuFraction);

        // More room under the limit never picks a smaller GOGC.
        var roomier = GcTuningAnalysis.Analyze(Container(4L << 30), Nothing with { Trace = trace }, TuningGoal.Throughput);
        Assert.True((roomier.Gogc ?? double.MaxValue) >= advice.Gogc!.Value);
    }

    [Fact]
    public void Warns_about_settings_that_end_badly()
    {
        static IEnumerable<string> Codes(ContainerLimits c, TuningEvidence? e = null) => GcTuningAnalysis.Analyze(c, e ?? Nothing, TuningGoal.General).Warnings.Select(w => w.Code);

        Assert.Contains("no-memlimit", Codes(Container(512L << 20)));
        Assert.DoesNotContain("no-memlimit", Codes(Container(512L << 20, envKnown: false)));
        Assert.Contains("memlimit-at-limit", Codes(Container(512L << 20, memLimit: "512MiB")));
        Assert.DoesNotContain("memlimit-at-limit", Codes(Container(512L << 20, memLimit: "450MiB")));
        Assert.Contains("gogc-off-without-limit", Codes(Container(512L << 20, gogc: "off")));
        Assert.Contains("thrash-risk", Codes(Container(512L << 20), Nothing with { LiveHeapBytes = 400L << 20, LiveHeapSource = "test" }));
        Assert.Contains("live-heap-high", Codes(Container(512L << 20), Nothing with { LiveHeapBytes = 250L << 20, LiveHeapSource = "test" }));
        Assert.Contains("swap", Codes(Container(512L << 20, swap: SwapAllowance.Unlimited)));
        Assert.DoesNotContain("swap", Codes(Container(512L << 20, swap: SwapAllowance.None)));
        Assert.Contains("requests-far-below-limits", Codes(Container(512L << 20, request: 100L << 20)));
    }

    [Fact]
    public void No_limit_is_refused()
    {
        Assert.Throws<GoMem.IO.BadInputException>(() => GcTuningAnalysis.Analyze(new ContainerLimits("c", "test", null, null, SwapAllowance.Unknown, false, null, null), Nothing, TuningGoal.General));
    }
}
