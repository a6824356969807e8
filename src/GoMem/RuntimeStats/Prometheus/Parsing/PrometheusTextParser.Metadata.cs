using System.Text;

namespace GoMem.RuntimeStats.Prometheus.Parsing;

/// <summary>Comment lines: <c># HELP</c>, <c># TYPE</c>, <c># UNIT</c>, <c># EOF</c>; any other comment is ignored.</summary>
public sealed partial class PrometheusTextParser
{
    private void ParseCommentLine(ReadOnlySpan<char> text)
    {
        var rest = text[1..].TrimStart(" \t");
        var keywordEnd = rest.IndexOfAny(' ', '\t');
        var keyword = keywordEnd < 0 ? rest : rest[..keywordEnd];
        var arguments = keywordEnd < 0 ? [] : rest[keywordEnd..].TrimStart(" \t");
        switch (keyword)
        {
            case "HELP":
                ParseHelp(arguments);
                break;
            case "TYPE":
                ParseType(arguments);
                break;
            case "UNIT":
                MarkOpenMetricsOnly();
                ParseUnit(arguments);
                break;
            case "EOF" when arguments.IsEmpty && _format != ExpositionFormat.PrometheusText:
                _sawEof = true;
                break;
            default:
                break; // a plain comment
        }
    }

    private void ParseHelp(ReadOnlySpan<char> arguments)
    {
        var name = ReadMetadataName(ref arguments, "HELP");
        var help = Unescape(arguments.TrimStart(" \t"));
        var family = FamilyForMetadata(name, "HELP", f => f.Help is { } previous && previous != help);
        family.Help = help;
    }

    private void ParseType(ReadOnlySpan<char> arguments)
    {
        var name = ReadMetadataName(ref arguments, "TYPE");
        var word = arguments.Trim(" \t");
        if (word.IsEmpty)
        {
            throw Error($"bad TYPE line: no type after the name {name}");
        }

        var type = ParseTypeWord(word) ?? throw Error($"bad TYPE line: unknown type \"{word}\" for {name} (expected counter, gauge, histogram, summary, untyped, or OpenMetrics' unknown, gaugehistogram, stateset, info)");
        if (type is MetricType.Unknown or MetricType.GaugeHistogram or MetricType.StateSet or MetricType.Info)
        {
            MarkOpenMetricsOnly();
        }

        var family = FamilyForMetadata(name, "TYPE", f => f.TypeDeclared ? f.Type != type : f.Samples.Count > 0);
        family.Declare(type);
    }

    private void ParseUnit(ReadOnlySpan<char> arguments)
    {
        var name = ReadMetadataName(ref arguments, "UNIT");
        var unit = arguments.Trim(" \t").ToString();
        var family = FamilyForMetadata(name, "UNIT", f => f.Unit is { } previous && previous != unit);
        family.Unit = unit;
    }

    /// <summary>The metric name after HELP/TYPE/UNIT: a plain name or a quoted UTF-8 one; leaves the rest.</summary>
    private string ReadMetadataName(ref ReadOnlySpan<char> arguments, string keyword)
    {
        var position = 0;
        string name;
        if (!arguments.IsEmpty && arguments[0] == '"')
        {
            name = ReadQuoted(arguments, ref position, $"the metric name of a {keyword} line");
        }
        else
        {
            var length = MetricNameLength(arguments);
            if (length == 0)
            {
                throw Error($"bad {keyword} line: no metric name");
            }

            name = _names.Get(arguments[..length]);
            position = length;
        }

        if (position < arguments.Length && arguments[position] is not (' ' or '\t'))
        {
            throw Error($"bad {keyword} line: bad metric name \"{name}{arguments[position]}...\"");
        }

        arguments = arguments[position..];
        return name;
    }

    /// <summary>
    /// The family a metadata line applies to. Metadata that contradicts a family which already has samples starts
    /// a new family of the same name: client_golang's OpenMetrics output does this (the gauge
    /// <c>go_memstats_alloc_bytes</c>, then the counter <c>go_memstats_alloc_bytes_total</c>, whose family name
    /// loses <c>_total</c>), and each sample then belongs to the metadata written above it. A contradiction before
    /// any sample (two TYPE lines back to back) is an error.
    /// </summary>
    private FamilyBuilder FamilyForMetadata(string name, string keyword, Func<FamilyBuilder, bool> conflicts)
    {
        if (!_families.TryGetValue(name, out var family))
        {
            family = CreateFamily(name);
        }
        else if (conflicts(family))
        {
            if (family.Samples.Count == 0)
            {
                throw Error($"second {keyword} line for {name} contradicts the first");
            }

            family = CreateFamily(name);
        }

        Enter(family);
        return family;
    }

    internal static MetricType? ParseTypeWord(ReadOnlySpan<char> word) => word switch
    {
        "counter" => MetricType.Counter,
        "gauge" => MetricType.Gauge,
        "histogram" => MetricType.Histogram,
        "summary" => MetricType.Summary,
        "untyped" => MetricType.Untyped,
        "unknown" => MetricType.Unknown,
        "gaugehistogram" => MetricType.GaugeHistogram,
        "stateset" => MetricType.StateSet,
        "info" => MetricType.Info,
        _ => null,
    };

    private static string TypeWord(MetricType type) => type.ToString().ToLowerInvariant();

    /// <summary>HELP text escapes: <c>\\</c> and <c>\n</c>; any other backslash is kept as written (as Prometheus does).</summary>
    private static string Unescape(ReadOnlySpan<char> text)
    {
        if (text.IndexOf('\\') < 0)
        {
            return text.ToString();
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '\\' or 'n')
            {
                builder.Append(text[i + 1] == 'n' ? '\n' : '\\');
                i++;
            }
            else
            {
                builder.Append(text[i]);
            }
        }

        return builder.ToString();
    }
}
