namespace GoMem.RuntimeStats.Prometheus;

/// <summary>Which text format an exposition was read as.</summary>
public enum ExpositionFormat
{
    /// <summary>Decide from the content: OpenMetrics when it ends with <c># EOF</c>, else Prometheus text 0.0.4.</summary>
    Auto,

    /// <summary>Prometheus text format 0.0.4 (<c>text/plain; version=0.0.4</c>): timestamps in integer milliseconds.</summary>
    PrometheusText,

    /// <summary>OpenMetrics 1.0 text: timestamps in seconds, <c># EOF</c> required, families not interleaved.</summary>
    OpenMetrics,
}

/// <summary>
/// A parsed <c>/metrics</c> page: its families in order of first appearance. A name can head more than one family
/// when the exposition re-declares it with other metadata (client_golang's OpenMetrics output has both a gauge and
/// a counter family named <c>go_memstats_alloc_bytes</c>), so look samples up by their sample name.
/// </summary>
public sealed class MetricsExposition
{
    private static readonly string[] SampleSuffixes = ["_total", "_created", "_bucket", "_count", "_sum", "_gcount", "_gsum", "_info"];

    private readonly Dictionary<string, List<MetricFamily>> _byName = new(StringComparer.Ordinal);

    public MetricsExposition(string source, ExpositionFormat format, IReadOnlyList<MetricFamily> families)
    {
        Source = source;
        Format = format;
        Families = families;
        foreach (var family in families)
        {
            if (!_byName.TryGetValue(family.Name, out var list))
            {
                _byName[family.Name] = list = [];
            }

            list.Add(family);
        }
    }

    /// <summary>The file name (or URL, or "stdin") it came from.</summary>
    public string Source { get; }

    /// <summary><see cref="ExpositionFormat.PrometheusText"/> or <see cref="ExpositionFormat.OpenMetrics"/>, never Auto.</summary>
    public ExpositionFormat Format { get; }

    public IReadOnlyList<MetricFamily> Families { get; }

    public int SampleCount
    {
        get
        {
            var count = 0;
            foreach (var family in Families)
            {
                count += family.Samples.Count;
            }

            return count;
        }
    }

    /// <summary>The first family of that name (a histogram by its base name, not <c>_bucket</c>), or null.</summary>
    public MetricFamily? Find(string familyName) => _byName.TryGetValue(familyName, out var list) ? list[0] : null;

    /// <summary>Every family of that name, in order.</summary>
    public IReadOnlyList<MetricFamily> FindAll(string familyName) => _byName.TryGetValue(familyName, out var list) ? list : [];

    /// <summary>
    /// Every sample whose own name is <paramref name="sampleName"/> (e.g. <c>go_memstats_alloc_bytes_total</c> or
    /// <c>go_gc_duration_seconds_sum</c>), whatever family it was grouped under, in file order within each family.
    /// </summary>
    public IReadOnlyList<MetricSample> FindSamples(string sampleName)
    {
        var found = new List<MetricSample>();
        Collect(sampleName, sampleName, found);
        foreach (var suffix in SampleSuffixes)
        {
            if (sampleName.Length > suffix.Length && sampleName.EndsWith(suffix, StringComparison.Ordinal))
            {
                Collect(sampleName[..^suffix.Length], sampleName, found);
            }
        }

        return found;
    }

    private void Collect(string familyName, string sampleName, List<MetricSample> found)
    {
        if (!_byName.TryGetValue(familyName, out var families))
        {
            return;
        }

        foreach (var family in families)
        {
            foreach (var sample in family.Samples)
            {
                if (sample.Name == sampleName)
                {
                    found.Add(sample);
                }
            }
        }
    }
}
