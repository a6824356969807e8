using GoMem.Monitoring.Analysis;

namespace GoMem.Tests.Monitoring.Analysis;

public sealed class RestartDetectionTests
{
    private static readonly ProcessIdentity Running = new(1_764_849_600, 120, 9_000_000);

    [Fact]
    public void The_first_cycle_of_a_target_is_no_restart() => Assert.Null(RestartDetection.Analyze(null, Running));

    [Fact]
    public void Growing_counters_and_the_same_start_time_are_the_same_process() =>
        Assert.Null(RestartDetection.Analyze(Running, Running with { NumGc = 121, TotalAllocBytes = 9_500_000 }));

    [Fact]
    public void A_new_start_time_is_a_restart_even_when_counters_grew_past_the_old_ones()
    {
        var why = RestartDetection.Analyze(Running, Running with { StartTimeSeconds = 1_764_853_200, NumGc = 500 });
        Assert.Equal("process start time changed (2025-12-04T12:00:00Z → 2025-12-04T13:00:00Z)", why);
    }

    [Theory]
    [InlineData(3L, 9_500_000L, "GC count went back from 120 to 3")]
    [InlineData(125L, 4_000L, "bytes allocated since start went back from 9000000 to 4000")]
    public void A_counter_that_goes_back_is_a_restart_when_no_start_time_is_served(long numGc, long totalAlloc, string expected)
    {
        var before = Running with { StartTimeSeconds = null };
        Assert.Equal(expected, RestartDetection.Analyze(before, before with { NumGc = numGc, TotalAllocBytes = totalAlloc }));
    }

    [Fact]
    public void A_new_pid_is_a_restart() =>
        Assert.Equal("pid changed (41 → 42)", RestartDetection.Analyze(Running with { Pid = 41 }, Running with { Pid = 42 }));

    [Fact]
    public void Unknown_figures_never_claim_a_restart() =>
        Assert.Null(RestartDetection.Analyze(new ProcessIdentity(null, null, null), new ProcessIdentity(null, 5, null)));
}
