using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace GoMem.ReplayServer;

/// <summary>
/// One captured text artifact (a /debug/vars JSON or a /metrics exposition) with its counters marked as slots, so a
/// target can serve it with its counters moved on: value + lap * span + shift. The span of a slot is one more than the
/// largest value that counter takes anywhere in the series, so a target that wraps round to the first snapshot keeps
/// every counter growing (no false restart), and each target's shift keeps targets' values apart.
/// </summary>
public sealed class CounterTemplate
{
    private readonly string[] _literals;
    private readonly long[] _values;
    private readonly string[] _names;

    private CounterTemplate(string[] literals, long[] values, string[] names)
    {
        _literals = literals;
        _values = values;
        _names = names;
    }

    /// <summary>Splits <paramref name="text"/> at every number the <paramref name="counter"/> pattern captures (group "v", name in group "n").</summary>
    public static CounterTemplate Parse(string text, Regex counter)
    {
        var literals = new List<string>();
        var values = new List<long>();
        var names = new List<string>();
        var at = 0;
        foreach (Match m in counter.Matches(text))
        {
            var v = m.Groups["v"];
            if (!double.TryParse(v.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number < 0 || number > long.MaxValue / 4)
            {
                continue;
            }

            literals.Add(text[at..v.Index]);
            values.Add((long)number);
            names.Add(m.Groups["n"].Value);
            at = v.Index + v.Length;
        }

        literals.Add(text[at..]);
        return new CounterTemplate([.. literals], [.. values], [.. names]);
    }

    /// <summary>Each counter's largest value over the snapshots of a series, by name (the span of one lap).</summary>
    public static Dictionary<string, long> Spans(IEnumerable<CounterTemplate> series)
    {
        var spans = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var template in series)
        {
            for (var i = 0; i < template._values.Length; i++)
            {
                spans[template._names[i]] = Math.Max(spans.GetValueOrDefault(template._names[i]), template._values[i] + 1);
            }
        }

        return spans;
    }

    public byte[] Render(long lap, long shift, IReadOnlyDictionary<string, long> spans, string? replaceFrom = null, string? replaceTo = null)
    {
        var text = new StringBuilder(_literals.Sum(l => l.Length) + (_values.Length * 12));
        for (var i = 0; i < _values.Length; i++)
        {
            text.Append(_literals[i]);
            text.Append((_values[i] + (lap * spans[_names[i]]) + shift).ToString(CultureInfo.InvariantCulture));
        }

        text.Append(_literals[^1]);
        if (replaceFrom is not null && replaceTo is not null)
        {
            text.Replace(replaceFrom, replaceTo);
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
