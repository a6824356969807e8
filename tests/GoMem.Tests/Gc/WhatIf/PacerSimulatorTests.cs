using GoMem.Gc.WhatIf;

namespace GoMem.Tests.Gc.WhatIf;

/// <summary>
/// The pacer replay's mechanics under a memory limit, on synthetic workloads whose answers follow from Go 1.19's
/// pacer by hand: trigger bounds against the goal the trigger sees, back-to-back cycles once the live heap fills the
/// limit's goal, the CPU limiter's bucket, the non-heap estimate and the peak of a limit-steered run.
/// </summary>
public sealed class PacerSimulatorTests
{
    private const double MiB = 1 << 20;

    /// <summary>A program with a constant live heap, no roots, marks that end at their goal, and no GC CPU to speak of.</summary>
    private static WorkloadModel Steady(double liveMiB, double totalMiB, double markRatio, double overshootMiB = 0) => new(
        CumulativeAllocation: [MiB, totalMiB * MiB],
        RetainedLive: [liveMiB * MiB, liveMiB * MiB],
        TotalAllocationBytes: totalMiB * MiB,
        RootBytes: 0,
        MarkAllocationPerMarkedByte: markRatio,
        MarkAllocationPerMarkedByteHigh: markRatio,
        MarkAllocationRatios: [markRatio],
        Overshoots: [overshootMiB * MiB],
        OvershootBytesHigh: overshootMiB * MiB,
        EndOfMarkOverGoalMedian: 1,
        EndOfMarkOverGoalHigh: 1,
        MarkCpuSecondsPerByte: 1e-15,
        StwCpuSecondsPerCycle: 0,
        PauseSecondsPerCycle: 0,
        MutatorCpuSeconds: 100,
        WallSeconds: 50,
        Procs: 2,
        Cycles: 100,
        PacedCycles: 100);

    /// <summary>
    /// GOGC=100 with a 120 MiB limit less 19 MiB of other memory and Go 1.19's 1 MiB: a 100 MiB goal, below GOGC's
    /// from the second cycle on (the first starts at the 4 MiB minimum).
    /// </summary>
    private static readonly PacerSettings Limit100 = new(100, 120L << 20, 19L << 20, WorkloadKind.Batch, 19);

    /// <summary>The cycles that <paramref name="moreMiB"/> more of the same work adds: the steady state, without the start.</summary>
    private static int MoreCycles(Func<double, WorkloadModel> workload, double totalMiB, double moreMiB) =>
        PacerSimulator.Run(workload(totalMiB + moreMiB), Limit100, 1, 1).GcCount - PacerSimulator.Run(workload(totalMiB), Limit100, 1, 1).GcCount;

    [Fact]
    public void A_mark_under_the_limit_allocates_no_more_than_its_trigger_leaves()
    {
        // Left to the trace's ratio (half of what is marked), a mark would allocate 60 MiB over a 60 MiB live heap, more
        // than the 40 MiB the limit leaves, and the heap would fill the goal. The pacer triggers at 45/64 of the way to
        // the goal it sees, which the freed slots not yet reused hold 0.4 M lower: M = 0.3·(100 − 60 − M)/0.72 gives
        // M = 11.76 MiB, a marked heap of 71.76 MiB, and 28.24 MiB allocated per cycle: 100 cycles per 2824 MiB.
        Assert.InRange(MoreCycles(total => Steady(60, total, 0.5), 1000, 2824), 99, 101);

        var result = PacerSimulator.Run(Steady(60, 2824, 0.5), Limit100, 1, 1);
        Assert.Equal(result.GcCount - 1, result.LimitBoundCycles);
        Assert.Equal(0, result.LimiterCycles);
    }

    [Fact]
    public void A_live_heap_that_fills_the_limits_goal_runs_the_gc_back_to_back()
    {
        // 105 MiB live against a 100 MiB goal: the goal is the marked heap, the next cycle starts at once and its mark
        // ends 10% past it. Marks allocate 5% of the marked heap (5.53 MiB beside 105 MiB, below the 10% they may), so
        // the marked heap settles at 110.53 MiB and each cycle lets the program allocate a tenth of it, 11.05 MiB: 100
        // cycles per 1105 MiB, each ending at 1.1 × 110.53 MiB.
        Assert.InRange(MoreCycles(total => Steady(105, total, 0.05), 1000, 1105), 99, 101);
        Assert.Equal(121.58 * MiB, PacerSimulator.Run(Steady(105, 1105, 0.05), Limit100, 1, 1).PeakHeapBytes, 0.01 * MiB);
    }

    [Fact]
    public void The_cpu_limiter_turns_on_only_after_a_sustained_stretch_of_gc_cpu_above_half()
    {
        // GOGC=100 over a 10 MiB live heap: 10 MiB allocated per cycle, for 0.05 s of program CPU and 0.08 s of GC CPU.
        // The bucket (1 CPU-second per P, 2 s) gains 0.03 s a cycle: 66 cycles leave it short of full, 100 fill it.
        WorkloadModel Costly(double totalMiB) => Steady(10, totalMiB, 0) with
        {
            MarkCpuSecondsPerByte = 0.08 / (10 * MiB),
            MutatorCpuSeconds = 0.05 * totalMiB / 10,
        };
        var gogc100 = new PacerSettings(100, null, null, WorkloadKind.Batch);

        Assert.Equal(0, PacerSimulator.Run(Costly(660), gogc100, 1, 1).LimiterCycles);
        Assert.True(PacerSimulator.Run(Costly(1000), gogc100, 1, 1).LimiterCycles > 0);
    }

    [Fact]
    public void The_peak_under_the_limit_is_its_goal_plus_how_far_marks_ran_past_theirs()
    {
        // The mark of the first test, run 10 MiB past its 100 MiB goal: it started at 88.24 MiB, so the next cycle marks
        // 60 + 21.76 MiB, under the goal, and the peak is 110 MiB.
        var result = PacerSimulator.Run(Steady(60, 2824, 0.5, overshootMiB: 10), Limit100, 1, 1);

        Assert.Equal(110 * MiB, result.PeakHeapBytes, 0.01 * MiB);
    }

    [Fact]
    public void The_overrun_quantile_leaves_out_the_traces_single_largest()
    {
        var model = Steady(60, 2824, 0.5) with { Overshoots = [0, MiB, 2 * MiB, 3 * MiB, 50 * MiB] };

        // Over 100 cycles the 100/101 quantile lies past the sample: the largest of the rest, not the one 50 MiB mark.
        Assert.Equal(3 * MiB, model.ForPeakOver(100).OvershootBytesHigh, 0.05 * MiB);
        Assert.Equal(0, (model with { Overshoots = [-MiB] }).ForPeakOver(100).OvershootBytesHigh);
    }

    [Theory]
    [InlineData(60)]
    [InlineData(119)]
    [InlineData(250)]
    [InlineData(4096)]
    public void The_non_heap_estimate_is_a_floor_plus_a_share_of_the_heap_the_limit_leaves(double limitMiB)
    {
        var limit = limitMiB * MiB;
        var nonHeap = PacerSettings.EstimatedNonHeap(limit);

        Assert.Equal(PacerSettings.NonHeapFloorBytes + (PacerSettings.NonHeapPerHeapByte * (limit - nonHeap)), nonHeap, 1);
    }

    [Fact]
    public void A_limit_below_the_non_heap_floor_leaves_the_heap_the_least_goal()
    {
        Assert.Equal(8 * MiB, PacerSettings.EstimatedNonHeap(8 * MiB));
        Assert.Equal(1 * MiB, PacerSimulator.LimitGoal(new PacerSettings(null, 8L << 20, null, WorkloadKind.Batch, 19)));
    }
}
