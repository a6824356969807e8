namespace GoMem.RuntimeStats.Detection;

/// <summary>What kind of runtime-statistics input a file is, as far as its first bytes (and name) tell.</summary>
public enum RuntimeStatsSourceKind
{
    /// <summary>None of the kinds below: binary, gzip (a pprof profile is told apart by ProfileReader), or other text.</summary>
    Unknown,

    /// <summary>A JSON object, read as /debug/vars (expvar) output.</summary>
    ExpvarJson,

    /// <summary>The event stream of <c>go test -json</c> (one JSON object per line with an "Action"): benchmarks, not runtime statistics.</summary>
    GoTestJson,

    /// <summary>Prometheus text exposition format 0.0.4.</summary>
    PrometheusText,

    /// <summary>OpenMetrics 1.0 text (ends with <c># EOF</c>, or uses syntax only OpenMetrics has).</summary>
    OpenMetricsText,

    /// <summary>Linux /proc/PID/status.</summary>
    ProcStatus,

    /// <summary>Linux /proc/PID/smaps_rollup.</summary>
    SmapsRollup,

    /// <summary>Linux /proc/PID/cgroup.</summary>
    ProcCgroup,

    /// <summary>One cgroup memory controller file (memory.stat, memory.max, memory.limit_in_bytes, ...).</summary>
    CgroupMemoryFile,

    /// <summary>A directory holding cgroup memory controller files (live /sys/fs/cgroup/... or a captured copy).</summary>
    CgroupDirectory,
}
