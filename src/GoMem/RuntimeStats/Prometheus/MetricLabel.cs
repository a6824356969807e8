namespace GoMem.RuntimeStats.Prometheus;

/// <summary>One label of a sample, unescaped.</summary>
public readonly record struct MetricLabel(string Name, string Value)
{
    public override string ToString() => $"{Name}=\"{Value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)}\"";
}
