namespace GoMem.Storage.Monitoring;

/// <summary>
/// The runtime figures that are levels (gauges): memory in use, counts of things alive, fractions, settings and
/// limits. A rollup keeps their minimum, average and maximum: adding levels up means nothing, so they are never summed.
/// </summary>
public enum RuntimeGauge
{
    Rss,
    HeapAlloc,
    HeapInuse,
    HeapIdle,
    HeapReleased,
    HeapSys,
    Sys,
    NextGc,
    StackInuse,
    Goroutines,
    GcCpuFraction,
    PauseP99,
    Gogc,
    Gomemlimit,
    ContainerLimit,
}

/// <summary>
/// The runtime figures that only grow while the process lives (cumulative counters): a rollup keeps the last value
/// and the minimum and maximum (the minimum is the first value unless the process restarted), never a sum.
/// </summary>
public enum RuntimeCounter
{
    NumGc,
    TotalAlloc,
}

/// <summary>A gauge over a rollup's span: of the <see cref="Count"/> samples that had it, the least, the mean and the most.</summary>
/// <remarks>Whole-number figures are exact up to 2^53 (9 PB); GOMEMLIMIT's "off" (MaxInt64) comes back as MaxInt64.</remarks>
public readonly record struct GaugeRollup(double Min, double Average, double Max, long Count);

/// <summary>A counter over a rollup's span: its least and greatest value, and its value in the latest sample that had it.</summary>
public readonly record struct CounterRollup(long Min, long Max, long Last);

/// <summary>
/// A target's runtime statistics over one span of <see cref="Resolution"/> (one minute, one hour) starting at
/// <see cref="Time"/> (a multiple of the resolution since the Unix epoch), made by the store's retention from the
/// samples (or finer rollups) of that span once they were too old to keep one by one.
/// </summary>
public sealed class RuntimeRollup
{
    private readonly GaugeRollup?[] _gauges;
    private readonly CounterRollup?[] _counters;

    public RuntimeRollup(DateTimeOffset time, TimeSpan resolution, GaugeRollup?[] gauges, CounterRollup?[] counters)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(gauges.Length, RuntimeSeriesFigures.Gauges.Count, nameof(gauges));
        ArgumentOutOfRangeException.ThrowIfNotEqual(counters.Length, RuntimeSeriesFigures.Counters.Count, nameof(counters));
        Time = time;
        Resolution = resolution;
        _gauges = gauges;
        _counters = counters;
    }

    /// <summary>The start of the span.</summary>
    public DateTimeOffset Time { get; }

    public TimeSpan Resolution { get; }

    /// <summary>The end of the span (exclusive).</summary>
    public DateTimeOffset End => Time + Resolution;

    /// <summary>How many samples were rolled up into this span.</summary>
    public required int SampleCount { get; init; }

    /// <summary>The time of the span's first sample.</summary>
    public required DateTimeOffset FirstSample { get; init; }

    /// <summary>The time of the span's last sample.</summary>
    public required DateTimeOffset LastSample { get; init; }

    /// <summary>Every source any of the samples came from.</summary>
    public RuntimeSampleSources Sources { get; init; }

    /// <summary>The process start time of the span's last sample that had one.</summary>
    public double? ProcessStartTimeSeconds { get; init; }

    /// <summary>The pid of the span's last sample that had one.</summary>
    public long? Pid { get; init; }

    /// <summary>The gauge over the span, or null when no sample had it.</summary>
    public GaugeRollup? this[RuntimeGauge gauge] => _gauges[(int)gauge];

    /// <summary>The counter over the span, or null when no sample had it.</summary>
    public CounterRollup? this[RuntimeCounter counter] => _counters[(int)counter];
}

/// <summary>Each runtime figure's store column, JSON name and value in a sample: the one table every rollup reader and writer follows.</summary>
public static class RuntimeSeriesFigures
{
    /// <param name="Column">The column of <c>runtime_samples</c>; the rollup columns add _min, _avg, _max and _n (gauges) or _min, _max and _last (counters).</param>
    /// <param name="IsWhole">A whole number (bytes, counts), stored as an integer; otherwise a real number.</param>
    public sealed record Figure<TKey>(TKey Key, string Column, string JsonName, bool IsWhole, Func<RuntimeSample, double?> Value);

    public static IReadOnlyList<Figure<RuntimeGauge>> Gauges { get; } =
    [
        new(RuntimeGauge.Rss, "rss_bytes", "rssBytes", true, s => s.RssBytes),
        new(RuntimeGauge.HeapAlloc, "heap_alloc_bytes", "heapAllocBytes", true, s => s.HeapAllocBytes),
        new(RuntimeGauge.HeapInuse, "heap_inuse_bytes", "heapInuseBytes", true, s => s.HeapInuseBytes),
        new(RuntimeGauge.HeapIdle, "heap_idle_bytes", "heapIdleBytes", true, s => s.HeapIdleBytes),
        new(RuntimeGauge.HeapReleased, "heap_released_bytes", "heapReleasedBytes", true, s => s.HeapReleasedBytes),
        new(RuntimeGauge.HeapSys, "heap_sys_bytes", "heapSysBytes", true, s => s.HeapSysBytes),
        new(RuntimeGauge.Sys, "sys_bytes", "sysBytes", true, s => s.SysBytes),
        new(RuntimeGauge.NextGc, "next_gc_bytes", "nextGcBytes", true, s => s.NextGcBytes),
        new(RuntimeGauge.StackInuse, "stack_inuse_bytes", "stackInuseBytes", true, s => s.StackInuseBytes),
        new(RuntimeGauge.Goroutines, "goroutines", "goroutines", true, s => s.Goroutines),
        new(RuntimeGauge.GcCpuFraction, "gc_cpu_fraction", "gcCpuFraction", false, s => s.GcCpuFraction is { } v && !double.IsNaN(v) ? v : null),
        new(RuntimeGauge.PauseP99, "pause_p99_seconds", "pauseP99Seconds", false, s => s.PauseP99Seconds is { } v && !double.IsNaN(v) ? v : null),
        new(RuntimeGauge.Gogc, "gogc", "gogc", true, s => s.Gogc),
        new(RuntimeGauge.Gomemlimit, "gomemlimit_bytes", "gomemlimitBytes", true, s => s.GomemlimitBytes),
        new(RuntimeGauge.ContainerLimit, "container_limit_bytes", "containerLimitBytes", true, s => s.ContainerLimitBytes),
    ];

    public static IReadOnlyList<Figure<RuntimeCounter>> Counters { get; } =
    [
        new(RuntimeCounter.NumGc, "num_gc", "numGc", true, s => s.NumGc),
        new(RuntimeCounter.TotalAlloc, "total_alloc_bytes", "totalAllocBytes", true, s => s.TotalAllocBytes),
    ];

    /// <summary>The counter's value in a sample (counters are whole numbers).</summary>
    public static long? Value(RuntimeSample sample, RuntimeCounter counter) => counter switch
    {
        RuntimeCounter.NumGc => sample.NumGc,
        RuntimeCounter.TotalAlloc => sample.TotalAllocBytes,
        _ => throw new ArgumentOutOfRangeException(nameof(counter)),
    };
}
