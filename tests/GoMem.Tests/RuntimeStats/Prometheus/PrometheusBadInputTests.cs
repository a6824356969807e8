using System.Text;
using GoMem.IO;
using GoMem.RuntimeStats;
using GoMem.RuntimeStats.Prometheus;
using GoMem.RuntimeStats.Prometheus.Parsing;
using static GoMem.Tests.RuntimeStats.Prometheus.PrometheusEdgeCaseTests;

namespace GoMem.Tests.RuntimeStats.Prometheus;

/// <summary>Malformed expositions: each is one BadInputException naming the line and what is wrong.</summary>
public sealed class PrometheusBadInputTests
{
    [Theory]
    [InlineData("a{1x=\"v\"} 1\n", 1, "bad label name \"1x=\"v\"} 1\"")]
    [InlineData("# TYPE a gauge\na{x-y=\"v\"} 1\n", 2, "bad label name \"x-y")]
    [InlineData("a{x=\"v} 1\n", 1, "unterminated value of label x (no closing double quote)")]
    [InlineData("a{x=\"v\\\"} 1\n", 1, "unterminated value of label x")]
    [InlineData("a{x=v} 1\n", 1, "the value of label x must be in double quotes")]
    [InlineData("a{x} 1\n", 1, "expected \"=\" after label name x")]
    [InlineData("a{x=\"1\" y=\"2\"} 1\n", 1, "expected \",\" or \"}\" after label x")]
    [InlineData("a{x=\"1\"\n", 1, "unterminated label set")]
    [InlineData("a{x=\"1\",x=\"2\"} 1\n", 1, "duplicate label x")]
    [InlineData("a{,} 1\n", 1, "bad label name \",} 1\"")]
    [InlineData("a one\n", 1, "value is not a number: \"one\"")]
    [InlineData("a 1,5\n", 1, "value is not a number: \"1,5\"")]
    [InlineData("a +NaN\n", 1, "value is not a number")]
    [InlineData("a 1e999\n", 1, "value \"1e999\" is out of the float64 range")]
    [InlineData("a\n", 1, "sample a has no value")]
    [InlineData("a{x=\"1\"}\n", 1, "sample a has no value")]
    [InlineData("a-b 1\n", 1, "unexpected \"-\" after a (bad metric name?)")]
    [InlineData("1a 1\n", 1, "expected a metric name or a comment, found \"1a 1\"")]
    [InlineData("{x=\"1\"} 1\n", 1, "a label set without a metric name")]
    [InlineData("a 1 2 3\n", 1, "unexpected \"3\" after the value of a")]
    [InlineData("a 1 x\n", 1, "timestamp is not a number: \"x\"")]
    [InlineData("a 1 NaN\n", 1, "timestamp \"NaN\" is not a finite number")]
    [InlineData("a 1 # x\n# EOF\n", 1, "bad exemplar: expected \"{\" after \"#\"")]
    [InlineData("a 1 # {x=\"1\"}\n# EOF\n", 1, "bad exemplar: no value")]
    [InlineData("# TYPE a\n", 1, "bad TYPE line: no type after the name a")]
    [InlineData("# TYPE a gauges\n", 1, "bad TYPE line: unknown type \"gauges\" for a")]
    [InlineData("# TYPE a gauge extra\n", 1, "bad TYPE line: unknown type \"gauge extra\"")]
    [InlineData("# TYPE\n", 1, "bad TYPE line: no metric name")]
    [InlineData("# TYPE a-b gauge\n", 1, "bad TYPE line: bad metric name \"a-...\"")]
    [InlineData("# HELP 9 x\n", 1, "bad HELP line: no metric name")]
    [InlineData("# TYPE a gauge\n# TYPE a counter\n", 2, "second TYPE line for a contradicts the first")]
    [InlineData("# HELP a one\n# HELP a two\n", 2, "second HELP line for a contradicts the first")]
    [InlineData("# TYPE s summary\ns 1\n", 2, "summary sample s has no quantile label")]
    [InlineData("# TYPE s summary\ns{quantile=\"half\"} 1\n", 2, "quantile label \"half\" of s is not a number")]
    [InlineData("# TYPE h histogram\nh_bucket 1\n", 2, "histogram sample h_bucket has no le label")]
    [InlineData("# TYPE h histogram\nh 1\n", 2, "sample h does not belong to histogram h (expected h_bucket, h_sum, h_count, h_created)")]
    [InlineData("a 1\n# EOF\na 2\n", 3, "content after # EOF")]
    [InlineData("# UNIT a seconds\na_seconds 1\n", 1, "OpenMetrics syntax but no # EOF line at the end")]
    [InlineData("a 1 # {t=\"1\"} 2\n", 1, "OpenMetrics syntax but no # EOF line at the end")]
    [InlineData("a 1 1.5\n", 1, "timestamp is not an integer number of milliseconds")]
    public void Malformed_lines_name_their_line(string text, long line, string problem)
    {
        var e = Reject(text, problem);
        Assert.Equal(line, e.LineNumber);
        Assert.StartsWith($"metrics.txt:{line}: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_and_comment_free_blank_files_are_rejected()
    {
        Reject("", "the file is empty");
        Reject("\n\n  \n", "the file is empty");
    }

    [Fact]
    public void Strict_formats_are_enforced_when_asked_for()
    {
        Reject("a 1\n", "no # EOF line at the end: OpenMetrics text cut short?", ExpositionFormat.OpenMetrics);
        Reject("a 1 1.5\n", "timestamp \"1.5\" is not an integer number of milliseconds", ExpositionFormat.PrometheusText);
        var text = Parse("a 1 5\n# EOF\n", ExpositionFormat.PrometheusText);
        Assert.Equal(5, text.Find("a")!.Samples[0].TimestampMs);
    }

    [Fact]
    public void Too_many_labels_are_refused()
    {
        var labels = string.Join(",", Enumerable.Range(0, 129).Select(i => $"l{i}=\"v\""));
        Reject($"a{{{labels}}} 1\n", "more than 128 labels in one label set");
    }

    [Fact]
    public void A_line_longer_than_the_cap_is_refused()
    {
        var limits = new RuntimeStatsLimits { MaxLineBytes = 1024 };
        var text = "a{x=\"" + new string('v', 2000) + "\"} 1\n";
        var e = Assert.Throws<BadInputException>(() => PrometheusTextParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(text)), "metrics.txt", limits));
        Assert.Contains("line is longer than 1024 bytes", e.Message, StringComparison.Ordinal);
        Assert.Equal(1, e.LineNumber);
    }

    [Fact]
    public void A_million_samples_parse_within_bounded_memory()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var exposition = PrometheusTextParser.Parse(new GeneratedExposition(1_000_000), "big.txt");
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1_000_000, exposition.SampleCount);
        Assert.Equal(1000, exposition.Families.Count);
        Assert.Equal("i999", exposition.Families[^1].Samples[^1].GetLabel("instance"));
        Assert.True(allocated < 1L << 30, $"allocated {allocated >> 20} MiB");
    }

    [Fact]
    public void One_sample_over_the_cap_is_refused_with_its_line()
    {
        var e = Assert.Throws<BadInputException>(() => PrometheusTextParser.Parse(new GeneratedExposition(1_000_001), "big.txt"));
        Assert.Contains("more than 1000000 samples", e.Message, StringComparison.Ordinal);
        Assert.Equal(1_000_001 + 1000, e.LineNumber);
    }

    [Fact]
    public void Family_cap_is_enforced()
    {
        var limits = new RuntimeStatsLimits { MaxFamilies = 10 };
        var text = string.Concat(Enumerable.Range(0, 11).Select(i => $"m{i} 1\n"));
        var e = Assert.Throws<BadInputException>(() => PrometheusTextParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(text)), "metrics.txt", limits));
        Assert.Contains("more than 10 metric families", e.Message, StringComparison.Ordinal);
        Assert.Equal(11, e.LineNumber);
    }

    /// <summary>
    /// 1000 gauge families of up to 1000 samples each ("# TYPE mN gauge" then "mN{instance="iK",job="load"} K"),
    /// generated while read so the test commits no big file.
    /// </summary>
    private sealed class GeneratedExposition(int samples) : Stream
    {
        private int _emitted;
        private byte[] _pending = [];
        private int _offset;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_offset == _pending.Length)
            {
                if (_emitted == samples)
                {
                    return 0;
                }

                var builder = new StringBuilder();
                for (var i = 0; i < 1000 && _emitted < samples; i++, _emitted++)
                {
                    var family = _emitted / 1000 % 1000;
                    if (_emitted % 1000 == 0 && _emitted < 1_000_000)
                    {
                        builder.Append("# TYPE m").Append(family).Append(" gauge\n");
                    }

                    builder.Append('m').Append(family).Append("{instance=\"i").Append(_emitted % 1000).Append("\",job=\"load\"} ").Append(_emitted).Append('\n');
                }

                _pending = Encoding.UTF8.GetBytes(builder.ToString());
                _offset = 0;
            }

            var n = Math.Min(count, _pending.Length - _offset);
            _pending.AsSpan(_offset, n).CopyTo(buffer.AsSpan(offset));
            _offset += n;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
