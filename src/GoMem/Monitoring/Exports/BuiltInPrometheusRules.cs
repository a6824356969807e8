using GoMem.Monitoring.Alerting;
using GoMem.Monitoring.Exposition;

namespace GoMem.Monitoring.Exports;

/// <summary>
/// The threshold rules GoMem ships for Prometheus (<c>gomem export prometheus-rules</c>), over the names client_golang
/// gives every Go service (<c>go_memstats_*</c>, <c>go_goroutines</c>, <c>go_gc_*</c>, <c>process_*</c>, as the
/// captures in testdata/ have them) and the series <c>gomem watch --listen</c> adds (the memory limit, its view of
/// each target, its open findings). The profile-level verdicts (which function leaks, which goroutine stack
/// grows) are not thresholds: gomem watch evaluates them itself and exposes them as
/// <see cref="MetricNames.TargetOpenFindings"/>.
/// </summary>
public static class BuiltInPrometheusRules
{
    // The thresholds and waits are AlertThresholds', shared with the rules gomem watch evaluates itself.
    private const double MemoryLimitShare = AlertThresholds.MemoryLimitShare;
    private const int ForecastHours = AlertThresholds.ForecastHours;
    private const int GoroutineLimit = AlertThresholds.GoroutineLimit;
    private const double GcCpuFractionLimit = AlertThresholds.GcCpuFractionLimit;
    private const double PauseP99LimitSeconds = AlertThresholds.PauseP99LimitSeconds;

    /// <summary>The recorded memory limit each target's RSS is compared with.</summary>
    public const string MemoryLimitRecord = "gomem:memory_limit_bytes";

    public static IReadOnlyList<PrometheusRuleGroup> Groups { get; } =
    [
        new PrometheusRuleGroup(
            "gomem-go-memory",
            "Memory thresholds of Go services, over client_golang's standard names, joined on job and instance with what gomem watch knows.",
            [
                new PrometheusRule
                {
                    Record = MemoryLimitRecord,
                    Expr = $"max by (job, instance) ({MetricNames.TargetMemoryLimit})",
                    Why = "Prometheus does not know a process's memory limit from the service's own /metrics. gomem watch does: the container_memory_limit or __memory_limit__ of its targets file, else the cgroup limit the target reports. "
                        + "With cAdvisor or kube-state-metrics, add their limit here (container_spec_memory_limit_bytes, relabelled to the service's job and instance) with `or`.",
                },
                new PrometheusRule
                {
                    Alert = "GoMemoryNearLimit",
                    Expr = $"process_resident_memory_bytes / on (job, instance) {MemoryLimitRecord} > {MemoryLimitShare:0.##}",
                    For = AlertThresholds.MemoryNearLimitFor,
                    Severity = "warning",
                    Summary = "{{ $labels.job }}/{{ $labels.instance }}: resident memory at {{ $value | humanizePercentage }} of its limit",
                    Description = "The process's RSS has been above 80% of its memory limit for 2 minutes; at the limit the kernel kills it (OOM). gomem explain --store <store> --target {{ $labels.job }}/{{ $labels.instance }} says where the memory goes.",
                    Why = "80% leaves room for one more doubling of a small heap or a burst of goroutines between two scrapes, and is a common threshold of container memory alerts; 2 minutes skips a spike one GC cycle takes back.",
                },
                new PrometheusRule
                {
                    Alert = "GoMemoryLimitForecast",
                    Expr = $"predict_linear(process_resident_memory_bytes[{PrometheusRule.FormatDuration(AlertThresholds.ForecastWindow)}], {ForecastHours} * 3600) > on (job, instance) {MemoryLimitRecord}",
                    For = AlertThresholds.ForecastFor,
                    Severity = "warning",
                    Summary = "{{ $labels.job }}/{{ $labels.instance }}: resident memory reaches its limit within 4 hours at the last hour's rate",
                    Description = "A straight line through the last hour of RSS crosses the memory limit within 4 hours (it reaches {{ $value | humanize1024 }}B). A steady climb is a leak until shown otherwise: gomem watch's findings on this target name the function.",
                    Why = "A one-hour window is long enough that GC cycles and request bursts average out, and a line extrapolated more than a few times its window is noise; 4 hours gives a person time to act before the process is killed. 10 minutes skips a warm-up (caches filling) that levels off.",
                },
                new PrometheusRule
                {
                    Alert = "GoHeapAtMemoryLimit",
                    Expr = "changes(go_gc_limiter_last_enabled_gc_cycle[10m]) > 0",
                    For = AlertThresholds.HeapAtGomemlimitFor,
                    Severity = "critical",
                    Summary = "{{ $labels.job }}/{{ $labels.instance }}: the heap is at GOMEMLIMIT and the GC is capped",
                    Description = "The Go runtime's GC CPU limiter has engaged again and again (within every 10 minutes for the last 5): the heap is at the memory limit set by GOMEMLIMIT (or debug.SetMemoryLimit), the GC would take over half the CPU to stay under it, so the runtime lets the heap grow past the limit instead. Raise GOMEMLIMIT or find what holds the live heap (gomem top --store <store> --target {{ $labels.job }}/{{ $labels.instance }}).",
                    Why = "Go 1.19's /metrics has no reading of GOMEMLIMIT itself (go_gc_gomemlimit_bytes comes with Go 1.21), but the limiter only engages when the heap presses against GOMEMLIMIT: it is the runtime's own statement that the limit binds. One engagement can be a burst; engagements within every 10 minutes for 5 minutes are a heap that stays at the limit.",
                },
                new PrometheusRule
                {
                    Alert = "GoGoroutinesHigh",
                    Expr = $"go_goroutines > {GoroutineLimit}",
                    For = AlertThresholds.GoroutinesFor,
                    Severity = "warning",
                    Summary = "{{ $labels.job }}/{{ $labels.instance }}: {{ $value }} goroutines",
                    Description = "More than 10000 goroutines for 15 minutes. Goroutines blocked forever (a channel nobody sends to, a lock never released) pile up with the requests that started them; gomem goroutines http://{{ $labels.instance }}/debug/pprof/goroutine groups them by where they wait.",
                    Why = "Each goroutine holds at least a 2 KiB stack (8 KiB once grown), so 10,000 is 20-80 MiB of stacks plus what they reference; a service rarely needs that many at once for 15 minutes, and a leak passes it. Raise it for a service built around one goroutine per connection.",
                },
                new PrometheusRule
                {
                    Alert = "GoGcCpuHigh",
                    Expr = $"go_memstats_gc_cpu_fraction > {GcCpuFractionLimit:0.##}",
                    For = AlertThresholds.GcCpuFor,
                    Severity = "warning",
                    Summary = "{{ $labels.job }}/{{ $labels.instance }}: the GC has used {{ $value | humanizePercentage }} of the CPU since the process started",
                    Description = "The garbage collector's share of CPU time is above 10%. gomem gc tune suggests GOGC and GOMEMLIMIT for the heap this service keeps; gomem top -sample_index=alloc_space on an allocs profile shows who allocates.",
                    Why = "The GC marks with a quarter of GOMAXPROCS while it runs; a lifetime share above 10% means it runs about 40% of the time, where more headroom (GOGC) or fewer allocations pays off. The figure is averaged since the process started, so it moves slowly: 15 minutes keeps a start-up burst from counting.",
                },
                new PrometheusRule
                {
                    Alert = "GoGcPauseP99High",
                    Expr = $"(histogram_quantile(0.99, sum by (job, instance, le) (rate(go_gc_pauses_seconds_bucket[5m]))) > {PauseP99LimitSeconds:0.###})\n"
                        + $"or\n(max by (job, instance) (go_gc_duration_seconds{{quantile=\"1\"}}) > {PauseP99LimitSeconds:0.###} unless on (job, instance) go_gc_pauses_seconds_count)",
                    For = AlertThresholds.PauseP99For,
                    Severity = "warning",
                    Summary = "{{ $labels.job }}/{{ $labels.instance }}: GC stop-the-world pauses p99 {{ $value | humanizeDuration }}",
                    Description = "1% of the GC's stop-the-world pauses took longer than 10 ms over 5 minutes. Go's pauses are normally well under 1 ms; long ones come from a throttled or starved CPU (check the container's CPU limit) or goroutines slow to reach a safe point.",
                    Why = "Go's stop-the-world phases take tens to hundreds of microseconds; 10 ms is where a pause shows in request latency. The runtime's pause histogram has one bucket per factor of ten (1.05 ms, 10.5 ms, 105 ms), so a p99 above 10 ms means, nearly, that more than 1% of the pauses took over 10.5 ms. Where go_gc_pauses_seconds is not exported (client_golang 1.15+ by default), the longest recent pause of go_gc_duration_seconds stands in, an upper bound of the p99.",
                },
                new PrometheusRule
                {
                    Alert = "GoProcessRestarted",
                    Expr = $"changes(process_start_time_seconds[{PrometheusRule.FormatDuration(AlertThresholds.RestartShownFor)}]) > 0",
                    For = TimeSpan.Zero,
                    Severity = "warning",
                    Summary = "{{ $labels.job }}/{{ $labels.instance }} restarted in the last 15 minutes",
                    Description = "The process start time changed {{ $value }} time(s) in 15 minutes. If resident memory was near the limit before (GoMemoryNearLimit), the kernel's OOM killer is the likely cause: look for OOMKilled in the pod's last state or in the kernel log.",
                    Why = "A restart is an event, not a condition that holds, so it fires at once; 15 minutes keeps it visible long enough to be seen next to the memory alerts that came before it.",
                },
                new PrometheusRule
                {
                    Alert = "GoServiceDown",
                    Expr = "up == 0 and on (job, instance) max_over_time(go_info[1h])",
                    For = AlertThresholds.TargetDownFor,
                    Severity = "critical",
                    Summary = "{{ $labels.job }}/{{ $labels.instance }}: Prometheus cannot scrape this Go service",
                    Description = "The scrape of a target that exposed go_info within the last hour has failed for 2 minutes: the process is gone (killed, crashed) or not answering.",
                    Why = "Scoped to targets that were Go services within the hour, so the file does not alert on every other job; 2 minutes is more than one failed scrape at the usual 15-30 s interval.",
                },
                new PrometheusRule
                {
                    Alert = "GoMemTargetDown",
                    Expr = $"{MetricNames.TargetUp} == 0",
                    For = AlertThresholds.TargetDownFor,
                    Severity = "warning",
                    Summary = "{{ $labels.job }}/{{ $labels.instance }}: gomem watch cannot read the service's debug endpoints",
                    Description = "gomem watch has not read /debug/vars, /metrics or the profiles of this target for 2 minutes, so its leak verdicts on it are on hold. gomem watch's log has the reason.",
                    Why = "The profiling port is often not the one Prometheus scrapes, so gomem's own view of the target is alerted apart; 2 minutes as for GoServiceDown.",
                },
                new PrometheusRule
                {
                    Alert = "GoMemLeakFinding",
                    Expr = $"{MetricNames.TargetOpenFindings} > 0",
                    For = TimeSpan.Zero,
                    Severity = "warning",
                    Summary = "{{ $labels.job }}/{{ $labels.instance }}: gomem watch holds {{ $value }} open {{ $labels.code }} finding(s)",
                    Description = "gomem watch's online leak check found a growing heap site, goroutine stack or RSS on this target. gomem leak --store <store> --target {{ $labels.job }}/{{ $labels.instance }} names the function and line, its growth rate and when it started.",
                    Why = "A finding opens only after the verdict held for several profile cycles (gomem watch confirms it), so waiting again here adds nothing.",
                },
            ]),
    ];
}
