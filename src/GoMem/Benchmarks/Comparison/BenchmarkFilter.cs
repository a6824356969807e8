using System.Text.RegularExpressions;
using GoMem.IO;

namespace GoMem.Benchmarks.Comparison;

/// <summary>
/// A practical subset of benchstat's filter syntax: space-separated terms that must all match; a term is
/// <c>key:value</c>, <c>key:(v1 OR v2)</c>, <c>key:/regexp/</c>, or <c>*</c>, and <c>-term</c> negates it. Keys are
/// <c>.name</c> (base name), <c>.fullname</c>, <c>.file</c>, <c>.unit</c> (as written or tidied), <c>/subkey</c>
/// or a configuration key.
/// </summary>
public sealed class BenchmarkFilter
{
    private readonly List<Term> _terms;

    private BenchmarkFilter(List<Term> terms) => _terms = terms;

    public static BenchmarkFilter All { get; } = new([]);

    public string Text { get; private init; } = "*";

    private static Regex Pattern(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw new InvalidSettingException("Filter", $"parsing regexp \"{pattern}\": {e.Message}", e);
        }
    }

    /// <summary>Parses benchstat's filter syntax; empty means every result.</summary>
    public static BenchmarkFilter Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return All;
        }

        var terms = new List<Term>();
        foreach (var token in Tokenize(text))
        {
            if (token == "*")
            {
                continue;
            }

            var negate = token.StartsWith('-');
            var body = negate ? token[1..] : token;
            var colon = body.IndexOf(':');
            if (colon <= 0)
            {
                throw new InvalidSettingException("Filter", $"filter term \"{token}\" is not key:value");
            }

            var key = body[..colon];
            var value = body[(colon + 1)..];
            Func<string, bool> match;
            if (value.Length >= 2 && value.StartsWith('/') && value.EndsWith('/'))
            {
                var regex = Pattern(value[1..^1]);
                match = regex.IsMatch;
            }
            else if (value.StartsWith('(') && value.EndsWith(')'))
            {
                var options = value[1..^1].Split(" OR ", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
                match = options.Contains;
            }
            else
            {
                match = v => v == value;
            }

            terms.Add(new Term(key, match, negate));
        }

        return new BenchmarkFilter(terms) { Text = text };
    }

    /// <summary>True when this value of result passes every term.</summary>
    public bool Matches(BenchmarkResult result, BenchmarkValue value) =>
        Matches(result.Name, result.File, value.Unit, value.OriginalUnit, result.ConfigValue);

    /// <summary>True when a stored series (package, full name, tidied unit) passes every term; .file never matches.</summary>
    public bool MatchesSeries(string package, string fullName, string unit) =>
        Matches(BenchmarkName.Parse(fullName), "", unit, unit, key => key == "pkg" ? package : "");

    private bool Matches(BenchmarkName name, string file, string unit, string originalUnit, Func<string, string> config)
    {
        foreach (var term in _terms)
        {
            bool hit;
            if (term.Key == ".unit")
            {
                hit = term.Match(unit) || term.Match(originalUnit);
            }
            else
            {
                var value = term.Key switch
                {
                    ".name" => name.Base,
                    ".fullname" => name.FullName,
                    ".file" => file,
                    _ when term.Key.StartsWith('/') => name.Get(term.Key[1..]) ?? "",
                    _ => config(term.Key),
                };
                hit = term.Match(value);
            }

            if (hit == term.Negate)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Splits on spaces outside parentheses, so <c>.unit:(ns/op OR B/op)</c> stays one term.</summary>
    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var depth = 0;
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                depth = Math.Max(0, depth - 1);
            }

            if (char.IsWhiteSpace(c) && depth == 0)
            {
                if (start >= 0)
                {
                    tokens.Add(text[start..i]);
                    start = -1;
                }
            }
            else if (start < 0)
            {
                start = i;
            }
        }

        if (depth != 0)
        {
            throw new InvalidSettingException("Filter", "filter has an unclosed '('");
        }

        return tokens;
    }

    private sealed record Term(string Key, Func<string, bool> Match, bool Negate);
}
