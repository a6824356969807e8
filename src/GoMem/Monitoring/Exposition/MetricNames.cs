namespace GoMem.Monitoring.Exposition;

/// <summary>
/// The names of the series <c>gomem watch --listen</c> serves, in one place: the exposition, the exported Prometheus
/// rules and the Grafana dashboard all use these, so a rename cannot leave one of them querying a series that is gone.
/// </summary>
public static class MetricNames
{
    /// <summary>Per target: 1 when its last cycle read it, 0 when it did not answer (or nothing it sent parsed).</summary>
    public const string TargetUp = "gomem_target_up";

    public const string TargetResidentMemory = "gomem_target_resident_memory_bytes";

    public const string TargetHeapAlloc = "gomem_target_heap_alloc_bytes";

    public const string TargetHeapInuse = "gomem_target_heap_inuse_bytes";

    public const string TargetNextGc = "gomem_target_next_gc_bytes";

    public const string TargetStackInuse = "gomem_target_stack_inuse_bytes";

    public const string TargetGoroutines = "gomem_target_goroutines";

    public const string TargetGcCpuFraction = "gomem_target_gc_cpu_fraction";

    /// <summary>The target's memory limit: its configured container limit, else the cgroup limit it reports.</summary>
    public const string TargetMemoryLimit = "gomem_target_memory_limit_bytes";

    /// <summary>Per target and finding code (<c>heap-leak</c>, <c>goroutine-leak</c>, <c>rss-growth</c>): the findings open now.</summary>
    public const string TargetOpenFindings = "gomem_target_open_findings";

    /// <summary>The label that names a finding's code on <see cref="TargetOpenFindings"/>.</summary>
    public const string CodeLabel = "code";

    /// <summary>Per target and rule (<c>alertname</c>): the alerts gomem watch's rules have firing on it now.</summary>
    public const string TargetFiringAlerts = "gomem_target_alerts_firing";

    /// <summary>The label that names the rule on <see cref="TargetFiringAlerts"/>.</summary>
    public const string AlertNameLabel = "alertname";

    public const string CycleDuration = "gomem_collector_cycle_duration_seconds";

    /// <summary>Cycle errors by <c>kind</c> (see <see cref="Collection.CycleErrorKinds"/>).</summary>
    public const string CycleErrors = "gomem_collector_cycle_errors_total";

    public const string StoreWriteDuration = "gomem_collector_store_write_duration_seconds";

    public const string LeasesHeld = "gomem_collector_leases_held";

    public const string MemoryCollections = "gomem_collector_memory_collections_total";
}
