using GoMem.RuntimeStats.Cgroups;
using GoMem.RuntimeStats.Expvar;
using GoMem.RuntimeStats.GoMetrics;
using GoMem.RuntimeStats.Proc;

namespace GoMem.RuntimeStats.Breakdown;

/// <summary>
/// Merges whatever sources a user gives into one <see cref="MemoryEvidence"/>, preferring the most precise source
/// for each figure: runtime figures from /debug/vars (it has the pause ring and size classes) over /metrics; RSS
/// from /proc status over smaps_rollup over process_resident_memory_bytes; flags over everything.
/// </summary>
public sealed class MemoryEvidenceBuilder
{
    private readonly List<string> _sources = [];
    private MemStats? _memStats;
    private GoMetricsView? _metrics;
    private ProcStatus? _status;
    private SmapsRollup? _smaps;
    private CgroupMemory? _cgroup;
    private long? _profileInuse;
    private long? _profileSampling;

    public double? GogcOverride { get; set; }

    public long? GoMemLimitOverride { get; set; }

    public long? LimitOverride { get; set; }

    public bool HasRuntimeFigures => _memStats is not null || _metrics?.MemStats is not null;

    public MemoryEvidenceBuilder AddExpvar(ExpvarDocument document, string source)
    {
        if (document.MemStats is { } stats)
        {
            _memStats = stats;
            _sources.Add(source);
        }

        return this;
    }

    public MemoryEvidenceBuilder AddMetrics(GoMetricsView metrics, string source)
    {
        _metrics = metrics;
        _sources.Add(source);
        return this;
    }

    public MemoryEvidenceBuilder AddProcStatus(ProcStatus status, string source)
    {
        _status = status;
        _sources.Add(source);
        return this;
    }

    public MemoryEvidenceBuilder AddSmapsRollup(SmapsRollup smaps, string source)
    {
        _smaps = smaps;
        _sources.Add(source);
        return this;
    }

    public MemoryEvidenceBuilder AddCgroup(CgroupMemory cgroup, string source)
    {
        _cgroup = cgroup;
        _sources.Add(source);
        return this;
    }

    /// <summary>A heap profile's inuse_space total and its sampling period (MemProfileRate).</summary>
    public MemoryEvidenceBuilder AddHeapProfile(long inuseBytes, long samplingBytes, string source)
    {
        _profileInuse = inuseBytes;
        _profileSampling = samplingBytes;
        _sources.Add(source);
        return this;
    }

    public MemoryEvidence Build()
    {
        var runtime = _memStats is { } stats ? RuntimeFigures.From(stats)
            : _metrics?.MemStats is { } fromMetrics ? RuntimeFigures.From(fromMetrics) with { PauseSummary = _metrics.GcDuration }
            : throw new InvalidOperationException("no Go runtime figures: give /debug/vars or /metrics");
        return new MemoryEvidence
        {
            Runtime = runtime,
            RssBytes = _status?.VmRSSBytes ?? _smaps?.RssBytes ?? ToLong(_metrics?.ProcessResidentMemoryBytes),
            RssFileBytes = _status?.RssFileBytes ?? FileBacked(_smaps),
            PeakRssBytes = _status?.VmHWMBytes,
            LimitBytes = LimitOverride ?? _cgroup?.EffectiveLimitBytes,
            CgroupUsageBytes = _cgroup?.UsageBytes,
            ProfileInuseBytes = _profileInuse,
            ProfileSamplingBytes = _profileSampling,
            GogcPercent = GogcOverride ?? _metrics?.GogcPercent,
            GoMemLimitBytes = GoMemLimitOverride ?? ToLong(_metrics?.GoMemLimitBytes),
            HeapLiveBytes = ToLong(_metrics?.HeapLiveBytes),
            Goroutines = ToLong(_metrics?.Goroutines),
            Sources = [.. _sources],
        };
    }

    /// <summary>smaps_rollup has no file-backed total: it is RSS minus anonymous memory.</summary>
    private static long? FileBacked(SmapsRollup? smaps) =>
        smaps is { AnonymousBytes: { } anonymous } ? Math.Max(0, smaps.RssBytes - anonymous) : null;

    private static long? ToLong(double? value) =>
        value is { } v && double.IsFinite(v) ? (v >= long.MaxValue ? long.MaxValue : (long)v) : null;
}
