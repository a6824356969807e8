using GoMem.Monitoring;

namespace GoMem.Storage.Monitoring;

/// <summary>Whether the last collection attempt of a target succeeded.</summary>
public enum TargetHealthState
{
    /// <summary>Never attempted.</summary>
    Unknown,
    Up,
    Down,
}

/// <summary>A target's health as of its last collection attempt.</summary>
public sealed record TargetHealth(TargetHealthState State, string? LastError, DateTimeOffset? LastSuccess, DateTimeOffset? LastAttempt)
{
    public static TargetHealth Unknown { get; } = new(TargetHealthState.Unknown, null, null, null);
}

/// <summary>A monitored service: its job, its instance URL, its labels and its health.</summary>
public sealed record MonitoringTarget(long Id, string Job, string Instance, LabelSet Labels, TargetHealth Health);

/// <summary>Where a runtime sample's figures came from (several when the collector merged them).</summary>
[Flags]
public enum RuntimeSampleSources
{
    None = 0,

    /// <summary>/debug/vars (expvar's memstats).</summary>
    DebugVars = 1,

    /// <summary>/metrics (Prometheus exposition of client_golang).</summary>
    Metrics = 2,

    /// <summary>/proc/PID/status of a local process.</summary>
    ProcStatus = 4,

    /// <summary>The cgroup's memory files.</summary>
    Cgroup = 8,
}

/// <summary>
/// One cycle's runtime statistics of one target. Every figure is optional: a service may expose only /metrics or
/// only /debug/vars, and some figures exist in one of them only.
/// </summary>
public sealed record RuntimeSample
{
    public required DateTimeOffset Time { get; init; }

    public RuntimeSampleSources Sources { get; init; }

    public long? RssBytes { get; init; }

    public long? HeapAllocBytes { get; init; }

    public long? HeapInuseBytes { get; init; }

    public long? HeapIdleBytes { get; init; }

    public long? HeapReleasedBytes { get; init; }

    public long? HeapSysBytes { get; init; }

    public long? SysBytes { get; init; }

    public long? NextGcBytes { get; init; }

    public long? StackInuseBytes { get; init; }

    /// <summary>Stack memory obtained from the OS (StackSys): in-use stacks plus those the runtime keeps for reuse.</summary>
    public long? StackSysBytes { get; init; }

    /// <summary>Live heap objects (HeapObjects).</summary>
    public long? HeapObjects { get; init; }

    /// <summary>Span structures (MSpanSys).</summary>
    public long? MSpanSysBytes { get; init; }

    /// <summary>Per-P allocation caches (MCacheSys).</summary>
    public long? MCacheSysBytes { get; init; }

    /// <summary>Profiling bucket hash table (BuckHashSys).</summary>
    public long? BuckHashSysBytes { get; init; }

    /// <summary>GC metadata (GCSys).</summary>
    public long? GcSysBytes { get; init; }

    /// <summary>Other runtime memory (OtherSys).</summary>
    public long? OtherSysBytes { get; init; }

    /// <summary>The live heap as of the last GC, when the runtime reports it (go_gc_heap_live_bytes, Go 1.21+).</summary>
    public long? HeapLiveBytes { get; init; }

    public long? Goroutines { get; init; }

    public long? NumGc { get; init; }

    public long? TotalAllocBytes { get; init; }

    /// <summary>Share of CPU used by the GC since the process started (0..1). NaN is stored as unknown.</summary>
    public double? GcCpuFraction { get; init; }

    public double? PauseP99Seconds { get; init; }

    /// <summary>
    /// How many recent GC pauses <see cref="PauseP50Seconds"/> and <see cref="PauseMaxSeconds"/> are over: MemStats'
    /// ring of the last 256 when <see cref="PauseP99Seconds"/> is known, else /metrics' go_gc_duration_seconds summary.
    /// </summary>
    public long? PauseCount { get; init; }

    public double? PauseP50Seconds { get; init; }

    public double? PauseMaxSeconds { get; init; }

    /// <summary>The size classes holding the most live bytes (only /debug/vars has them), as many as explain shows.</summary>
    public SizeClassCounts? SizeClasses { get; init; }

    /// <summary>GOGC in percent; -1 when the GC is off.</summary>
    public long? Gogc { get; init; }

    /// <summary>GOMEMLIMIT in bytes; <see cref="long.MaxValue"/> when it is not set (math.MaxInt64, as the runtime reports it).</summary>
    public long? GomemlimitBytes { get; init; }

    public long? ContainerLimitBytes { get; init; }

    /// <summary>The process start time in unix seconds (Prometheus' process_start_time_seconds): a change means a restart.</summary>
    public double? ProcessStartTimeSeconds { get; init; }

    public long? Pid { get; init; }
}

/// <summary>The event kinds the collector records; others may be added (the kind is stored as text).</summary>
public static class TargetEventKinds
{
    public const string Restart = "restart";
    public const string Down = "down";
    public const string Up = "up";

    /// <summary>An endpoint failed while the target was up (a profile that does not parse, a 500 from one path).</summary>
    public const string EndpointError = "endpoint-error";
}

/// <summary>Something that happened to a target: a restart, going down, coming back up.</summary>
public sealed record TargetEvent(long Id, long TargetId, DateTimeOffset Time, string Kind, string Detail);

/// <summary>The profile kinds the collector stores (Go's /debug/pprof names); the kind is stored as text.</summary>
public static class ProfileKinds
{
    public const string Heap = "heap";
    public const string Allocs = "allocs";
    public const string Goroutine = "goroutine";
}

/// <summary>A stored profile snapshot, without its samples (load those with <see cref="IMonitoringStore.LoadProfile"/>).</summary>
public sealed record ProfileSnapshot(
    long Id,
    long TargetId,
    string Kind,
    DateTimeOffset Time,
    IReadOnlyList<GoMem.Profiles.ValueType> SampleTypes,
    string DefaultSampleType,
    int SampleCount);

/// <summary>
/// An online verdict of the collector about one target: <see cref="Code"/> says which rule (stable for machines),
/// <see cref="Key"/> which thing it is about (a stack, a metric), so the pair identifies the finding across cycles.
/// </summary>
public sealed record MonitoringFinding(
    long TargetId,
    string Code,
    string Key,
    GoMem.Findings.Severity Severity,
    string Title,
    string Detail,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    DateTimeOffset? ResolvedAt = null)
{
    public bool IsOpen => ResolvedAt is null;
}

/// <summary>A finding with its store id.</summary>
public sealed record StoredFinding(long Id, MonitoringFinding Finding);
