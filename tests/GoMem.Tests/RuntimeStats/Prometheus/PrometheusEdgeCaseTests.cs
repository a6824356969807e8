using System.Text;
using GoMem.RuntimeStats.Prometheus;
using GoMem.RuntimeStats.Prometheus.Parsing;

namespace GoMem.Tests.RuntimeStats.Prometheus;

/// <summary>Corners of the two text formats, on small hand-written expositions.</summary>
public sealed class PrometheusEdgeCaseTests
{
    [Fact]
    public void Help_and_label_escapes_are_undone_and_unknown_escapes_kept()
    {
        var exposition = Parse(
            "# HELP m A \\\\ backslash,\\na newline and \\t kept.\n" +
            "# TYPE m gauge\n" +
            "m{path=\"C:\\\\dir\",quote=\"say \\\"hi\\\"\",nl=\"a\\nb\",odd=\"\\q\"} 1\n");
        var family = Assert.Single(exposition.Families);
        Assert.Equal("A \\ backslash,\na newline and \\t kept.", family.Help);
        var sample = Assert.Single(family.Samples);
        Assert.Equal("C:\\dir", sample.GetLabel("path"));
        Assert.Equal("say \"hi\"", sample.GetLabel("quote"));
        Assert.Equal("a\nb", sample.GetLabel("nl"));
        Assert.Equal("\\q", sample.GetLabel("odd"));
        Assert.Equal(["path", "quote", "nl", "odd"], sample.Labels.Select(l => l.Name));
    }

    [Fact]
    public void Blanks_trailing_commas_empty_braces_and_blank_lines_are_tolerated()
    {
        var exposition = Parse("\n  a { x = \"1\" , y=\"2\", } \t 3 \n\nb{} 4\nc{x=\"}\"}5\n# just a comment\n#HELP d tight\nd 6\n");
        Assert.Equal(["a", "b", "c", "d"], exposition.Families.Select(f => f.Name));
        Assert.Equal([new MetricLabel("x", "1"), new MetricLabel("y", "2")], exposition.Find("a")!.Samples[0].Labels);
        Assert.Equal(3, exposition.Find("a")!.Samples[0].Value);
        Assert.Empty(exposition.Find("b")!.Samples[0].Labels);
        Assert.Equal(5, exposition.Find("c")!.Samples[0].Value);
        Assert.Equal("tight", exposition.Find("d")!.Help);
    }

    [Fact]
    public void Special_values_and_go_float_notation_are_read()
    {
        var exposition = Parse("a NaN\nb +Inf\nc -Inf\nd 1.5e-3\ne 0x1p-2\nf 1_000\ng -0\nh Infinity\n");
        Assert.True(double.IsNaN(exposition.Find("a")!.Samples[0].Value));
        Assert.Equal(double.PositiveInfinity, exposition.Find("b")!.Samples[0].Value);
        Assert.Equal(double.NegativeInfinity, exposition.Find("c")!.Samples[0].Value);
        Assert.Equal(0.0015, exposition.Find("d")!.Samples[0].Value);
        Assert.Equal(0.25, exposition.Find("e")!.Samples[0].Value);
        Assert.Equal(1000, exposition.Find("f")!.Samples[0].Value);
        Assert.True(double.IsNegative(exposition.Find("g")!.Samples[0].Value));
        Assert.Equal(double.PositiveInfinity, exposition.Find("h")!.Samples[0].Value);
    }

    [Fact]
    public void Prometheus_text_timestamps_are_milliseconds()
    {
        var exposition = Parse("# TYPE a counter\na 1 1700000000123\nb{x=\"y\"} 2 -5\n");
        Assert.Equal(ExpositionFormat.PrometheusText, exposition.Format);
        Assert.Equal(1700000000123, exposition.Find("a")!.Samples[0].TimestampMs);
        Assert.Equal(-5, exposition.Find("b")!.Samples[0].TimestampMs);
    }

    [Fact]
    public void OpenMetrics_timestamps_are_seconds_and_exemplars_are_read()
    {
        var text = "# TYPE foo counter\n# UNIT foo seconds\n# HELP foo Foo.\n" +
                   "foo_total 17.0 1520879607.789 # {trace_id=\"KOO5S4vxi0o\"} 0.67 1520879602.123\n" +
                   "foo_created 1520430000.123\n" +
                   "# TYPE h histogram\nh_bucket{le=\"0.5\"} 1 # {id=\"a\"} 0.4\nh_bucket{le=\"+Inf\"} 2\nh_count 2\nh_sum 1.1\n" +
                   "# TYPE s stateset\ns{s=\"on\"} 1\ns{s=\"off\"} 0\n" +
                   "# TYPE i info\ni_info{version=\"1\"} 1\n" +
                   "# TYPE g gaugehistogram\ng_bucket{le=\"+Inf\"} 3\ng_gcount 3\ng_gsum 9\n" +
                   "# TYPE u unknown\nu 1 2\n" +
                   "# EOF\n";
        foreach (var format in new[] { ExpositionFormat.Auto, ExpositionFormat.OpenMetrics })
        {
            var exposition = Parse(text, format);
            Assert.Equal(ExpositionFormat.OpenMetrics, exposition.Format);
            var foo = exposition.Find("foo")!;
            Assert.Equal((MetricType.Counter, "seconds", "Foo."), (foo.Type, foo.Unit, foo.Help));
            Assert.Equal(["foo_total", "foo_created"], foo.Samples.Select(s => s.Name));
            Assert.Equal(1520879607789, foo.Samples[0].TimestampMs);
            var exemplar = foo.Samples[0].Exemplar!;
            Assert.Equal([new MetricLabel("trace_id", "KOO5S4vxi0o")], exemplar.Labels);
            Assert.Equal(0.67, exemplar.Value);
            Assert.Equal(1520879602.123, exemplar.TimestampSeconds);
            Assert.Equal(0.4, exposition.Find("h")!.Samples[0].Exemplar!.Value);
            Assert.Null(exposition.Find("h")!.Samples[0].Exemplar!.TimestampSeconds);
            Assert.Equal(4, exposition.Find("h")!.Samples.Count);
            Assert.Equal(MetricType.StateSet, exposition.Find("s")!.Type);
            Assert.Equal("i_info", Assert.Single(exposition.Find("i")!.Samples).Name);
            Assert.Equal(3, exposition.Find("g")!.Samples.Count);
            Assert.Equal(MetricType.Unknown, exposition.Find("u")!.Type);
            Assert.Equal(2000, exposition.Find("u")!.Samples[0].TimestampMs);
        }
    }

    [Fact]
    public void Quoted_utf8_metric_and_label_names_are_read()
    {
        var exposition = Parse("# TYPE \"my.metric\" gauge\n{\"my.metric\", \"label.name\"=\"v\", a=\"b\"} 1\n");
        var family = Assert.Single(exposition.Families);
        Assert.Equal(("my.metric", MetricType.Gauge), (family.Name, family.Type));
        Assert.Equal([new MetricLabel("label.name", "v"), new MetricLabel("a", "b")], family.Samples[0].Labels);
    }

    [Fact]
    public void Untyped_samples_and_families_without_samples_are_kept()
    {
        var exposition = Parse("# HELP lonely Declared but empty.\n# TYPE lonely gauge\nx_sum 1\nx_count 2\n");
        Assert.Equal(["lonely", "x_sum", "x_count"], exposition.Families.Select(f => f.Name));
        Assert.Empty(exposition.Find("lonely")!.Samples);
        Assert.Equal(MetricType.Untyped, exposition.Find("x_sum")!.Type);
    }

    [Fact]
    public void A_gauge_named_like_a_suffix_stays_its_own_family()
    {
        var exposition = Parse("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_sum 1\nh_count 1\n# TYPE h_count_total gauge\nh_count_total 5\n");
        Assert.Equal(["h", "h_count_total"], exposition.Families.Select(f => f.Name));
    }

    [Fact]
    public void Families_may_come_back_in_prometheus_text_but_not_in_strict_openmetrics()
    {
        var text = "# TYPE a gauge\na{x=\"1\"} 1\n# TYPE b gauge\nb 2\na{x=\"2\"} 3\n# EOF\n";
        var tolerant = Parse(text);
        Assert.Equal(2, tolerant.Find("a")!.Samples.Count);
        var e = Reject(text, "sample or metadata for family a after family b began", ExpositionFormat.OpenMetrics);
        Assert.Equal(5, e.LineNumber);
    }

    [Fact]
    public void Client_golang_openmetrics_name_clash_makes_two_families()
    {
        var exposition = Parse(
            "# HELP go_memstats_alloc_bytes In use.\n# TYPE go_memstats_alloc_bytes gauge\ngo_memstats_alloc_bytes 1\n" +
            "# HELP go_memstats_alloc_bytes Total.\n# TYPE go_memstats_alloc_bytes counter\ngo_memstats_alloc_bytes_total 2\n# EOF\n",
            ExpositionFormat.OpenMetrics);
        Assert.Equal([(MetricType.Gauge, "In use."), (MetricType.Counter, "Total.")], exposition.FindAll("go_memstats_alloc_bytes").Select(f => (f.Type, f.Help!)));
        Assert.Equal(2, exposition.FindSamples("go_memstats_alloc_bytes_total")[0].Value);
    }

    [Fact]
    public void Crlf_line_ends_are_accepted()
    {
        var exposition = Parse("# TYPE a gauge\r\na 1\r\n");
        Assert.Equal(1, exposition.Find("a")!.Samples[0].Value);
    }

    [Fact]
    public void Sample_line_numbers_are_recorded()
    {
        var exposition = Parse("# TYPE a gauge\n\na 1\na{x=\"y\"} 2\n");
        Assert.Equal([3L, 4L], exposition.Find("a")!.Samples.Select(s => s.LineNumber));
    }

    internal static MetricsExposition Parse(string text, ExpositionFormat format = ExpositionFormat.Auto) =>
        PrometheusTextParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(text)), "metrics.txt", format: format);

    internal static GoMem.IO.BadInputException Reject(string text, string problem, ExpositionFormat format = ExpositionFormat.Auto)
    {
        var e = Assert.Throws<GoMem.IO.BadInputException>(() => Parse(text, format));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.Equal("metrics.txt", e.Source);
        return e;
    }
}
