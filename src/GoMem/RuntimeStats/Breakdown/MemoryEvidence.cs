using GoMem.Profiles;

namespace GoMem.RuntimeStats.Breakdown;

/// <summary>
/// Everything known about one process at one moment, gathered from any mix of sources (/debug/vars, /metrics,
/// /proc, cgroup files, a heap profile, flags). Every part is optional except what the runtime reports; the
/// breakdown says what it could not work out for lack of a part.
/// </summary>
public sealed record MemoryEvidence
{
    public required RuntimeFigures Runtime { get; init; }

    /// <summary>Resident set size: /proc status VmRSS, smaps_rollup Rss, or process_resident_memory_bytes.</summary>
    public long? RssBytes { get; init; }

    /// <summary>File-backed resident memory (binary text, shared libraries, mapped files), from /proc.</summary>
    public long? RssFileBytes { get; init; }

    /// <summary>Peak resident set size (VmHWM).</summary>
    public long? PeakRssBytes { get; init; }

    /// <summary>The lowest memory limit known to apply (cgroup memory.max / limit_in_bytes).</summary>
    public long? LimitBytes { get; init; }

    /// <summary>The cgroup's own usage figure (includes page cache), for comparison with RSS.</summary>
    public long? CgroupUsageBytes { get; init; }

    /// <summary>inuse_space total of a heap profile taken at the same moment.</summary>
    public long? ProfileInuseBytes { get; init; }

    /// <summary>The profile's sampling period (runtime.MemProfileRate), in bytes.</summary>
    public long? ProfileSamplingBytes { get; init; }

    /// <summary>GOGC as a percentage (go_gc_gogc_percent or --gogc); null when not known, -1 for off.</summary>
    public double? GogcPercent { get; init; }

    /// <summary>GOMEMLIMIT in bytes (go_gc_gomemlimit_bytes or --gomemlimit); long.MaxValue means unset.</summary>
    public long? GoMemLimitBytes { get; init; }

    /// <summary>The live heap as of the last GC, when the runtime reports it (go_gc_heap_live_bytes, Go 1.21+).</summary>
    public long? HeapLiveBytes { get; init; }

    public long? Goroutines { get; init; }

    /// <summary>When the figures were taken (for rates between snapshots).</summary>
    public DateTimeOffset? Time { get; init; }

    /// <summary>Where each part came from, for the report header (e.g. "vars.json", "status.txt").</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>
    /// What the sources could not give beyond the figures above (a store's sample written before it kept a figure, a
    /// heap profile too far from the moment, too few samples for rates): listed with the missing inputs.
    /// </summary>
    public IReadOnlyList<string> Unavailable { get; init; } = [];

    /// <summary>A heap profile's inuse_space total and its sampling period (runtime.MemProfileRate), for the comparison with pprof.</summary>
    public static (long InuseBytes, long SamplingBytes) HeapProfileFigures(Profile profile) =>
        (profile.AbsoluteTotal(profile.ResolveSampleIndex("inuse_space")), profile.Header.Period);
}
