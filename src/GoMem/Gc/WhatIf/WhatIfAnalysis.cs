using GoMem.Gc.Analysis;
using GoMem.Gc.Model;
using GoMem.Output.Text;

namespace GoMem.Gc.WhatIf;

/// <summary>
/// What <c>gomem gc whatif</c> reports. No backtest when the trace had no paced cycle (the GC off, every cycle forced by
/// the program): the replay models the pacer, not a program's own runtime.GC() calls.
/// </summary>
public sealed record WhatIfReport(
    IReadOnlyList<string> Sources,
    InferredSettings Baseline,
    SimulationResult Observed,
    SimulationResult? Backtest,
    PacerSettings Settings,
    SimulationResult Predicted,
    SimulationResult PredictedLow,
    SimulationResult PredictedHigh,
    WorkloadModel Workload,
    IReadOnlyList<string> Assumptions);

/// <summary>What a trace teaches once, to replay under as many settings as wanted: the workload and the statistics.</summary>
public sealed record WhatIfBaseline(GcTrace Trace, WorkloadModel Workload, GcStatsReport Stats)
{
    public static WhatIfBaseline Analyze(GcTrace trace) => new(trace, WorkloadModel.FromTrace(trace), GcStatsAnalysis.Analyze(trace));
}

/// <summary>Recovers the workload from a trace and replays it under other settings, with a range and a backtest.</summary>
public static class WhatIfAnalysis
{
    public static WhatIfReport Analyze(GcTrace trace, PacerSettings settings) => Analyze(WhatIfBaseline.Analyze(trace), settings);

    /// <summary>One prediction from a baseline learnt once (gc tune replays eight candidates on the same trace).</summary>
    public static WhatIfReport Analyze(WhatIfBaseline baseline, PacerSettings settings)
    {
        var (trace, learnt, stats) = baseline;

        // The count decides how extreme a mark the run is likely to meet, and so which quantile the peak follows.
        var workload = learnt.ForPeakOver(PacerSimulator.Run(learnt, settings, learnt.EndOfMarkOverGoalMedian, learnt.EndOfMarkOverGoalMedian).GcCount);
        var central = PacerSimulator.Run(workload, settings, workload.EndOfMarkOverGoalMedian, workload.EndOfMarkOverGoalMedian);
        var low = PacerSimulator.Run(workload with { MarkAllocationPerMarkedByte = workload.MarkAllocationPerMarkedByte * 0.5, MarkAllocationPerMarkedByteHigh = workload.MarkAllocationPerMarkedByte }, WithNonHeapTimes(settings, 0.75), workload.EndOfMarkOverGoalMedian, workload.EndOfMarkOverGoalMedian);
        var high = PacerSimulator.Run(workload with { MarkAllocationPerMarkedByte = workload.MarkAllocationPerMarkedByte * 1.5, MarkAllocationPerMarkedByteHigh = workload.MarkAllocationPerMarkedByteHigh * 1.25, OvershootBytesHigh = workload.OvershootBytesHigh * 1.25 }, WithNonHeapTimes(settings, 1.25), workload.EndOfMarkOverGoalMedian, workload.EndOfMarkOverGoalHigh * 1.05);
        var baselineSettings = new PacerSettings(stats.Inferred.Gogc, null, null, settings.Workload);
        SimulationResult? backtest = learnt.PacedCycles > 0 ? PacerSimulator.Run(learnt.ForPeakOver(learnt.Cycles), baselineSettings, workload.EndOfMarkOverGoalMedian, workload.EndOfMarkOverGoalHigh) : null;
        var observed = new SimulationResult(workload.Cycles, stats.Heap.PeakHeapBytes, stats.GcCpuFraction ?? 0, stats.Pauses.TotalSeconds, stats.Inferred.LimitBoundCycles, 0, false);
        return new WhatIfReport(trace.Sources, stats.Inferred, observed, backtest, settings, central, Lower(Lower(low, high), central), Upper(Upper(low, high), central), workload, Assumptions(settings, central, trace, learnt));
    }

    /// <summary>
    /// The settings with the estimated non-heap memory scaled, for the range: under a limit it decides the goal, and the
    /// runs it was estimated from put it within a quarter of the estimate. A measured figure (--non-heap, --vars) stays.
    /// </summary>
    private static PacerSettings WithNonHeapTimes(PacerSettings s, double factor) => s is { MemoryLimitBytes: { } limit, NonHeapBytes: null }
        ? s with { NonHeapBytes = (long)(PacerSettings.EstimatedNonHeap(limit) * factor) }
        : s;

    /// <summary>What the prediction takes for granted, in the words a reader needs to judge it.</summary>
    private static List<string> Assumptions(PacerSettings s, SimulationResult central, GcTrace trace, WorkloadModel learnt)
    {
        var notes = new List<string>
        {
            "The program does the same work: the same allocation, and the same live heap at each point of it; only the collector's settings change.",
            s is { MemoryLimitBytes: not null, NonHeapBytes: null }
                ? "Heap sizes are the trace's whole MiB (each ±0.5 MiB); the range reflects how much the program allocated during marks (half to 1.5× the typical), where marks ended against the goal, and the runtime's memory outside the heap (the estimate ±25%)."
                : "Heap sizes are the trace's whole MiB (each ±0.5 MiB); the range reflects how much the program allocated during marks (half to 1.5× the typical) and where marks ended against the goal.",
            s.Workload == WorkloadKind.Service
                ? "Service: the wall time stays as traced and the GC's CPU comes out of idle capacity (use --workload batch for a CPU-bound job, whose run time stretches instead)."
                : "Batch: the program is CPU-bound, so GC CPU adds to its run time.",
        };
        if (s.MemoryLimitBytes is not null)
        {
            notes.Add(s.NonHeapBytes is { } nonHeap
                ? $"Runtime memory outside the heap under the limit: {HumanText.Bytes(nonHeap)} (given with --non-heap, or measured with --vars)."
                : $"Runtime memory the limit counts outside heap objects (GC metadata, spans, stacks, free slots in spans in use) estimated at {HumanText.Bytes((long)PacerSettings.EstimatedNonHeap(s.MemoryLimitBytes.Value))}: {HumanText.Bytes((long)PacerSettings.NonHeapFloorBytes)} plus {PacerSettings.NonHeapPerHeapByte:0%} of the heap the limit leaves, as Go 1.19 measured; give --non-heap (or --vars) for a measured figure.");
            notes.Add(s.GoMinor is < 21
                ? $"The limit's heap goal follows Go 1.{s.GoMinor} (1 MiB of headroom; Go 1.21 and later keep 3%)."
                : "The limit's heap goal follows current Go (3% headroom); Go 1.19–1.20 kept 1 MiB, a goal up to 3% higher (say --go 1.20).");
        }

        if (central.LimiterCycles > 0)
        {
            notes.Add($"In {central.LimiterCycles} cycles holding the limit would cost more than half the CPU: the runtime's GC CPU limiter then lets the heap pass the limit.");
        }

        if (central.Unbounded)
        {
            notes.Add("GOGC=off without a memory limit: no collection ever runs, so the heap holds everything the program allocates.");
        }

        if (learnt.PacedCycles == 0)
        {
            notes.Add($"The trace has no paced cycle: the GC was off and all {learnt.Cycles} cycles were forced by the program (runtime.GC()), so the workload comes from them, marks are taken to end at their goal, and there is no backtest; the program's own forced cycles are not replayed.");
        }

        if (trace.Runs.Count > 1)
        {
            notes.Add($"The trace holds {trace.Runs.Count} runs; the workload was learned from the longest.");
        }

        return notes;
    }

    private static SimulationResult Lower(SimulationResult a, SimulationResult b) => a with
    {
        GcCount = Math.Min(a.GcCount, b.GcCount),
        PeakHeapBytes = Math.Min(a.PeakHeapBytes, b.PeakHeapBytes),
        GcCpuFraction = Math.Min(a.GcCpuFraction, b.GcCpuFraction),
        TotalStwSeconds = Math.Min(a.TotalStwSeconds, b.TotalStwSeconds),
    };

    private static SimulationResult Upper(SimulationResult a, SimulationResult b) => a with
    {
        GcCount = Math.Max(a.GcCount, b.GcCount),
        PeakHeapBytes = Math.Max(a.PeakHeapBytes, b.PeakHeapBytes),
        GcCpuFraction = Math.Max(a.GcCpuFraction, b.GcCpuFraction),
        TotalStwSeconds = Math.Max(a.TotalStwSeconds, b.TotalStwSeconds),
    };
}
