namespace GoMem.RuntimeStats.GoMetrics;

/// <summary>Sample names of the Go runtime and process metrics <see cref="GoMetricsView"/> reads (client_golang spellings).</summary>
public static class GoMetricNames
{
    public const string HeapGoalBytes = "go_gc_heap_goal_bytes";
    public const string HeapLiveBytes = "go_gc_heap_live_bytes";
    public const string GogcPercent = "go_gc_gogc_percent";
    public const string GoMemLimitBytes = "go_gc_gomemlimit_bytes";
    public const string SchedGoroutines = "go_sched_goroutines_goroutines";
    public const string Goroutines = "go_goroutines";
    public const string Threads = "go_threads";
    public const string Info = "go_info";
    public const string GcDuration = "go_gc_duration_seconds";
    public const string MemoryClassesPrefix = "go_memory_classes_";
    public const string ProcessResidentMemoryBytes = "process_resident_memory_bytes";
    public const string ProcessVirtualMemoryBytes = "process_virtual_memory_bytes";
    public const string ProcessVirtualMemoryMaxBytes = "process_virtual_memory_max_bytes";
    public const string ProcessStartTimeSeconds = "process_start_time_seconds";

    /// <summary>Labels that belong to a metric itself, not to the process it came from.</summary>
    internal static bool IsOwnLabel(string sampleName, string labelName) =>
        labelName is "le" or "quantile" || (labelName == "version" && sampleName == Info);

    private static readonly HashSet<string> ReadByName = BuildReadByName();

    /// <summary>True for a sample name <see cref="GoMetricsView"/> reads.</summary>
    internal static bool IsRead(string sampleName) =>
        ReadByName.Contains(sampleName) ||
        (sampleName.StartsWith(MemoryClassesPrefix, StringComparison.Ordinal) && sampleName.EndsWith("_bytes", StringComparison.Ordinal));

    private static HashSet<string> BuildReadByName()
    {
        HashSet<string> names =
        [
            HeapGoalBytes, HeapLiveBytes, GogcPercent, GoMemLimitBytes, SchedGoroutines, Goroutines, Threads, Info, GcDuration,
            ProcessResidentMemoryBytes, ProcessVirtualMemoryBytes, ProcessVirtualMemoryMaxBytes, ProcessStartTimeSeconds,
        ];
        foreach (var metric in GoMemStatsMetrics.All)
        {
            names.Add(metric.SampleName);
        }

        return names;
    }
}
