namespace GoMem.RuntimeStats.Prometheus;

/// <summary>A metric family's type from its <c># TYPE</c> line (Prometheus 0.0.4 and OpenMetrics 1.0 words).</summary>
public enum MetricType
{
    /// <summary>No TYPE line, or <c>untyped</c> (0.0.4).</summary>
    Untyped,

    /// <summary>OpenMetrics' <c>unknown</c> (the same meaning as untyped).</summary>
    Unknown,
    Counter,
    Gauge,
    Histogram,
    Summary,

    /// <summary>OpenMetrics: a histogram of a gauge (<c>_bucket</c>, <c>_gsum</c>, <c>_gcount</c>).</summary>
    GaugeHistogram,

    /// <summary>OpenMetrics: a set of boolean states, one label named after the family.</summary>
    StateSet,

    /// <summary>OpenMetrics: constant labels about a target (<c>_info</c> samples of value 1).</summary>
    Info,
}
