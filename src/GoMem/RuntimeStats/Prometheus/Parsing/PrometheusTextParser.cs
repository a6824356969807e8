using GoMem.IO;
using GoMem.RuntimeStats.Text;

namespace GoMem.RuntimeStats.Prometheus.Parsing;

/// <summary>
/// Parses Prometheus text exposition 0.0.4 and OpenMetrics 1.0 text, streaming line by line under
/// <see cref="RuntimeStatsLimits"/>. As tolerant as the Prometheus server's own text parsers (blank lines, extra
/// blanks, unknown escapes kept verbatim, a trailing comma in label sets, UTF-8 quoted names), but anything
/// ambiguous is an error naming the line rather than a guess: a value that is not a Go float, a duplicate label,
/// conflicting TYPE lines, a histogram bucket without <c>le</c>, OpenMetrics families interleaved or cut before
/// <c># EOF</c>.
/// </summary>
public sealed partial class PrometheusTextParser
{
    private readonly BoundedLineReader _reader;
    private readonly RuntimeStatsLimits _limits;
    private readonly ExpositionFormat _format;
    private readonly Dictionary<string, FamilyBuilder> _families = new(StringComparer.Ordinal);
    private readonly List<FamilyBuilder> _order = [];
    private readonly StringPool _names = new(200_000);
    private readonly StringPool _values = new(200_000);
    private readonly List<MetricLabel> _labelScratch = [];
    private readonly List<PendingTimestamp> _timestamps = [];
    private FamilyBuilder? _current;
    private int _sampleCount;
    private bool _sawEof;
    private bool _sawContent;

    /// <summary>First line using syntax only OpenMetrics has (exemplar, # UNIT, an OpenMetrics-only type), or 0.</summary>
    private long _openMetricsOnlyLine;

    private PrometheusTextParser(Stream stream, string source, RuntimeStatsLimits limits, ExpositionFormat format)
    {
        _reader = new BoundedLineReader(stream, source, limits.MaxLineBytes);
        _limits = limits;
        _format = format;
    }

    /// <summary>A timestamp whose meaning (milliseconds or seconds) is only known at the end in Auto mode.</summary>
    private readonly record struct PendingTimestamp(FamilyBuilder Family, int Index, double Seconds, bool IsInteger, long Line);

    private string Source => _reader.Source;

    public static MetricsExposition ParseFile(string path, RuntimeStatsLimits? limits = null, ExpositionFormat format = ExpositionFormat.Auto)
    {
        limits ??= RuntimeStatsLimits.Default;
        using var input = InputOpener.OpenFile(path, limits.InputLimits);
        return Parse(input, limits, format);
    }

    public static MetricsExposition Parse(OpenedInput input, RuntimeStatsLimits? limits = null, ExpositionFormat format = ExpositionFormat.Auto) =>
        Parse(input.Content, input.Name, limits, format);

    public static MetricsExposition Parse(Stream stream, string source, RuntimeStatsLimits? limits = null, ExpositionFormat format = ExpositionFormat.Auto) =>
        new PrometheusTextParser(stream, source, limits ?? RuntimeStatsLimits.Default, format).Run();

    private MetricsExposition Run()
    {
        while (_reader.ReadLine() is { } line)
        {
            var text = line.AsSpan().Trim(" \t");
            if (_sawEof)
            {
                if (!text.IsEmpty)
                {
                    throw Error("content after # EOF (OpenMetrics ends at its # EOF line)");
                }

                continue;
            }

            if (text.IsEmpty)
            {
                continue;
            }

            _sawContent = true;
            if (text[0] == '#')
            {
                ParseCommentLine(text);
            }
            else
            {
                ParseSampleLine(text);
            }
        }

        if (!_sawContent)
        {
            throw new BadInputException(Source, "the file is empty (no metrics)", 0);
        }

        var format = Finish();
        var families = new MetricFamily[_order.Count];
        for (var i = 0; i < families.Length; i++)
        {
            families[i] = _order[i].Build();
        }

        return new MetricsExposition(Source, format, families);
    }

    /// <summary>Settles the format and, for OpenMetrics read in Auto mode, converts timestamps from seconds.</summary>
    private ExpositionFormat Finish()
    {
        var openMetrics = _format == ExpositionFormat.OpenMetrics || (_format == ExpositionFormat.Auto && _sawEof);
        if (_format == ExpositionFormat.OpenMetrics && !_sawEof)
        {
            throw new BadInputException(Source, "no # EOF line at the end: OpenMetrics text cut short?", lineNumber: _reader.LineNumber);
        }

        if (_format == ExpositionFormat.Auto && !_sawEof && _openMetricsOnlyLine > 0)
        {
            throw new BadInputException(Source, "OpenMetrics syntax but no # EOF line at the end: OpenMetrics text cut short?", lineNumber: _openMetricsOnlyLine);
        }

        foreach (var pending in _timestamps)
        {
            if (openMetrics)
            {
                var samples = pending.Family.Samples;
                samples[pending.Index] = samples[pending.Index] with { TimestampMs = SecondsToMilliseconds(pending.Seconds, pending.Line) };
            }
            else if (!pending.IsInteger)
            {
                throw new BadInputException(Source, "timestamp is not an integer number of milliseconds (a float timestamp is OpenMetrics, which needs # EOF at the end)", lineNumber: pending.Line);
            }
        }

        return openMetrics ? ExpositionFormat.OpenMetrics : ExpositionFormat.PrometheusText;
    }

    private long SecondsToMilliseconds(double seconds, long line)
    {
        var ms = Math.Round(seconds * 1000);
        if (!(Math.Abs(ms) < 9.2e18))
        {
            throw new BadInputException(Source, "timestamp is out of range", lineNumber: line);
        }

        return (long)ms;
    }

    private BadInputException Error(string problem) => new(Source, problem, _reader.LineOffset, _reader.LineNumber);

    private void MarkOpenMetricsOnly()
    {
        if (_openMetricsOnlyLine == 0)
        {
            _openMetricsOnlyLine = _reader.LineNumber;
        }
    }
}
