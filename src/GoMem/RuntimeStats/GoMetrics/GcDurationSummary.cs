namespace GoMem.RuntimeStats.GoMetrics;

/// <summary>One quantile of a summary: e.g. 0.5 → the median GC pause, in seconds.</summary>
public readonly record struct QuantileValue(double Quantile, double Seconds);

/// <summary>
/// <c>go_gc_duration_seconds</c>: client_golang's summary of stop-the-world GC pauses (quantiles 0, 0.25, 0.5,
/// 0.75, 1 over the pauses in MemStats' ring, the sum as PauseTotalNs in seconds, the count as NumGC).
/// </summary>
public sealed record GcDurationSummary(IReadOnlyList<QuantileValue> Quantiles, double? SumSeconds, double? Count);
