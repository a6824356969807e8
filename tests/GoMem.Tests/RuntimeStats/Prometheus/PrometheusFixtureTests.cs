using System.Globalization;
using GoMem.RuntimeStats.Prometheus;
using GoMem.RuntimeStats.Prometheus.Parsing;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.RuntimeStats.Prometheus;

/// <summary>The captured /metrics pages (Prometheus text 0.0.4 and OpenMetrics) of the example Go programs.</summary>
public sealed class PrometheusFixtureTests
{
    public static TheoryData<string> MetricsFiles() => RuntimeStatsFixtures.Files("metrics*.txt");

    /// <summary>The text pages examples/capture.sh fetched beside an OpenMetrics twin (leak series and doctor bundles keep the text page only).</summary>
    public static TheoryData<string> TextFiles() => RuntimeStatsFixtures.Files("metrics*.txt", f => !f.Contains(".openmetrics.", StringComparison.Ordinal) && !f.Contains("-series", StringComparison.Ordinal) && !f.StartsWith("doctor-", StringComparison.Ordinal));

    [Theory]
    [MemberData(nameof(MetricsFiles))]
    public void Every_sample_line_is_read_with_its_value(string file)
    {
        var exposition = PrometheusTextParser.ParseFile(RuntimeStatsFixtures.FullPath(file));
        var openMetrics = file.Contains(".openmetrics.", StringComparison.Ordinal);
        Assert.Equal(openMetrics ? ExpositionFormat.OpenMetrics : ExpositionFormat.PrometheusText, exposition.Format);

        // Independent reading: every non-comment line is "name{labels} value" with no blanks inside label values here.
        var lines = File.ReadAllLines(RuntimeStatsFixtures.FullPath(file)).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
        var samples = exposition.Families.SelectMany(f => f.Samples).OrderBy(s => s.LineNumber).ToArray();
        Assert.Equal(lines.Length, samples.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            var sample = samples[i];
            var token = lines[i][(lines[i].LastIndexOf(' ') + 1)..];
            var expected = token switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                "NaN" => double.NaN,
                _ => double.Parse(token, CultureInfo.InvariantCulture),
            };
            Assert.Equal(expected, sample.Value);
            Assert.StartsWith(sample.Name, lines[i], StringComparison.Ordinal);
            Assert.Null(sample.TimestampMs);
        }

        // Every declared family carries its TYPE, and histogram/summary lines are grouped under it.
        var declared = File.ReadAllLines(RuntimeStatsFixtures.FullPath(file)).Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(declared.Length, exposition.Families.Count);
        for (var i = 0; i < declared.Length; i++)
        {
            var parts = declared[i].Split(' ');
            Assert.Equal(parts[2], exposition.Families[i].Name);
            Assert.Equal(PrometheusTextParser.ParseTypeWord(parts[3]), exposition.Families[i].Type);
            Assert.NotNull(exposition.Families[i].Help);
        }

        var units = File.ReadAllLines(RuntimeStatsFixtures.FullPath(file)).Where(l => l.StartsWith("# UNIT ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(units.Length, exposition.Families.Count(f => f.Unit is not null));
        Assert.Equal(openMetrics, units.Length > 0);
    }

    [Theory]
    [MemberData(nameof(MetricsFiles))]
    public void Go_runtime_families_have_their_parts(string file)
    {
        var exposition = PrometheusTextParser.ParseFile(RuntimeStatsFixtures.FullPath(file));

        var gc = exposition.Find("go_gc_duration_seconds")!;
        Assert.Equal(MetricType.Summary, gc.Type);
        Assert.Equal(["go_gc_duration_seconds", "go_gc_duration_seconds_count", "go_gc_duration_seconds_sum"], gc.Samples.Select(s => s.Name).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal([0, 0.25, 0.5, 0.75, 1], gc.Samples.Where(s => s.Name == gc.Name).Select(s => double.Parse(s.GetLabel("quantile")!, CultureInfo.InvariantCulture)));

        var bySize = exposition.Find("go_gc_heap_allocs_by_size_bytes")!;
        Assert.Equal(MetricType.Histogram, bySize.Type);
        var buckets = bySize.Samples.Where(s => s.Name.EndsWith("_bucket", StringComparison.Ordinal)).ToArray();
        Assert.Equal("+Inf", buckets[^1].GetLabel("le"));
        Assert.Equal(bySize.Samples.Single(s => s.Name == "go_gc_heap_allocs_by_size_bytes_count").Value, buckets[^1].Value);
        Assert.True(buckets.Zip(buckets.Skip(1)).All(pair => pair.First.Value <= pair.Second.Value), "cumulative buckets never decrease");

        var info = Assert.Single(exposition.FindSamples("go_info"));
        Assert.StartsWith("go1.", info.GetLabel("version"), StringComparison.Ordinal);
        Assert.Single(exposition.FindSamples("go_memstats_alloc_bytes"));
        Assert.Single(exposition.FindSamples("go_memstats_alloc_bytes_total"));
    }

    [Fact]
    public void OpenMetrics_counter_families_drop_total_and_the_alloc_bytes_name_heads_two_families()
    {
        var exposition = PrometheusTextParser.ParseFile(RepoPaths.Scenario("snapshot", "metrics.openmetrics.txt"));
        var families = exposition.FindAll("go_memstats_alloc_bytes");
        Assert.Equal([MetricType.Gauge, MetricType.Counter], families.Select(f => f.Type));
        Assert.Equal("go_memstats_alloc_bytes", Assert.Single(families[0].Samples).Name);
        Assert.Equal("go_memstats_alloc_bytes_total", Assert.Single(families[1].Samples).Name);
        Assert.Equal("Total number of bytes allocated, even if freed.", families[1].Help);
        Assert.Equal("bytes", families[1].Unit);
        Assert.Equal(MetricType.Counter, exposition.Find("go_gc_cycles_total_gc_cycles")!.Type);
        Assert.Equal("go_gc_cycles_total_gc_cycles_total", Assert.Single(exposition.Find("go_gc_cycles_total_gc_cycles")!.Samples).Name);
    }

    [Theory]
    [MemberData(nameof(TextFiles))]
    public void Text_and_openmetrics_captures_of_one_moment_hold_the_same_samples(string file)
    {
        var openMetricsFile = file.Replace(".txt", ".openmetrics.txt", StringComparison.Ordinal);
        Assert.True(File.Exists(RuntimeStatsFixtures.FullPath(openMetricsFile)), openMetricsFile);
        if (!file.StartsWith("snapshot", StringComparison.Ordinal))
        {
            // Outside the snapshot folder the two pages were fetched at different moments: compare only the static parts.
            return;
        }

        var text = Index(PrometheusTextParser.ParseFile(RuntimeStatsFixtures.FullPath(file)));
        var openMetrics = Index(PrometheusTextParser.ParseFile(RuntimeStatsFixtures.FullPath(openMetricsFile)));
        Assert.Equal(text.Keys.Order(StringComparer.Ordinal), openMetrics.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, value) in text)
        {
            Assert.True(value.Equals(openMetrics[key]), $"{key}: {value} in text, {openMetrics[key]} in OpenMetrics");
        }
    }

    [Theory]
    [MemberData(nameof(MetricsFiles))]
    public void Truncated_or_corrupted_metrics_give_only_bad_input(string file)
    {
        var bytes = RuntimeStatsFixtures.Bytes(file);
        RuntimeStatsFixtures.AssertOnlyBadInputOrSuccess(bytes, b => PrometheusTextParser.Parse(RuntimeStatsFixtures.Stream(b), file));
        RuntimeStatsFixtures.AssertOnlyBadInputOrSuccess(bytes, b => PrometheusTextParser.Parse(RuntimeStatsFixtures.Stream(b), file, format: ExpositionFormat.OpenMetrics), flips: 50);
    }

    [Fact]
    public void Truncated_openmetrics_is_reported_as_cut_short()
    {
        var bytes = File.ReadAllBytes(RepoPaths.Scenario("snapshot", "metrics.openmetrics.txt"));
        var cut = bytes[..(bytes.Length - "# EOF\n".Length)];
        var e = Assert.Throws<GoMem.IO.BadInputException>(() => PrometheusTextParser.Parse(RuntimeStatsFixtures.Stream(cut), "m.txt"));
        Assert.Contains("OpenMetrics syntax but no # EOF line at the end", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, e.LineNumber);
    }

    /// <summary>Sample name and labels (le and quantile compared as numbers: OpenMetrics writes "0.0" for "0") → value.</summary>
    private static Dictionary<string, double> Index(MetricsExposition exposition)
    {
        var index = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var sample in exposition.Families.SelectMany(f => f.Samples))
        {
            var labels = sample.Labels.Select(l => l.Name is "le" or "quantile"
                ? $"{l.Name}={double.Parse(l.Value.Replace("+Inf", "Infinity", StringComparison.Ordinal), CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture)}"
                : l.ToString());
            index.Add($"{sample.Name}{{{string.Join(",", labels)}}}", sample.Value);
        }

        return index;
    }
}
