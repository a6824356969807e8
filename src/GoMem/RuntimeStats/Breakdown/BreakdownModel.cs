using GoMem.Findings;

namespace GoMem.RuntimeStats.Breakdown;

/// <summary>A part of the memory tree: bytes, share of RSS (when RSS is known) and what it is.</summary>
public sealed record BreakdownNode(string Key, string Label, long Bytes, double? PercentOfRss, IReadOnlyList<BreakdownNode> Children);

/// <summary>GC pause statistics from the runtime's ring of recent pauses.</summary>
/// <summary>
/// Recent stop-the-world GC pauses. From MemStats' ring (/debug/vars) every quantile is known; the
/// go_gc_duration_seconds summary of /metrics has only its fixed quantiles (0, ¼, ½, ¾, 1), so no p99.
/// </summary>
public sealed record PauseStatistics(int Count, double P50Seconds, double? P99Seconds, double MaxSeconds, string Source)
{
    public const string FromMemStatsRing = "MemStats.PauseNs";
    public const string FromGcDurationSummary = "go_gc_duration_seconds";
}

/// <summary>A size class and the live heap it holds (from MemStats.BySize).</summary>
public sealed record SizeClassShare(long ObjectSize, long LiveObjects, long LiveBytes, double PercentOfHeapAlloc);

/// <summary>The reconciled view of a Go process's memory: the tree, derived figures, and what to do about it.</summary>
public sealed record MemoryBreakdown
{
    public required BreakdownNode Root { get; init; }

    public long? RssBytes { get; init; }

    /// <summary>The highest RSS the process reached (VmHWM), when /proc status was given.</summary>
    public long? PeakRssBytes { get; init; }

    public required long GoResidentBytes { get; init; }
    public required long HeapAllocBytes { get; init; }
    public required long HeapFragmentationBytes { get; init; }
    public required long HeapFreeBytes { get; init; }
    public required long HeapReleasedBytes { get; init; }
    public required long StackBytes { get; init; }
    public required long GcMetadataBytes { get; init; }
    public required long SpanAndCacheBytes { get; init; }
    public required long ProfilingBucketBytes { get; init; }

    /// <summary>Span/cache structures, profiling buckets and other runtime memory: the runtime beyond heap, stacks and GC metadata.</summary>
    public required long OtherRuntimeBytes { get; init; }

    /// <summary>RSS not accounted for by the runtime (cgo, C libraries, binary and shared libraries); null without RSS.</summary>
    public long? NonGoBytes { get; init; }

    /// <summary>File-backed part of <see cref="NonGoBytes"/> (binary text, shared libraries).</summary>
    public long? NonGoFileBytes { get; init; }

    /// <summary>How much the runtime's resident figure exceeds RSS (obtained but not resident, or swapped out).</summary>
    public long? RuntimeOvercountBytes { get; init; }

    public long? ProfileInuseBytes { get; init; }
    public long? LiveHeapEstimateBytes { get; init; }
    public string? LiveHeapEstimateMethod { get; init; }
    public long? GarbageEstimateBytes { get; init; }
    public required long HeadroomToNextGcBytes { get; init; }
    public required long NextGcBytes { get; init; }
    public long? LimitBytes { get; init; }
    public long? HeadroomToLimitBytes { get; init; }

    /// <summary>(HeapInuse − HeapAlloc) / HeapInuse.</summary>
    public double? FragmentationRatio { get; init; }
    public double? GcCpuFraction { get; init; }
    public PauseStatistics? Pauses { get; init; }
    public double? AverageObjectBytes { get; init; }
    public required IReadOnlyList<SizeClassShare> TopSizeClasses { get; init; }
    public required IReadOnlyList<Finding> Findings { get; init; }
    public required IReadOnlyList<string> MissingInputs { get; init; }
    public required IReadOnlyList<string> Sources { get; init; }

    /// <summary>Rates over a series of snapshots of the same process (null for a single snapshot).</summary>
    public MemoryRates? Rates { get; init; }
}
