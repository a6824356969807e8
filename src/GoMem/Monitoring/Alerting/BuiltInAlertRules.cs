using GoMem.Monitoring.Exports;

namespace GoMem.Monitoring.Alerting;

/// <summary>
/// The rules <c>gomem watch</c> evaluates when no <c>--rules</c> file is given, one per condition (listed with their
/// reasons in docs/ALERTS.md; <c>gomem export alert-rules</c> writes them as a rule file to start from). The
/// thresholds and waits are <see cref="AlertThresholds"/>', shared with the Prometheus rules of
/// <see cref="BuiltInPrometheusRules"/>; the verdict rules fire at once because a finding opens only after it held for
/// several profile cycles (<see cref="Analysis.FindingConfirmation"/>).
/// </summary>
public static class BuiltInAlertRules
{
    public static IReadOnlyList<AlertRule> All { get; } =
    [
        Rule("GoMemHeapLeak", AlertCondition.HeapLeak, TimeSpan.Zero, "warning",
            "{{ target }}: {{ title }}",
            "gomem watch's online leak check, since {{ first_seen }}: {{ title }}. {{ detail }} gomem leak --store <store> --target {{ target }} shows the series.",
            "The leak verdict (Theil-Sen slope, Mann-Kendall trend, minimum growth, inuse_objects growing too) opens a finding only after it held for 3 profile cycles in a row over a window of at least 6, so a warm-up that levels off never becomes one; waiting again would only delay it. One alert per site: two leaking functions are two alerts, each resolved on its own."),
        Rule("GoMemGoroutineLeak", AlertCondition.GoroutineLeak, TimeSpan.Zero, "warning",
            "{{ target }}: {{ title }}",
            "gomem watch's online leak check, since {{ first_seen }}: {{ title }}. {{ detail }} gomem goroutines on the target groups them by where they wait.",
            "As for the heap leak: the verdict on a goroutine stack is confirmed over several profile cycles before it opens."),
        Rule("GoMemGoroutinesHigh", AlertCondition.GoroutinesAbove, AlertThresholds.GoroutinesFor, "warning",
            "{{ target }}: {{ value }} goroutines",
            "More than {{ threshold }} goroutines for {{ for }}. Goroutines blocked forever (a channel nobody sends to, a lock never released) pile up with the requests that started them.",
            "Each goroutine holds at least a 2 KiB stack (8 KiB once grown), so 10,000 is 20-80 MiB of stacks plus what they reference; a service rarely needs that many at once for 15 minutes, and a leak passes it. Raise it for a service built around one goroutine per connection.",
            threshold: AlertThresholds.GoroutineLimit),
        Rule("GoMemMemoryNearLimit", AlertCondition.MemoryNearLimit, AlertThresholds.MemoryNearLimitFor, "warning",
            "{{ target }}: resident memory at {{ value }} of its limit",
            "RSS is {{ rss }} of a {{ limit }} limit, above {{ threshold }} for {{ for }}; at the limit the kernel kills the process (OOM). gomem explain --store <store> --target {{ target }} says where the memory goes.",
            "80% leaves room for one more doubling of a small heap or a burst of goroutines between two cycles, and is a common threshold of container memory alerts (Kubernetes mixins alert on working set against the limit at 80-90%); 2 minutes skips a spike one GC cycle takes back.",
            threshold: AlertThresholds.MemoryLimitShare),
        Rule("GoMemMemoryLimitForecast", AlertCondition.MemoryLimitForecast, AlertThresholds.ForecastFor, "warning",
            "{{ target }}: resident memory reaches its {{ limit }} limit within {{ horizon }} at the last hour's rate",
            "A straight line through the last hour of RSS (now {{ rss }}) reaches {{ forecast }} in {{ horizon }}, past the {{ limit }} limit in about {{ reaches_in }}. A steady climb is a leak until shown otherwise: the heap leak alerts of this target name the function.",
            "As Prometheus' predict_linear over one hour: long enough that GC cycles and request bursts average out, and a line extrapolated more than a few times its window is noise; 4 hours gives a person time to act before the process is killed. 10 minutes skips a warm-up (caches filling) that levels off.",
            horizon: TimeSpan.FromHours(AlertThresholds.ForecastHours), window: AlertThresholds.ForecastWindow),
        Rule("GoMemHeapNearGomemlimit", AlertCondition.HeapNearGomemlimit, AlertThresholds.HeapAtGomemlimitFor, "warning",
            "{{ target }}: the Go runtime's memory is at {{ value }} of GOMEMLIMIT",
            "The runtime holds {{ runtime_memory }} (Sys - HeapReleased, what GOMEMLIMIT counts) of a {{ gomemlimit }} GOMEMLIMIT for {{ for }}. Near the limit the GC runs more and more often to stay under it, up to half the CPU; past that it lets the heap grow. Raise GOMEMLIMIT or find what holds the live heap (gomem top --store <store> --target {{ target }}).",
            "The runtime starts collecting harder as its memory approaches the limit; at 90% the headroom left is about one GC cycle's allocation of a busy service. 5 minutes, as the Prometheus rule on the GC limiter, keeps a burst from counting.",
            threshold: AlertThresholds.GomemlimitShare),
        Rule("GoMemGomemlimitUnset", AlertCondition.GomemlimitUnset, AlertThresholds.GomemlimitUnsetFor, "info",
            "{{ target }}: GOMEMLIMIT is not set under a {{ limit }} memory limit",
            "The process runs under a {{ limit }} memory limit without GOMEMLIMIT, so the GC paces by GOGC alone and lets the heap double before it collects: a heap past half the limit can be killed for memory it would have given back. Set GOMEMLIMIT to about 90% of the limit (gomem gc tune suggests a value).",
            "Go's own guidance (the GC guide) for containers is to set GOMEMLIMIT a little below the container's limit. It is a configuration fact, not load: info, and 10 minutes so a target's first cycles (before the limit is read) do not fire it."),
        Rule("GoMemGcCpuHigh", AlertCondition.GcCpuHigh, AlertThresholds.GcCpuFor, "warning",
            "{{ target }}: the GC has used {{ value }} of the CPU since the process started",
            "The garbage collector's share of CPU time has been above {{ threshold }} for {{ for }}. gomem gc tune suggests GOGC and GOMEMLIMIT for the heap this service keeps; gomem top -sample_index=alloc_space on an allocs profile shows who allocates.",
            "The GC marks with a quarter of GOMAXPROCS while it runs; a lifetime share above 10% means it runs about 40% of the time, where more headroom (GOGC) or fewer allocations pays off. The figure is averaged since the process started, so it moves slowly: 15 minutes keeps a start-up burst from counting.",
            threshold: AlertThresholds.GcCpuFractionLimit),
        Rule("GoMemGcPauseP99High", AlertCondition.GcPauseP99High, AlertThresholds.PauseP99For, "warning",
            "{{ target }}: GC stop-the-world pauses p99 {{ value }}",
            "The p99 of the last 256 GC pauses (MemStats' ring) has been above {{ threshold }} for {{ for }}. Go's pauses are normally well under 1 ms; long ones come from a throttled or starved CPU (check the container's CPU limit) or goroutines slow to reach a safe point.",
            "Go's stop-the-world phases take tens to hundreds of microseconds; 10 ms is where a pause shows in request latency. 10 minutes of it is not one unlucky cycle.",
            threshold: AlertThresholds.PauseP99LimitSeconds),
        Rule("GoMemProcessRestarted", AlertCondition.Restarted, TimeSpan.Zero, "warning",
            "{{ target }} restarted at {{ restarted_at }}",
            "The process answering is a new one: {{ reason }}. If resident memory was near the limit before (GoMemMemoryNearLimit), the kernel's OOM killer is the likely cause: look for OOMKilled in the pod's last state or in the kernel log.",
            "A restart is an event, not a condition that holds, so it fires at once; it stays 15 minutes, long enough to be seen next to the memory alerts that came before it, then resolves.",
            window: AlertThresholds.RestartShownFor),
        Rule("GoMemTargetDown", AlertCondition.TargetDown, AlertThresholds.TargetDownFor, "critical",
            "{{ target }}: gomem watch cannot read the service",
            "gomem watch has not read this target's debug endpoints for {{ for }} ({{ error }}): the process is gone (killed, crashed) or not answering, and its leak verdicts are on hold.",
            "2 minutes is more than one failed cycle at the usual 10-30 s interval, as Prometheus' usual up == 0 alerts wait; critical because a Go service that stops answering its debug port is usually gone."),
    ];

    private static AlertRule Rule(string name, AlertCondition condition, TimeSpan wait, string severity, string summary, string description, string why,
        double? threshold = null, TimeSpan? horizon = null, TimeSpan? window = null) => new()
        {
            Name = name,
            Condition = condition,
            Threshold = threshold,
            Horizon = horizon,
            Window = window,
            For = wait,
            Labels = LabelSet.Of(("severity", severity)),
            Annotations = [new("summary", summary), new("description", description)],
            Why = why,
        };
}
