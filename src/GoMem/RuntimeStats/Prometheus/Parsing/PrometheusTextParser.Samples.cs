using System.Text;

namespace GoMem.RuntimeStats.Prometheus.Parsing;

/// <summary>
/// Sample lines: <c>name{label="value",...} value [timestamp] [# {exemplar labels} value [timestamp]]</c>, with
/// blanks allowed between tokens and the metric name optionally quoted inside the braces (Prometheus 3 UTF-8 names).
/// </summary>
public sealed partial class PrometheusTextParser
{
    private void ParseSampleLine(ReadOnlySpan<char> text)
    {
        var position = 0;
        ReadOnlySpan<char> name = default;
        string? quotedName = null;
        if (text[0] != '{')
        {
            var length = MetricNameLength(text);
            if (length == 0)
            {
                throw Error($"expected a metric name or a comment, found \"{Excerpt(text)}\"");
            }

            name = text[..length];
            position = length;
            SkipBlanks(text, ref position);
        }

        MetricLabel[] labels = [];
        var hadLabels = position < text.Length && text[position] == '{';
        if (hadLabels)
        {
            labels = ReadLabelSet(text, ref position, allowMetricName: name.IsEmpty, out quotedName, "label");
            SkipBlanks(text, ref position);
        }

        if (quotedName is not null)
        {
            name = quotedName;
        }
        else if (name.IsEmpty)
        {
            throw Error("a label set without a metric name");
        }

        if (position == text.Length)
        {
            throw Error($"sample {name} has no value");
        }

        if (!hadLabels && text[position - 1] is not (' ' or '\t'))
        {
            throw Error($"unexpected \"{text[position]}\" after {name} (bad metric name?)");
        }

        var value = ReadNumber(text, ref position, "value");
        SkipBlanks(text, ref position);
        long? timestampMs = null;
        PendingTimestamp? pending = null;
        if (position < text.Length && text[position] != '#')
        {
            (timestampMs, pending) = ReadTimestamp(text, ref position);
            SkipBlanks(text, ref position);
        }

        Exemplar? exemplar = null;
        if (position < text.Length)
        {
            if (text[position] != '#')
            {
                throw Error($"unexpected \"{Excerpt(text[position..])}\" after the value of {name}");
            }

            exemplar = ReadExemplar(text, ref position);
        }

        AddSample(name, labels, value, timestampMs, pending, exemplar);
    }

    private (long? Milliseconds, PendingTimestamp? Pending) ReadTimestamp(ReadOnlySpan<char> text, ref int position)
    {
        var start = position;
        var token = ReadToken(text, ref position);
        if (_format != ExpositionFormat.OpenMetrics && long.TryParse(token, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var integer))
        {
            // 0.0.4 milliseconds, unless the file turns out to be OpenMetrics (seconds): decided at the end.
            return (integer, _format == ExpositionFormat.Auto ? new PendingTimestamp(null!, 0, integer, true, _reader.LineNumber) : null);
        }

        position = start;
        var seconds = ReadNumber(text, ref position, "timestamp");
        if (!double.IsFinite(seconds))
        {
            throw Error($"timestamp \"{token}\" is not a finite number");
        }

        if (_format == ExpositionFormat.OpenMetrics)
        {
            return (SecondsToMilliseconds(seconds, _reader.LineNumber), null);
        }

        if (_format == ExpositionFormat.PrometheusText)
        {
            throw Error($"timestamp \"{token}\" is not an integer number of milliseconds");
        }

        return (null, new PendingTimestamp(null!, 0, seconds, false, _reader.LineNumber));
    }

    private Exemplar ReadExemplar(ReadOnlySpan<char> text, ref int position)
    {
        MarkOpenMetricsOnly();
        position++;
        SkipBlanks(text, ref position);
        if (position >= text.Length || text[position] != '{')
        {
            throw Error("bad exemplar: expected \"{\" after \"#\"");
        }

        var labels = ReadLabelSet(text, ref position, allowMetricName: false, out _, "exemplar label");
        SkipBlanks(text, ref position);
        if (position >= text.Length)
        {
            throw Error("bad exemplar: no value");
        }

        var value = ReadNumber(text, ref position, "exemplar value");
        SkipBlanks(text, ref position);
        double? timestamp = null;
        if (position < text.Length)
        {
            timestamp = ReadNumber(text, ref position, "exemplar timestamp");
            SkipBlanks(text, ref position);
            if (position < text.Length)
            {
                throw Error($"unexpected \"{Excerpt(text[position..])}\" after the exemplar");
            }
        }

        return new Exemplar(labels, value, timestamp);
    }

    /// <summary>
    /// <c>{name="value",...}</c> from the opening brace; a trailing comma and blanks are allowed. With
    /// <paramref name="allowMetricName"/>, a lone quoted string is the metric name (<c>{"my.metric",a="b"}</c>).
    /// </summary>
    private MetricLabel[] ReadLabelSet(ReadOnlySpan<char> text, ref int position, bool allowMetricName, out string? metricName, string what)
    {
        metricName = null;
        position++;
        _labelScratch.Clear();
        while (true)
        {
            SkipBlanks(text, ref position);
            if (position >= text.Length)
            {
                throw Error($"unterminated label set: no \"}}\"");
            }

            if (text[position] == '}')
            {
                position++;
                break;
            }

            string labelName;
            if (text[position] == '"')
            {
                labelName = ReadQuoted(text, ref position, $"a quoted {what} name");
                SkipBlanks(text, ref position);
                if (allowMetricName && metricName is null && position < text.Length && text[position] is ',' or '}')
                {
                    metricName = labelName;
                    ReadSeparator(text, ref position, labelName);
                    continue;
                }
            }
            else
            {
                var length = LabelNameLength(text[position..]);
                if (length == 0)
                {
                    throw Error($"bad {what} name \"{Excerpt(text[position..])}\"");
                }

                labelName = _names.Get(text.Slice(position, length));
                position += length;
                SkipBlanks(text, ref position);
            }

            if (position >= text.Length || text[position] != '=')
            {
                throw Error(position < text.Length && IsNameChar(text[position])
                    ? $"bad {what} name \"{labelName}{Excerpt(text[position..])}\""
                    : $"expected \"=\" after {what} name {labelName}");
            }

            position++;
            SkipBlanks(text, ref position);
            if (position >= text.Length || text[position] != '"')
            {
                throw Error($"the value of {what} {labelName} must be in double quotes");
            }

            var value = ReadQuoted(text, ref position, $"{what} {labelName}");
            foreach (var existing in _labelScratch)
            {
                if (existing.Name == labelName)
                {
                    throw Error($"duplicate {what} {labelName}");
                }
            }

            if (_labelScratch.Count == _limits.MaxLabelsPerSample)
            {
                throw Error($"more than {_limits.MaxLabelsPerSample} labels in one label set");
            }

            _labelScratch.Add(new MetricLabel(labelName, value));
            SkipBlanks(text, ref position);
            ReadSeparator(text, ref position, labelName);
        }

        return _labelScratch.Count == 0 ? [] : [.. _labelScratch];
    }

    /// <summary>After a label: a comma (then more, or the closing brace), or the closing brace itself, left in place.</summary>
    private void ReadSeparator(ReadOnlySpan<char> text, ref int position, string after)
    {
        if (position < text.Length && text[position] == ',')
        {
            position++;
            return;
        }

        if (position >= text.Length)
        {
            throw Error($"unterminated label set: no \"}}\" after label {after}");
        }

        if (text[position] != '}')
        {
            throw Error($"expected \",\" or \"}}\" after label {after}");
        }
    }

    /// <summary>A double-quoted string with <c>\\</c>, <c>\"</c>, <c>\n</c> escapes (others kept verbatim, as Prometheus does).</summary>
    private string ReadQuoted(ReadOnlySpan<char> text, ref int position, string what)
    {
        var start = position + 1;
        var end = start;
        var escaped = false;
        while (true)
        {
            if (end >= text.Length)
            {
                throw Error($"unterminated value of {what} (no closing double quote)");
            }

            if (text[end] == '"')
            {
                break;
            }

            if (text[end] == '\\')
            {
                escaped = true;
                end++;
            }

            end++;
        }

        position = end + 1;
        var raw = text[start..end];
        return escaped ? UnescapeQuoted(raw) : _values.Get(raw);
    }

    private static string UnescapeQuoted(ReadOnlySpan<char> raw)
    {
        var builder = new StringBuilder(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '\\' && i + 1 < raw.Length && raw[i + 1] is '\\' or '"' or 'n')
            {
                builder.Append(raw[i + 1] == 'n' ? '\n' : raw[i + 1]);
                i++;
            }
            else
            {
                builder.Append(raw[i]);
            }
        }

        return builder.ToString();
    }

    private double ReadNumber(ReadOnlySpan<char> text, ref int position, string what)
    {
        var token = ReadToken(text, ref position);
        switch (GoFloat.Parse(token, out var value))
        {
            case GoFloat.Result.Ok:
                return value;
            case GoFloat.Result.OutOfRange:
                throw Error($"{what} \"{Excerpt(token)}\" is out of the float64 range");
            default:
                throw Error($"{what} is not a number: \"{Excerpt(token)}\"");
        }
    }

    private static ReadOnlySpan<char> ReadToken(ReadOnlySpan<char> text, ref int position)
    {
        var start = position;
        while (position < text.Length && text[position] is not (' ' or '\t'))
        {
            position++;
        }

        return text[start..position];
    }

    private static void SkipBlanks(ReadOnlySpan<char> text, ref int position)
    {
        while (position < text.Length && text[position] is ' ' or '\t')
        {
            position++;
        }
    }

    /// <summary>Length of the legacy metric name at the start: <c>[a-zA-Z_:][a-zA-Z0-9_:]*</c>.</summary>
    private static int MetricNameLength(ReadOnlySpan<char> text)
    {
        var i = 0;
        while (i < text.Length && (char.IsAsciiLetter(text[i]) || text[i] is '_' or ':' || (i > 0 && char.IsAsciiDigit(text[i]))))
        {
            i++;
        }

        return i;
    }

    /// <summary>Length of the legacy label name at the start: <c>[a-zA-Z_][a-zA-Z0-9_]*</c>.</summary>
    private static int LabelNameLength(ReadOnlySpan<char> text)
    {
        var i = 0;
        while (i < text.Length && (char.IsAsciiLetter(text[i]) || text[i] == '_' || (i > 0 && char.IsAsciiDigit(text[i]))))
        {
            i++;
        }

        return i;
    }

    private static bool IsNameChar(char c) => !(c is ' ' or '\t' or '=' or ',' or '}' or '"');

    private static string Excerpt(ReadOnlySpan<char> text) => text.Length > 40 ? string.Concat(text[..40], "...") : text.ToString();
}
