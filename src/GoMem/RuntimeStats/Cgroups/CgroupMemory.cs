namespace GoMem.RuntimeStats.Cgroups;

/// <summary>cgroup v1 (one hierarchy per controller) or v2 (the unified hierarchy).</summary>
public enum CgroupVersion
{
    V1 = 1,
    V2 = 2,
}

/// <summary>A memory limit: a number of bytes, or unlimited ("max" in v2, the huge page-rounded LONG_MAX in v1).</summary>
public readonly record struct CgroupLimit(long? Bytes)
{
    public static CgroupLimit Unlimited { get; } = new(null);

    public bool IsUnlimited => Bytes is null;

    public override string ToString() => Bytes is { } bytes ? bytes.ToString(System.Globalization.CultureInfo.InvariantCulture) : "max";
}

/// <summary>
/// The memory controller files of one cgroup directory (live under /sys/fs/cgroup, or a captured copy). Each value
/// is null when its file was absent; <see cref="FilesRead"/> says which were there. Limits are those of this
/// cgroup only: in v2 an ancestor may set a lower memory.max (v1 reports it as hierarchical_memory_limit).
/// </summary>
public sealed record CgroupMemory
{
    public required CgroupVersion Version { get; init; }

    /// <summary>The directory read.</summary>
    public required string Directory { get; init; }

    /// <summary>Hard limit: v2 memory.max, v1 memory.limit_in_bytes (exceeding it means reclaim, then the OOM killer).</summary>
    public CgroupLimit? Limit { get; init; }

    /// <summary>v2 memory.high: throttling threshold above which the cgroup is reclaimed hard.</summary>
    public CgroupLimit? High { get; init; }

    /// <summary>v2 memory.low (best-effort protection) or v1 memory.soft_limit_in_bytes.</summary>
    public CgroupLimit? SoftLimit { get; init; }

    /// <summary>v2 memory.swap.max (swap only); v1 memory.memsw.limit_in_bytes (memory plus swap).</summary>
    public CgroupLimit? SwapLimit { get; init; }

    /// <summary>Current usage: v2 memory.current, v1 memory.usage_in_bytes (both include page cache).</summary>
    public long? UsageBytes { get; init; }

    /// <summary>Peak usage: v2 memory.peak (Linux 5.19+), v1 memory.max_usage_in_bytes.</summary>
    public long? PeakUsageBytes { get; init; }

    /// <summary>v2 memory.swap.current, v1 memory.memsw.usage_in_bytes (memory plus swap).</summary>
    public long? SwapUsageBytes { get; init; }

    /// <summary>memory.stat, key → value (bytes for sizes; page-fault and event keys are counts).</summary>
    public required IReadOnlyDictionary<string, long> Stat { get; init; }

    /// <summary>v2 memory.events (low, high, max, oom, oom_kill, ...); v1 memory.oom_control and memory.failcnt ("failcnt").</summary>
    public required IReadOnlyDictionary<string, long> Events { get; init; }

    /// <summary>The file names read, in the order read.</summary>
    public required IReadOnlyList<string> FilesRead { get; init; }

    /// <summary><see cref="Limit"/> in bytes, or null when unlimited or unknown.</summary>
    public long? LimitBytes => Limit?.Bytes;

    /// <summary>
    /// The lowest limit known to apply: this cgroup's, and in v1 also the ancestors' (hierarchical_memory_limit).
    /// </summary>
    public long? EffectiveLimitBytes
    {
        get
        {
            var own = Limit?.Bytes;
            if (Version == CgroupVersion.V1 && Stat.TryGetValue("hierarchical_memory_limit", out var hierarchical) && !CgroupValues.IsV1Unlimited(hierarchical))
            {
                return own is { } bytes ? Math.Min(bytes, hierarchical) : hierarchical;
            }

            return own;
        }
    }

    /// <summary>
    /// Usage minus inactive file cache, as the kubelet and cAdvisor compute the "working set" that eviction and
    /// the OOM killer are judged by (v2 inactive_file, v1 total_inactive_file); null without both numbers.
    /// </summary>
    public long? WorkingSetBytes
    {
        get
        {
            var key = Version == CgroupVersion.V2 ? "inactive_file" : "total_inactive_file";
            if (UsageBytes is not { } usage || !Stat.TryGetValue(key, out var inactive))
            {
                return null;
            }

            return Math.Max(0, usage - inactive);
        }
    }
}
