using GoMem.IO;
using GoMem.RuntimeStats.Expvar;
using GoMem.RuntimeStats.Prometheus;
using GoMem.RuntimeStats.Prometheus.Parsing;

namespace GoMem.RuntimeStats.GoMetrics;

/// <summary>Several processes in one exposition and no target chosen: the caller must pick one of <see cref="Targets"/>.</summary>
public sealed class AmbiguousMetricsTargetException(IReadOnlyList<MetricsTarget> targets)
    : InvalidOperationException($"the metrics hold {targets.Count} processes; choose one of: {string.Join(" ", targets)}")
{
    public IReadOnlyList<MetricsTarget> Targets { get; } = targets;
}

/// <summary>
/// What <c>gomem explain</c> needs from a /metrics page, for one target (process): the MemStats fields of
/// <c>go_memstats_*</c>, the runtime/metrics-based GC and memory-class gauges, goroutine and thread counts, the
/// GC pause summary and the process collector's memory figures. Every value is null when its sample is absent.
/// </summary>
public sealed record GoMetricsView
{
    public required string Source { get; init; }

    public required MetricsTarget Target { get; init; }

    /// <summary>The <c>go_memstats_*</c> fields, or null when the exposition has none for this target.</summary>
    public MetricsMemStats? MemStats { get; init; }

    /// <summary><c>go_gc_heap_goal_bytes</c>: the heap size the GC aims to finish the cycle at.</summary>
    public double? HeapGoalBytes { get; init; }

    /// <summary><c>go_gc_heap_live_bytes</c> (Go 1.21+): heap marked live by the last GC.</summary>
    public double? HeapLiveBytes { get; init; }

    /// <summary><c>go_gc_gogc_percent</c> (Go 1.21+): GOGC, or -1 when off.</summary>
    public double? GogcPercent { get; init; }

    /// <summary><c>go_gc_gomemlimit_bytes</c> (Go 1.21+): GOMEMLIMIT (math.MaxInt64 when unset).</summary>
    public double? GoMemLimitBytes { get; init; }

    /// <summary>Every <c>go_memory_classes_*_bytes</c> sample, keyed by sample name.</summary>
    public required IReadOnlyDictionary<string, double> MemoryClasses { get; init; }

    /// <summary><c>go_sched_goroutines_goroutines</c>, else <c>go_goroutines</c>.</summary>
    public double? Goroutines { get; init; }

    /// <summary><c>go_threads</c>: OS threads created by the runtime.</summary>
    public double? Threads { get; init; }

    /// <summary>The Go version from <c>go_info{version=...}</c>.</summary>
    public string? GoVersion { get; init; }

    /// <summary><c>go_gc_duration_seconds</c>, or null when absent.</summary>
    public GcDurationSummary? GcDuration { get; init; }

    public double? ProcessResidentMemoryBytes { get; init; }

    public double? ProcessVirtualMemoryBytes { get; init; }

    public double? ProcessVirtualMemoryMaxBytes { get; init; }

    /// <summary>Process start, in Unix seconds.</summary>
    public double? ProcessStartTimeSeconds { get; init; }

    /// <summary>The distinct targets of the Go runtime and process samples, in order of first appearance.</summary>
    public static IReadOnlyList<MetricsTarget> ListTargets(MetricsExposition exposition)
    {
        var targets = new List<MetricsTarget>();
        var seen = new HashSet<MetricsTarget>();
        foreach (var sample in RuntimeSamples(exposition))
        {
            var target = TargetOf(sample);
            if (seen.Add(target))
            {
                targets.Add(target);
            }
        }

        return targets;
    }

    /// <summary>
    /// The view of one target; with <paramref name="target"/> null the exposition must hold a single target
    /// (else <see cref="AmbiguousMetricsTargetException"/>). A sample that cannot be what its name says (a negative
    /// byte count, two values for one target) is bad input naming its line.
    /// </summary>
    public static GoMetricsView Create(MetricsExposition exposition, MetricsTarget? target = null)
    {
        if (target is null)
        {
            var targets = ListTargets(exposition);
            if (targets.Count > 1)
            {
                throw new AmbiguousMetricsTargetException(targets);
            }

            target = targets.Count == 1 ? targets[0] : new MetricsTarget([]);
        }

        var reader = new TargetSamples(exposition, target);
        var memoryClasses = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var family in exposition.Families)
        {
            if (family.Name.StartsWith(GoMetricNames.MemoryClassesPrefix, StringComparison.Ordinal) && family.Name.EndsWith("_bytes", StringComparison.Ordinal) &&
                reader.Single(family.Name) is { } value)
            {
                memoryClasses[family.Name] = value;
            }
        }

        return new GoMetricsView
        {
            Source = exposition.Source,
            Target = target,
            MemStats = ReadMemStats(reader),
            HeapGoalBytes = reader.Single(GoMetricNames.HeapGoalBytes),
            HeapLiveBytes = reader.Single(GoMetricNames.HeapLiveBytes),
            GogcPercent = reader.Single(GoMetricNames.GogcPercent),
            GoMemLimitBytes = reader.Single(GoMetricNames.GoMemLimitBytes),
            MemoryClasses = memoryClasses,
            Goroutines = reader.Single(GoMetricNames.SchedGoroutines) ?? reader.Single(GoMetricNames.Goroutines),
            Threads = reader.Single(GoMetricNames.Threads),
            GoVersion = reader.SingleSample(GoMetricNames.Info)?.GetLabel("version"),
            GcDuration = ReadGcDuration(reader),
            ProcessResidentMemoryBytes = reader.Single(GoMetricNames.ProcessResidentMemoryBytes),
            ProcessVirtualMemoryBytes = reader.Single(GoMetricNames.ProcessVirtualMemoryBytes),
            ProcessVirtualMemoryMaxBytes = reader.Single(GoMetricNames.ProcessVirtualMemoryMaxBytes),
            ProcessStartTimeSeconds = reader.Single(GoMetricNames.ProcessStartTimeSeconds),
        };
    }

    private static MetricsMemStats? ReadMemStats(TargetSamples reader)
    {
        var integers = new Dictionary<MemStatsField, ulong>();
        double? gcCpuFraction = null;
        foreach (var metric in GoMemStatsMetrics.All)
        {
            if (reader.SingleSample(metric.SampleName) is not { } sample)
            {
                continue;
            }

            if (metric.Field == MemStatsField.GCCPUFraction)
            {
                gcCpuFraction = sample.Value;
                continue;
            }

            var max = metric.Field == MemStatsField.NumGC ? uint.MaxValue : 18446744073709551615.0;
            var scaled = metric.InSeconds ? Math.Round(sample.Value * 1e9) : sample.Value;
            if (!(scaled >= 0 && scaled <= max) || scaled != Math.Floor(scaled))
            {
                throw new BadInputException(reader.Source, $"{metric.SampleName} is {sample.Value}, which is not a valid {metric.Field} (a whole number from 0 to {max})", lineNumber: sample.LineNumber);
            }

            // 2^64 itself rounds to double 2^64; clamp instead of overflowing the cast.
            integers[metric.Field] = scaled >= 18446744073709551615.0 ? ulong.MaxValue : (ulong)scaled;
        }

        return integers.Count == 0 && gcCpuFraction is null ? null : MetricsMemStats.From(integers, gcCpuFraction);
    }

    private static GcDurationSummary? ReadGcDuration(TargetSamples reader)
    {
        var quantiles = new List<QuantileValue>();
        foreach (var sample in reader.All(GoMetricNames.GcDuration))
        {
            if (GoFloat.Parse(sample.GetLabel("quantile"), out var quantile) == GoFloat.Result.Ok)
            {
                quantiles.Add(new QuantileValue(quantile, sample.Value));
            }
        }

        var sum = reader.Single(GoMetricNames.GcDuration + "_sum");
        var count = reader.Single(GoMetricNames.GcDuration + "_count");
        if (quantiles.Count == 0 && sum is null && count is null)
        {
            return null;
        }

        quantiles.Sort(static (a, b) => a.Quantile.CompareTo(b.Quantile));
        return new GcDurationSummary(quantiles, sum, count);
    }

    /// <summary>Samples of the Go runtime and process metrics this view reads (not other go_* metrics with labels of their own).</summary>
    private static IEnumerable<MetricSample> RuntimeSamples(MetricsExposition exposition)
    {
        foreach (var family in exposition.Families)
        {
            if (!family.Name.StartsWith("go_", StringComparison.Ordinal) && !family.Name.StartsWith("process_", StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var sample in family.Samples)
            {
                if (GoMetricNames.IsRead(sample.Name))
                {
                    yield return sample;
                }
            }
        }
    }

    internal static MetricsTarget TargetOf(MetricSample sample)
    {
        var labels = new List<MetricLabel>(sample.Labels.Count);
        foreach (var label in sample.Labels)
        {
            if (!GoMetricNames.IsOwnLabel(sample.Name, label.Name))
            {
                labels.Add(label);
            }
        }

        return new MetricsTarget(labels);
    }

    /// <summary>Looks up samples by name, keeping only those of one target.</summary>
    private sealed class TargetSamples(MetricsExposition exposition, MetricsTarget target)
    {
        public string Source => exposition.Source;

        public IEnumerable<MetricSample> All(string sampleName)
        {
            foreach (var sample in exposition.FindSamples(sampleName))
            {
                if (TargetOf(sample).Equals(target))
                {
                    yield return sample;
                }
            }
        }

        /// <summary>The target's only sample of that name; a second one is bad input.</summary>
        public MetricSample? SingleSample(string sampleName)
        {
            MetricSample? found = null;
            foreach (var sample in All(sampleName))
            {
                if (found is not null)
                {
                    throw new BadInputException(Source, $"a second {sampleName} sample for target {target} (first on line {found.LineNumber})", lineNumber: sample.LineNumber);
                }

                found = sample;
            }

            return found;
        }

        public double? Single(string sampleName) => SingleSample(sampleName)?.Value;
    }
}
