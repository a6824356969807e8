namespace GoMem.RuntimeStats.Expvar;

/// <summary>
/// Go's <c>runtime.MemStats</c>, field for field, as <c>/debug/vars</c> serves it under "memstats". Names are Go's
/// so they match the documentation and practitioners' vocabulary; the unit of each is in its doc comment.
/// Go's uint64 fields are <see cref="ulong"/> (not <see cref="long"/>): every value Go can write, including
/// counters past 2^63, is represented exactly and never overflows while parsing. Subtract with care
/// (<c>HeapInuse - HeapAlloc</c> is fine, arbitrary differences may wrap); uint32 fields are <see cref="uint"/>.
/// </summary>
public sealed record MemStats
{
    /// <summary>Bytes of allocated heap objects (same as <see cref="HeapAlloc"/>).</summary>
    public required ulong Alloc { get; init; }

    /// <summary>Cumulative bytes allocated for heap objects since the process started (never decreases).</summary>
    public required ulong TotalAlloc { get; init; }

    /// <summary>Total bytes of memory obtained from the OS (virtual address space reserved by the runtime).</summary>
    public required ulong Sys { get; init; }

    /// <summary>Number of pointer lookups performed by the runtime (always 0 in current Go).</summary>
    public required ulong Lookups { get; init; }

    /// <summary>Cumulative count of heap objects allocated.</summary>
    public required ulong Mallocs { get; init; }

    /// <summary>Cumulative count of heap objects freed.</summary>
    public required ulong Frees { get; init; }

    /// <summary>Bytes of allocated heap objects: live objects plus unswept garbage.</summary>
    public required ulong HeapAlloc { get; init; }

    /// <summary>Bytes of heap memory obtained from the OS.</summary>
    public required ulong HeapSys { get; init; }

    /// <summary>Bytes in idle (unused) heap spans.</summary>
    public required ulong HeapIdle { get; init; }

    /// <summary>Bytes in in-use heap spans; <c>HeapInuse - HeapAlloc</c> is fragmentation in those spans.</summary>
    public required ulong HeapInuse { get; init; }

    /// <summary>Bytes of physical memory returned to the OS (part of <see cref="HeapIdle"/>).</summary>
    public required ulong HeapReleased { get; init; }

    /// <summary>Number of allocated heap objects.</summary>
    public required ulong HeapObjects { get; init; }

    /// <summary>Bytes in stack spans.</summary>
    public required ulong StackInuse { get; init; }

    /// <summary>Bytes of stack memory obtained from the OS.</summary>
    public required ulong StackSys { get; init; }

    /// <summary>Bytes of allocated mspan structures.</summary>
    public required ulong MSpanInuse { get; init; }

    /// <summary>Bytes of memory obtained from the OS for mspan structures.</summary>
    public required ulong MSpanSys { get; init; }

    /// <summary>Bytes of allocated mcache structures.</summary>
    public required ulong MCacheInuse { get; init; }

    /// <summary>Bytes of memory obtained from the OS for mcache structures.</summary>
    public required ulong MCacheSys { get; init; }

    /// <summary>Bytes of memory in profiling bucket hash tables.</summary>
    public required ulong BuckHashSys { get; init; }

    /// <summary>Bytes of memory in garbage collection metadata.</summary>
    public required ulong GCSys { get; init; }

    /// <summary>Bytes of miscellaneous off-heap runtime allocations.</summary>
    public required ulong OtherSys { get; init; }

    /// <summary>Target heap size of the next GC cycle, in bytes (the heap goal).</summary>
    public required ulong NextGC { get; init; }

    /// <summary>When the last GC finished, in nanoseconds since the Unix epoch (0 if no GC has run).</summary>
    public required ulong LastGC { get; init; }

    /// <summary>Cumulative nanoseconds of stop-the-world GC pauses since the program started.</summary>
    public required ulong PauseTotalNs { get; init; }

    /// <summary>
    /// Circular buffer of the 256 most recent stop-the-world pause times, in nanoseconds; the most recent is at
    /// <c>PauseNs[(NumGC+255)%256]</c>. See <see cref="GcPauseHistory"/> for the pauses in order.
    /// </summary>
    public required IReadOnlyList<ulong> PauseNs { get; init; }

    /// <summary>Circular buffer of the 256 most recent pause end times, in Unix nanoseconds; indexed like <see cref="PauseNs"/>.</summary>
    public required IReadOnlyList<ulong> PauseEnd { get; init; }

    /// <summary>Number of completed GC cycles.</summary>
    public required uint NumGC { get; init; }

    /// <summary>Number of GC cycles forced by the application calling <c>runtime.GC</c> (0 before Go 1.8).</summary>
    public required uint NumForcedGC { get; init; }

    /// <summary>Fraction (0..1) of this program's available CPU time used by the GC since the program started.</summary>
    public required double GCCPUFraction { get; init; }

    /// <summary>GC is enabled (always true, even with GOGC=off).</summary>
    public required bool EnableGC { get; init; }

    /// <summary>Currently unused by the runtime.</summary>
    public required bool DebugGC { get; init; }

    /// <summary>Per-size-class allocation counts; Go has 61 entries, the first one (size 0) unused.</summary>
    public required IReadOnlyList<SizeClassStats> BySize { get; init; }

    /// <summary><see cref="LastGC"/> as a time, or null when no GC has run yet.</summary>
    public DateTimeOffset? LastGCTime => LastGC == 0 ? null : DateTimeOffset.UnixEpoch.AddTicks((long)(LastGC / 100));
}

/// <summary>One entry of <c>MemStats.BySize</c>: allocations of objects of up to <see cref="Size"/> bytes.</summary>
public readonly record struct SizeClassStats(uint Size, ulong Mallocs, ulong Frees);
