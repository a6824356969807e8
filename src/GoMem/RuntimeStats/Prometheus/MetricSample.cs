namespace GoMem.RuntimeStats.Prometheus;

/// <summary>
/// One sample line: the full sample name (e.g. <c>go_gc_duration_seconds_sum</c>), its labels in the order written,
/// its value, and its timestamp in Unix milliseconds if the line had one (OpenMetrics seconds are converted).
/// </summary>
public sealed record MetricSample(string Name, IReadOnlyList<MetricLabel> Labels, double Value, long? TimestampMs)
{
    /// <summary>The OpenMetrics exemplar attached to the line, if any.</summary>
    public Exemplar? Exemplar { get; init; }

    /// <summary>The 1-based line of the sample in its exposition, for error messages about its value.</summary>
    public long LineNumber { get; init; }

    /// <summary>The value of a label, or null when the sample has no such label.</summary>
    public string? GetLabel(string name)
    {
        for (var i = 0; i < Labels.Count; i++)
        {
            if (Labels[i].Name == name)
            {
                return Labels[i].Value;
            }
        }

        return null;
    }

    public override string ToString() =>
        Labels.Count == 0 ? $"{Name} {Value}" : $"{Name}{{{string.Join(",", Labels)}}} {Value}";
}

/// <summary>An OpenMetrics exemplar (<c># {trace_id="..."} value [timestamp]</c>); its timestamp is in seconds, as written.</summary>
public sealed record Exemplar(IReadOnlyList<MetricLabel> Labels, double Value, double? TimestampSeconds);
