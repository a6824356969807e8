namespace GoMem.Gc.WhatIf;

/// <summary>How the program's time behaves when the GC takes more or less CPU.</summary>
public enum WorkloadKind
{
    /// <summary>A service at a steady load: wall time is fixed, GC CPU comes out of idle capacity.</summary>
    Service,

    /// <summary>A CPU-bound job: the GC's CPU adds to the run time.</summary>
    Batch,
}

/// <summary>
/// The settings a what-if simulates: GOGC (null = off), GOMEMLIMIT, the non-heap memory under the limit, and the Go
/// release whose pacer runs them (its minor version, e.g. 19 for Go 1.19; null = current Go).
/// </summary>
public sealed record PacerSettings(double? Gogc, long? MemoryLimitBytes, long? NonHeapBytes, WorkloadKind Workload, int? GoMinor = null)
{
    /// <summary>The first Go release with a memory limit (Go 1.19).</summary>
    public const int FirstGoMinorWithMemoryLimit = 19;

    /// <summary>The runtime's minimum heap goal at GOGC=100 (4 MiB), scaled by GOGC.</summary>
    public const double HeapMinimumBytes = 4L << 20;

    /// <summary>The share of the limit <c>gc tune</c> reserves for runtime memory outside the heap when nothing measured it.</summary>
    public const double DefaultNonHeapFraction = 0.10;

    /// <summary>Runtime memory outside heap objects that does not grow with the heap (see <see cref="EstimatedNonHeap"/>).</summary>
    public const double NonHeapFloorBytes = 14L << 20;

    /// <summary>Runtime memory outside heap objects per byte of heap (see <see cref="EstimatedNonHeap"/>).</summary>
    public const double NonHeapPerHeapByte = 0.08;

    /// <summary>
    /// What the memory limit counts besides heap objects when nothing measured it. Go 1.19's memoryLimitHeapGoal
    /// subtracts all mapped memory that is neither heap objects nor free pages: GC metadata (2 MiB of bitmap per 64 MiB
    /// arena, and the page allocator's index from the start), span structures, stacks, and the free slots of spans in
    /// use. That is a floor plus a share of the heap the limit leaves, N = F + k·(limit − N): on Go 1.19 (runtime/metrics
    /// and the goals printed at 60–400 MiB limits) the goal at the end of a mark sat about 14 MiB + 8% of it below the
    /// limit. 10% of the limit, assumed before, is 6–12 MiB short below 150 MiB.
    /// </summary>
    public static double EstimatedNonHeap(double limit) => Math.Min(limit, (NonHeapFloorBytes + (NonHeapPerHeapByte * limit)) / (1 + NonHeapPerHeapByte));

    /// <summary>
    /// The GC CPU limiter's leaky bucket (runtime: capacityPerProc, 1 s per P): it fills with GC CPU time and drains with
    /// the program's, and while it is full assists stop and the heap may pass the goal. It caps GC CPU at about half.
    /// </summary>
    public const double CpuLimiterBucketSecondsPerProc = 1.0;

    /// <summary>
    /// The share of what the program allocates that goes into the slots the sweeper freed in spans still in use (the
    /// rest takes free pages). Under a memory limit those slots count against the limit until they are reused, so the
    /// goal the trigger sees is lower than the goal at the end of the mark by this share of the mark's allocation.
    /// Measured on Go 1.19 (runtime/metrics: heap objects rise by about twice what /memory/classes/heap/unused falls).
    /// </summary>
    public const double FreedSlotReuse = 0.4;

    /// <summary>A mark that starts past its goal is paced to end this far beyond it (runtime: maxOvershoot).</summary>
    public const double MaxOvershoot = 1.1;

    /// <summary>The pacer's lowest trigger, as a share of the way from the marked heap to the goal (runtime: 45/64).</summary>
    public const double MinTriggerFraction = 45.0 / 64;

    /// <summary>The pacer's highest trigger for small heaps (runtime: 61/64); large goals allow up to goal − 4 MiB.</summary>
    public const double MaxTriggerFraction = 61.0 / 64;

    /// <summary>The memory limit's headroom under the goal: 3% of it, at least 1 MiB, from Go 1.21; 1 MiB before.</summary>
    public double LimitHeadroom(double goal) => GoMinor is < 21 ? 1L << 20 : Math.Max(goal * 0.03, 1L << 20);
}
