namespace GoMem.Gc.Model;

/// <summary>Why a cycle ran: the heap reached its trigger, a <c>runtime.GC()</c> call, or the 2-minute periodic GC.</summary>
public enum GcTrigger
{
    Heap,
    Forced,
    Periodic,
}

/// <summary>
/// One GC cycle as a <c>GODEBUG=gctrace=1</c> line reports it. Heap figures are in bytes (the runtime prints whole
/// MiB, so each is ±0.5 MiB); times are milliseconds as printed. Stacks and globals are absent (null) before Go 1.18.
/// The goal is unsigned: with the GC off (GOGC=off, no memory limit) the runtime's goal is "infinite", printed as about
/// 2^63 bytes since Go 1.19 and 2^64 − 1 before; <see cref="HasGoal"/> tells such a cycle.
/// </summary>
public readonly record struct GcCycle(
    long Number,
    double StartSeconds,
    int CpuPercentSinceStart,
    double SweepTerminationMs,
    double ConcurrentMarkMs,
    double MarkTerminationMs,
    double SweepTerminationCpuMs,
    double AssistCpuMs,
    double BackgroundCpuMs,
    double IdleCpuMs,
    double MarkTerminationCpuMs,
    long HeapStartBytes,
    long HeapEndBytes,
    long LiveBytes,
    ulong GoalBytes,
    long? StacksBytes,
    long? GlobalsBytes,
    int Procs,
    GcTrigger Trigger,
    long LineNumber)
{
    /// <summary>A goal at or beyond this (4 EiB, more than any machine's memory) is no goal: the GC was off.</summary>
    public const ulong UnboundedGoalBytes = 1UL << 62;

    /// <summary>False when the GC was off (GOGC=off without a memory limit): only forced and periodic cycles ran.</summary>
    public bool HasGoal => GoalBytes < UnboundedGoalBytes;

    /// <summary>Stop-the-world time: sweep termination plus mark termination (wall clock).</summary>
    public double PauseMs => SweepTerminationMs + MarkTerminationMs;

    /// <summary>Mark CPU of every kind (assist, background, idle).</summary>
    public double MarkCpuMs => AssistCpuMs + BackgroundCpuMs + IdleCpuMs;

    /// <summary>
    /// The CPU the runtime charges to the GC, as in its own GC CPU fraction: idle marking is left out because it
    /// only uses processors that had nothing else to do.
    /// </summary>
    public double ChargedCpuMs => SweepTerminationCpuMs + AssistCpuMs + BackgroundCpuMs + MarkTerminationCpuMs;

    /// <summary>Wall time from the start of the cycle to the end of mark termination.</summary>
    public double DurationMs => SweepTerminationMs + ConcurrentMarkMs + MarkTerminationMs;

    /// <summary>The roots besides the heap that the cycle scanned (0 where the trace predates Go 1.18).</summary>
    public long RootBytes => (StacksBytes ?? 0) + (GlobalsBytes ?? 0);
}
