namespace GoMem.Gc.WhatIf;

/// <summary>How the program's time behaves when the GC takes more or less CPU.</summary>
public enum WorkloadKind
{
    /// <summary>A service at a steady load: wall time is fixed, GC CPU comes out of idle capacity.</summary>
    Service,

    /// <summary>A CPU-bound job: the GC's CPU adds to the run time.</summary>
    Batch,
}

/// <summary>The settings a what-if simulates: GOGC (null = off), GOMEMLIMIT, and the non-heap memory under the limit.</summary>
public sealed record PacerSettings(double? Gogc, long? MemoryLimitBytes, long? NonHeapBytes, WorkloadKind Workload)
{
    /// <summary>The runtime's minimum heap goal at GOGC=100 (4 MiB), scaled by GOGC.</summary>
    public const double HeapMinimumBytes = 4L << 20;

    /// <summary>The share of the limit assumed to go to runtime memory outside the heap when nothing measured it.</summary>
    public const double DefaultNonHeapFraction = 0.10;

    /// <summary>The GC CPU limiter's cap: beyond it the runtime lets the heap pass the memory limit.</summary>
    public const double CpuLimiterFraction = 0.5;

    /// <summary>The memory limit's headroom: 3% of the goal, at least 1 MiB (current Go).</summary>
    public static double LimitHeadroom(double goal) => Math.Max(goal * 0.03, 1L << 20);
}
