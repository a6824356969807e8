namespace GoMem.RuntimeStats.Prometheus.Parsing;

/// <summary>A family being filled while parsing: its metadata so far and its samples.</summary>
internal sealed class FamilyBuilder(string name)
{
    /// <summary>Sample-name suffixes each type allows after the family name ("" is the bare name).</summary>
    private static readonly string[] CounterSuffixes = ["", "_total", "_created"];
    private static readonly string[] PlainSuffixes = [""];
    private static readonly string[] HistogramSuffixes = ["_bucket", "_sum", "_count", "_created"];
    private static readonly string[] GaugeHistogramSuffixes = ["_bucket", "_gsum", "_gcount"];
    private static readonly string[] SummarySuffixes = ["", "_sum", "_count", "_created"];
    private static readonly string[] InfoSuffixes = ["_info", ""];

    /// <summary>Every suffix any type allows, longest first, for finding a sample's family by stripping one.</summary>
    public static readonly string[] AllSuffixes = ["_created", "_bucket", "_gcount", "_total", "_count", "_gsum", "_info", "_sum"];

    public string Name { get; } = name;

    public MetricType Type { get; private set; } = MetricType.Untyped;

    public bool TypeDeclared { get; private set; }

    public string? Help { get; set; }

    public string? Unit { get; set; }

    public List<MetricSample> Samples { get; } = [];

    /// <summary>Another family's line came after this family's lines (matters for OpenMetrics' no-interleaving rule).</summary>
    public bool Left { get; set; }

    public void Declare(MetricType type)
    {
        Type = type;
        TypeDeclared = true;
    }

    public string[] Suffixes => SuffixesFor(Type);

    /// <summary>The suffix by which <paramref name="sampleName"/> belongs to this family, or null.</summary>
    public string? SuffixOf(ReadOnlySpan<char> sampleName)
    {
        if (!sampleName.StartsWith(Name, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = sampleName[Name.Length..];
        foreach (var suffix in Suffixes)
        {
            if (rest.SequenceEqual(suffix))
            {
                return suffix;
            }
        }

        return null;
    }

    public MetricFamily Build() => new(Name, Type, Help, Unit, Samples);

    public static string[] SuffixesFor(MetricType type) => type switch
    {
        MetricType.Counter => CounterSuffixes,
        MetricType.Histogram => HistogramSuffixes,
        MetricType.GaugeHistogram => GaugeHistogramSuffixes,
        MetricType.Summary => SummarySuffixes,
        MetricType.Info => InfoSuffixes,
        _ => PlainSuffixes,
    };
}
