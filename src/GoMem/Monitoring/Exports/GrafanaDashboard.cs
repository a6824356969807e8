using GoMem.Monitoring.Alerting;
using GoMem.Monitoring.Exposition;

namespace GoMem.Monitoring.Exports;

/// <summary>A panel of the dashboard: a time series of one or more queries, in one unit (Grafana's unit ids: bytes, short, percentunit, s, Bps).</summary>
public sealed record GrafanaPanel(string Title, string Description, string Unit, IReadOnlyList<GrafanaQuery> Queries);

/// <summary>One PromQL query of a panel and its legend (Grafana's <c>{{label}}</c> format).</summary>
public sealed record GrafanaQuery(string Expr, string Legend);

/// <summary>A row of panels under a title.</summary>
public sealed record GrafanaRow(string Title, IReadOnlyList<GrafanaPanel> Panels);

/// <summary>Marks drawn on every panel where a query has a value: firing alerts, restarts.</summary>
public sealed record GrafanaAnnotation(string Name, string Expr, string Color, string TitleFormat, string TagKeys);

/// <summary>
/// The dashboard <c>gomem export grafana</c> writes: a Prometheus data source variable, job and instance variables,
/// the per-target figures of <c>gomem watch --listen</c>, the same figures from the services' own client_golang
/// <c>/metrics</c>, the collector's health, and the firing alerts and restarts as annotations.
/// </summary>
public sealed record GrafanaDashboardModel(string Title, string Uid, IReadOnlyList<GrafanaRow> Rows, IReadOnlyList<GrafanaAnnotation> Annotations)
{
    /// <summary>The series whose job and instance labels fill the variables: any Go service, or any target of gomem watch.</summary>
    public const string VariableSeries = "{__name__=~\"go_info|" + MetricNames.TargetUp + "\"}";
}

/// <summary>GoMem's Grafana dashboard, built once from the metric names the exposition and the rules use.</summary>
public static class GrafanaDashboard
{
    /// <summary>The selector every per-target query carries: the dashboard's job and instance variables.</summary>
    private const string Target = "job=~\"$job\", instance=~\"$instance\"";

    private const string ByTarget = "{{job}}/{{instance}}";

    public static GrafanaDashboardModel Model { get; } = new(
        "GoMem: Go memory",
        "gomem-go-memory",
        [
            new GrafanaRow("gomem watch: what it reads of each target", [
                Panel("Target up (gomem watch)", "1 when gomem watch's last cycle read the target's debug endpoints, 0 when it could not.", "short", Of(MetricNames.TargetUp, ByTarget)),
                Panel(
                    "Resident memory and limit (gomem watch)",
                    "The process's RSS and the memory limit gomem watch knows for it (the targets file's container limit, else the cgroup's).",
                    "bytes",
                    Of(MetricNames.TargetResidentMemory, ByTarget),
                    Of(MetricNames.TargetMemoryLimit, "limit " + ByTarget)),
                Panel(
                    "Heap (gomem watch)",
                    "Allocated heap objects, heap spans in use, and the heap size at which the next GC starts.",
                    "bytes",
                    Of(MetricNames.TargetHeapAlloc, "alloc " + ByTarget),
                    Of(MetricNames.TargetHeapInuse, "in use " + ByTarget),
                    Of(MetricNames.TargetNextGc, "next GC " + ByTarget)),
                Panel("Goroutines (gomem watch)", "The goroutines of the target's process.", "short", Of(MetricNames.TargetGoroutines, ByTarget)),
                Panel("Goroutine stacks (gomem watch)", "Bytes in goroutine stacks (MemStats.StackInuse).", "bytes", Of(MetricNames.TargetStackInuse, ByTarget)),
                Panel("GC CPU fraction (gomem watch)", "The GC's share of the process's CPU since it started.", "percentunit", Of(MetricNames.TargetGcCpuFraction, ByTarget)),
                Panel(
                    "Open leak findings (gomem watch)",
                    "Findings gomem watch holds open, by code; gomem leak --store names the function and line.",
                    "short",
                    new GrafanaQuery($"sum by (job, instance, code) ({MetricNames.TargetOpenFindings}{{{Target}}})", "{{code}} " + ByTarget)),
                Panel(
                    "Firing alerts (gomem watch)",
                    "Alerts gomem watch's own rules have firing, by rule (docs/ALERTS.md); gomem alerts --store lists them with their summaries.",
                    "short",
                    new GrafanaQuery($"sum by (job, instance, alertname) ({MetricNames.TargetFiringAlerts}{{{Target}}})", "{{alertname}} " + ByTarget)),
            ]),
            new GrafanaRow("The services' own /metrics (client_golang)", [
                Panel(
                    "Resident memory, limit and 4-hour forecast",
                    "process_resident_memory_bytes, the memory limit recorded by GoMem's rules, and where a straight line through the last hour puts RSS in 4 hours (GoMemoryLimitForecast).",
                    "bytes",
                    Of("process_resident_memory_bytes", ByTarget),
                    Of(BuiltInPrometheusRules.MemoryLimitRecord, "limit " + ByTarget),
                    new GrafanaQuery($"predict_linear(process_resident_memory_bytes{{{Target}}}[1h], {AlertThresholds.ForecastHours} * 3600)", "in 4 h " + ByTarget)),
                Panel(
                    "Heap",
                    "go_memstats_heap_alloc_bytes, go_memstats_heap_inuse_bytes and go_memstats_next_gc_bytes.",
                    "bytes",
                    Of("go_memstats_heap_alloc_bytes", "alloc " + ByTarget),
                    Of("go_memstats_heap_inuse_bytes", "in use " + ByTarget),
                    Of("go_memstats_next_gc_bytes", "next GC " + ByTarget)),
                Panel("Goroutines", "go_goroutines (GoGoroutinesHigh fires above 10000 for 15 minutes).", "short", Of("go_goroutines", ByTarget)),
                Panel("Goroutine stacks", "go_memstats_stack_inuse_bytes.", "bytes", Of("go_memstats_stack_inuse_bytes", ByTarget)),
                Panel("GC CPU fraction", "go_memstats_gc_cpu_fraction: the GC's share of CPU since the process started (GoGcCpuHigh above 10%).", "percentunit", Of("go_memstats_gc_cpu_fraction", ByTarget)),
                Panel(
                    "GC pause p99",
                    "The 99th percentile of the GC's stop-the-world pauses (go_gc_pauses_seconds), and the longest recent pause (go_gc_duration_seconds, quantile 1).",
                    "s",
                    new GrafanaQuery($"histogram_quantile(0.99, sum by (job, instance, le) (rate(go_gc_pauses_seconds_bucket{{{Target}}}[$__rate_interval])))", "p99 " + ByTarget),
                    new GrafanaQuery($"go_gc_duration_seconds{{quantile=\"1\", {Target}}}", "max " + ByTarget)),
                Panel(
                    "Allocation rate",
                    "Bytes allocated per second (go_memstats_alloc_bytes_total): the GC's workload.",
                    "Bps",
                    new GrafanaQuery($"rate(go_memstats_alloc_bytes_total{{{Target}}}[$__rate_interval])", ByTarget)),
                Panel(
                    "GC cycles per second",
                    "Completed GC cycles per second (go_gc_duration_seconds_count).",
                    "short",
                    new GrafanaQuery($"rate(go_gc_duration_seconds_count{{{Target}}}[$__rate_interval])", ByTarget)),
            ]),
            new GrafanaRow("gomem watch: the collector", [
                Panel(
                    "Cycle duration p99",
                    "How long target cycles take (gomem_collector_cycle_duration_seconds), per collector.",
                    "s",
                    new GrafanaQuery($"histogram_quantile(0.99, sum by (instance, le) (rate({MetricNames.CycleDuration}_bucket[$__rate_interval])))", "p99 {{instance}}")),
                Panel(
                    "Cycle errors by kind",
                    "Failed cycles per second, by kind: target_down, endpoint, store_unavailable, lease_lost, overrun, internal.",
                    "short",
                    new GrafanaQuery($"sum by (instance, kind) (rate({MetricNames.CycleErrors}[$__rate_interval]))", "{{kind}} {{instance}}")),
                Panel(
                    "Store write p99",
                    "How long the store's transactions take (gomem_collector_store_write_duration_seconds).",
                    "s",
                    new GrafanaQuery($"histogram_quantile(0.99, sum by (instance, le) (rate({MetricNames.StoreWriteDuration}_bucket[$__rate_interval])))", "p99 {{instance}}")),
                Panel(
                    "Targets held and memory collections",
                    "Targets each collector holds a lease on, and the full collections its memory limit caused per second.",
                    "short",
                    new GrafanaQuery(MetricNames.LeasesHeld, "leases {{instance}}"),
                    new GrafanaQuery($"rate({MetricNames.MemoryCollections}[$__rate_interval])", "collections/s {{instance}}")),
            ]),
        ],
        [
            new GrafanaAnnotation("Firing alerts", $"ALERTS{{alertstate=\"firing\", {Target}}}", "red", "{{alertname}}", "alertname,severity,job,instance"),
            new GrafanaAnnotation("Restarts", $"changes(process_start_time_seconds{{{Target}}}[2m]) > 0", "orange", "restart", "job,instance"),
        ]);

    private static GrafanaPanel Panel(string title, string description, string unit, params GrafanaQuery[] queries) => new(title, description, unit, queries);

    /// <summary>A metric of the chosen targets: <paramref name="metric"/> with the job and instance selector.</summary>
    private static GrafanaQuery Of(string metric, string legend) => new($"{metric}{{{Target}}}", legend);
}
