using GoMem.Findings;
using GoMem.Gc.Model;

namespace GoMem.Gc.Analysis;

/// <summary>Stop-the-world pauses (sweep termination + mark termination of each cycle), in seconds.</summary>
public sealed record PauseSummary(int Count, double P50Seconds, double P90Seconds, double P99Seconds, double MaxSeconds, double TotalSeconds, long MaxCycle);

/// <summary>Concurrent mark wall time per cycle, in seconds.</summary>
public sealed record MarkSummary(double TotalSeconds, double P50Seconds, double MaxSeconds);

/// <summary>GC CPU by phase, in CPU-seconds, and the share of mark work done by mutator assists.</summary>
public sealed record GcCpuSplit(
    double SweepTerminationSeconds,
    double AssistSeconds,
    double BackgroundSeconds,
    double IdleSeconds,
    double MarkTerminationSeconds,
    double AssistFraction);

/// <summary>GC CPU fraction over one stretch of the trace.</summary>
public sealed record GcCpuWindow(double StartSeconds, double EndSeconds, double Fraction);

/// <summary>Heap sizes across the cycles, in bytes (the runtime reports whole MiB); no goal when the GC was off throughout.</summary>
public sealed record HeapSummary(
    long PeakHeapBytes,
    long? PeakGoalBytes,
    long MedianStartBytes,
    long MedianEndOfMarkBytes,
    long MedianLiveBytes,
    long? MaxStacksBytes,
    long? MaxGlobalsBytes);

/// <summary>
/// The live heap over time: a steady rise is the signature of a leak. The slope and growth are measured over the
/// later half of the cycles (<see cref="WindowSeconds"/>), net of the allocation during each mark; the p-value is the
/// one-sided Mann–Kendall test for an upward trend there.
/// </summary>
public sealed record LiveHeapTrend(long FirstBytes, long LastBytes, double SlopeBytesPerMinute, double WindowSeconds, double GrowthFraction, double? PValue, bool Growing);

/// <summary>
/// GOGC and GOMEMLIMIT as the trace's goals reveal them: GOGC from goal = live + (live + roots) × GOGC/100 on the
/// cycles the limit did not steer, and the limit-steered cycles recognised by goals held under a ceiling; and the
/// cycles that had no goal at all (the GC off: GOGC=off without a memory limit, only forced or periodic cycles).
/// </summary>
public sealed record InferredSettings(double? Gogc, int LimitBoundCycles, long? LimitHeapGoalBytes, int GcOffCycles = 0);

/// <summary>One cycle on the timeline of the HTML report (seconds since the first cycle of the first run).</summary>
public readonly record struct GcTimelinePoint(long Number, double Seconds, long HeapStartBytes, long HeapEndBytes, long LiveBytes, long? GoalBytes, double PauseMs, int RuntimePercent, bool Forced);

/// <summary>What <c>gomem gc stats</c> reports: one record for the text, JSON and HTML outputs alike.</summary>
public sealed record GcStatsReport(
    IReadOnlyList<string> Sources,
    int RunCount,
    int GcCount,
    int ForcedCount,
    int PeriodicCount,
    int Procs,
    double WallSeconds,
    double? GcPerMinute,
    PauseSummary Pauses,
    MarkSummary ConcurrentMark,
    GcCpuSplit Cpu,
    double? GcCpuFraction,
    int RuntimeReportedPercent,
    IReadOnlyList<GcCpuWindow> GcCpuOverTime,
    HeapSummary Heap,
    LiveHeapTrend LiveHeap,
    InferredSettings Inferred,
    IReadOnlyList<Finding> Findings,
    GcTraceNoise Noise,
    long UnparsedCount,
    IReadOnlyList<UnparsedGcLine> Unparsed,
    IReadOnlyList<GcTimelinePoint> Timeline);
