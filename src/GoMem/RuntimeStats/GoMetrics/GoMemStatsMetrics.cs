using GoMem.RuntimeStats.Expvar;

namespace GoMem.RuntimeStats.GoMetrics;

/// <summary>
/// A Prometheus sample name that carries a MemStats field: the sample value is the field, or with
/// <see cref="InSeconds"/> the field (nanoseconds) divided by 1e9.
/// </summary>
public sealed record GoMemStatsMetric(string SampleName, MemStatsField Field, bool InSeconds = false);

/// <summary>
/// How client_golang's Go collector names MemStats fields (<c>go_memstats_*</c>, plus the GC pause summary it
/// builds from the same statistics). Times are exposed in seconds, so LastGC and PauseTotalNs come back rounded
/// to the nanosecond (LastGC, around 1.8e18 ns, only to a few hundred ns).
/// </summary>
public static class GoMemStatsMetrics
{
    public static IReadOnlyList<GoMemStatsMetric> All { get; } =
    [
        new("go_memstats_alloc_bytes", MemStatsField.Alloc),
        new("go_memstats_alloc_bytes_total", MemStatsField.TotalAlloc),
        new("go_memstats_sys_bytes", MemStatsField.Sys),
        new("go_memstats_lookups_total", MemStatsField.Lookups),
        new("go_memstats_mallocs_total", MemStatsField.Mallocs),
        new("go_memstats_frees_total", MemStatsField.Frees),
        new("go_memstats_heap_alloc_bytes", MemStatsField.HeapAlloc),
        new("go_memstats_heap_sys_bytes", MemStatsField.HeapSys),
        new("go_memstats_heap_idle_bytes", MemStatsField.HeapIdle),
        new("go_memstats_heap_inuse_bytes", MemStatsField.HeapInuse),
        new("go_memstats_heap_released_bytes", MemStatsField.HeapReleased),
        new("go_memstats_heap_objects", MemStatsField.HeapObjects),
        new("go_memstats_stack_inuse_bytes", MemStatsField.StackInuse),
        new("go_memstats_stack_sys_bytes", MemStatsField.StackSys),
        new("go_memstats_mspan_inuse_bytes", MemStatsField.MSpanInuse),
        new("go_memstats_mspan_sys_bytes", MemStatsField.MSpanSys),
        new("go_memstats_mcache_inuse_bytes", MemStatsField.MCacheInuse),
        new("go_memstats_mcache_sys_bytes", MemStatsField.MCacheSys),
        new("go_memstats_buck_hash_sys_bytes", MemStatsField.BuckHashSys),
        new("go_memstats_gc_sys_bytes", MemStatsField.GCSys),
        new("go_memstats_other_sys_bytes", MemStatsField.OtherSys),
        new("go_memstats_next_gc_bytes", MemStatsField.NextGC),
        new("go_memstats_last_gc_time_seconds", MemStatsField.LastGC, InSeconds: true),
        new("go_memstats_gc_cpu_fraction", MemStatsField.GCCPUFraction),
        new("go_gc_duration_seconds_sum", MemStatsField.PauseTotalNs, InSeconds: true),
        new("go_gc_duration_seconds_count", MemStatsField.NumGC),
    ];

    /// <summary>
    /// MemStats fields no client_golang metric carries. The pause rings are summarised only as quantiles
    /// (<c>go_gc_duration_seconds</c>); BySize only as the runtime/metrics histograms
    /// <c>go_gc_heap_allocs_by_size_bytes</c>/<c>go_gc_heap_frees_by_size_bytes</c>, with other buckets.
    /// <c>go_memstats_gc_cpu_fraction</c> was dropped from client_golang's default collector in v1.12.
    /// </summary>
    public static IReadOnlyList<string> NotInMetrics { get; } = ["PauseNs", "PauseEnd", "BySize", nameof(MemStatsField.NumForcedGC), nameof(MemStatsField.EnableGC), nameof(MemStatsField.DebugGC)];

    /// <summary>The value a metric would show for <paramref name="stats"/>, computed as client_golang does (float64 arithmetic).</summary>
    public static double ExpectedValue(MemStats stats, GoMemStatsMetric metric) =>
        metric.InSeconds ? stats.GetDouble(metric.Field) / 1e9 : stats.GetDouble(metric.Field);
}
