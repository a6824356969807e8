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

    /// <summary>Alert notifications delivered, by <c>sink</c> (log, webhook, alertmanager) and <c>receiver</c>.</summary>
    public const string AlertsSent = "gomem_alert_notifications_sent_total";

    /// <summary>
    /// Alert notifications given up, by <c>sink</c>, <c>receiver</c> and <c>reason</c>: queue_full (the sink's queue
    /// dropped its oldest), failed (every attempt failed, or the receiver refused), shutdown (the flush ran out).
    /// </summary>
    public const string AlertsDropped = "gomem_alert_notifications_dropped_total";

    /// <summary>Per remote-write <c>url</c>: samples the receiver accepted.</summary>
    public const string RemoteWriteSent = "gomem_collector_remote_write_sent_samples_total";

    /// <summary>
    /// Per remote-write <c>url</c> and <c>reason</c>: samples never delivered: <c>queue_full</c> (the buffer was full,
    /// the oldest went), <c>rejected</c> (a 4xx other than 429: not retried), <c>shutdown</c> (not flushed in time).
    /// </summary>
    public const string RemoteWriteDropped = "gomem_collector_remote_write_dropped_samples_total";

    /// <summary>Per remote-write <c>url</c>: requests sent again after a 5xx, a 429, a timeout or a network error.</summary>
    public const string RemoteWriteRetries = "gomem_collector_remote_write_retries_total";

    /// <summary>Per remote-write <c>url</c>: samples in the buffer, waiting to be sent.</summary>
    public const string RemoteWritePending = "gomem_collector_remote_write_pending_samples";

    /// <summary>The label naming the receiver on the remote-write series (its URL without any user and password).</summary>
    public const string UrlLabel = "url";

    /// <summary>The label saying why remote-write samples were dropped.</summary>
    public const string ReasonLabel = "reason";
}
