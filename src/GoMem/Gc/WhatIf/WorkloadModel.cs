using GoMem.Gc.Model;
using GoMem.IO;
using GoMem.Statistics;

namespace GoMem.Gc.WhatIf;

/// <summary>
/// What a program did, recovered from one run of its gctrace, independently of the GC settings it ran under:
/// how much it allocated (cumulative, cycle by cycle), what stayed live as a function of that progress, its roots,
/// how much it allocates while a mark runs per byte marked (typical, and high: the peak heap follows the cycles that
/// marked longest; <see cref="MarkAllocationRatios"/> keeps every cycle's ratio, sorted, for <see cref="ForPeakOver"/>),
/// how far past its goal each paced mark ran, in bytes (<see cref="Overshoots"/>, sorted; under a memory limit the
/// peak is the goal plus the high quantile of it, <see cref="OvershootBytesHigh"/>), what marking costs per byte, and
/// its own CPU. <see cref="PacedCycles"/> counts the cycles the pacer started (the
/// heap reached its goal): with the GC off every cycle is forced, and how marks end against a goal is not seen.
/// Heap figures are the trace's whole MiB.
/// </summary>
public sealed record WorkloadModel(
    IReadOnlyList<double> CumulativeAllocation,
    IReadOnlyList<double> RetainedLive,
    double TotalAllocationBytes,
    double RootBytes,
    double MarkAllocationPerMarkedByte,
    double MarkAllocationPerMarkedByteHigh,
    IReadOnlyList<double> MarkAllocationRatios,
    IReadOnlyList<double> Overshoots,
    double OvershootBytesHigh,
    double EndOfMarkOverGoalMedian,
    double EndOfMarkOverGoalHigh,
    double MarkCpuSecondsPerByte,
    double StwCpuSecondsPerCycle,
    double PauseSecondsPerCycle,
    double MutatorCpuSeconds,
    double WallSeconds,
    int Procs,
    int Cycles,
    int PacedCycles)
{
    /// <summary>The live heap once the program has allocated <paramref name="allocated"/> bytes (linear between cycles).</summary>
    public double LiveAt(double allocated)
    {
        var a = CumulativeAllocation;
        if (allocated <= a[0])
        {
            return a[0] <= 0 ? RetainedLive[0] : RetainedLive[0] * Math.Max(0, allocated) / a[0];
        }

        if (allocated >= a[^1])
        {
            return RetainedLive[^1];
        }

        var high = 1;
        var low = 0;
        var hi = a.Count - 1;
        while (low <= hi)
        {
            var mid = (low + hi) / 2;
            if (a[mid] < allocated)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
                hi = mid - 1;
            }
        }

        var before = high - 1;
        var t = (allocated - a[before]) / (a[high] - a[before]);
        return RetainedLive[before] + ((RetainedLive[high] - RetainedLive[before]) * t);
    }

    /// <summary>
    /// The same workload, its high mark allocation set for a run of <paramref name="cycles"/> cycles: the peak heap
    /// follows the longest mark among them, whose expected rank among n draws is the n/(n+1) quantile. A short run
    /// (GOGC=400: a dozen cycles) sees fewer extreme marks than a long one.
    /// </summary>
    public WorkloadModel ForPeakOver(int cycles)
    {
        if (MarkAllocationRatios.Count == 0 || cycles < 1)
        {
            return this;
        }

        var p = cycles / (cycles + 1.0);
        var sorted = MarkAllocationRatios as double[] ?? [.. MarkAllocationRatios];
        var overshoots = Overshoots as double[] ?? [.. Overshoots];
        return this with
        {
            MarkAllocationPerMarkedByteHigh = Quantiles.OfSorted(sorted, p),
            OvershootBytesHigh = OvershootHigh(overshoots, p),
        };
    }

    /// <summary>
    /// How far past its goal a mark runs at quantile <paramref name="p"/>, at least 0. The trace's single largest overrun
    /// is left out when there are three or more: in a trace of a few dozen cycles it is typically one mark the machine
    /// descheduled, and a long replay's quantile lies beyond the sample, where it would set the peak of every prediction.
    /// </summary>
    private static double OvershootHigh(double[] sorted, double p) => sorted.Length switch
    {
        0 => 0,
        < 3 => Math.Max(0, Quantiles.OfSorted(sorted, p)),
        _ => Math.Max(0, Quantiles.OfSorted(sorted.AsSpan(0, sorted.Length - 1).ToArray(), p)),
    };

    /// <summary>Recovers the workload from the longest run of a trace (a restart would mix two programs' histories).</summary>
    /// <summary>The fewest cycles in one run that a replay can learn a workload from.</summary>
    public const int MinCycles = 4;

    public static WorkloadModel FromTrace(GcTrace trace)
    {
        var run = trace.Runs[0];
        foreach (var candidate in trace.Runs)
        {
            run = candidate.Cycles.Count > run.Cycles.Count ? candidate : run;
        }

        var cycles = run.Cycles;
        if (cycles.Count < MinCycles)
        {
            throw new BadInputException(string.Join(", ", trace.Sources), $"too few GC cycles to replay: a run of at least {MinCycles} is needed to learn the workload from; the longest has {cycles.Count} (capture a longer stretch of the log)");
        }

        var cumulative = new double[cycles.Count];
        var retained = new double[cycles.Count];
        var markRatios = new List<double>();
        var unpacedMarkRatios = new List<double>();
        var endRatios = new List<double>();
        var overshoots = new List<double>();
        double markCpu = 0, markedBytes = 0, stwCpu = 0, pauses = 0, unpacedMarkCpu = 0, unpacedMarkedBytes = 0;
        var roots = new List<double>();
        double charged = 0;
        for (var i = 0; i < cycles.Count; i++)
        {
            var c = cycles[i];
            var live = Mid(c.LiveBytes);
            var start = Mid(c.HeapStartBytes);
            var end = Mid(c.HeapEndBytes);
            var markAllocation = Math.Max(0, end - start);
            // Allocation from the end of the previous mark (when the heap was its live figure) to the end of this one.
            cumulative[i] = i == 0 ? end : cumulative[i - 1] + Math.Max(0, end - Mid(cycles[i - 1].LiveBytes));
            retained[i] = Math.Max(0, live - markAllocation);
            var rootBytes = c.StacksBytes is null ? 0 : c.RootBytes + (1L << 20);
            roots.Add(rootBytes);
            charged += c.ChargedCpuMs / 1000;
            pauses += c.PauseMs / 1000;
            stwCpu += (c.SweepTerminationCpuMs + c.MarkTerminationCpuMs) / 1000;
            if (c.Trigger != GcTrigger.Heap || !c.HasGoal || i == 0)
            {
                // A forced cycle's mark runs alongside the program as a paced one does: what it allocates meanwhile
                // stands in when no cycle was paced (the GC off); where it ends says nothing of a goal.
                if (i > 0)
                {
                    unpacedMarkRatios.Add(markAllocation / (live + rootBytes));
                    unpacedMarkCpu += (c.AssistCpuMs + c.BackgroundCpuMs) / 1000;
                    unpacedMarkedBytes += live + rootBytes;
                }

                continue;
            }

            markRatios.Add(markAllocation / (live + rootBytes));
            endRatios.Add(end / Mid((long)c.GoalBytes));
            overshoots.Add(end - Mid((long)c.GoalBytes));
            markCpu += (c.AssistCpuMs + c.BackgroundCpuMs) / 1000;
            markedBytes += live + rootBytes;
        }

        var paced = endRatios.Count;
        if (paced == 0)
        {
            // No paced cycle (the GC off): marks taken to end at their goal, as the pacer aims them.
            markRatios = unpacedMarkRatios;
            (markCpu, markedBytes) = (unpacedMarkCpu, unpacedMarkedBytes);
            endRatios.Add(1);
        }

        var span = run.SpanSeconds;
        var procs = cycles[^1].Procs;

        // The program kept allocating after its last cycle, until it exited or the log was cut: on average half
        // a cycle's worth (the trace cannot say more).
        var recent = Math.Max(1, cycles.Count / 4);
        var tail = (cumulative[^1] - cumulative[^(recent + 1)]) / recent / 2;
        return new WorkloadModel(
            cumulative,
            retained,
            cumulative[^1] + tail,
            Median(roots),
            Median(markRatios),
            Quantile(markRatios, 0.9),
            Sorted(markRatios),
            Sorted(overshoots),
            Math.Max(0, Quantile(overshoots, 0.9)),
            Median(endRatios),
            Quantile(endRatios, 0.9),
            // Costs as ratios of totals, not medians: the totals are what GC CPU and STW time add up from.
            markedBytes > 0 ? markCpu / markedBytes : 0,
            stwCpu / cycles.Count,
            pauses / cycles.Count,
            Math.Max(span * procs - charged, span * procs * 0.05),
            span,
            procs,
            cycles.Count,
            paced);
    }

    /// <summary>The runtime prints whole MiB, truncated: half a MiB more is the best estimate of each figure.</summary>
    private static double Mid(long truncatedBytes) => truncatedBytes + (1L << 19);

    private static double[] Sorted(List<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    private static double Median(List<double> values) => Quantile(values, 0.5);

    private static double Quantile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        return Quantiles.OfSorted(sorted, p);
    }
}
