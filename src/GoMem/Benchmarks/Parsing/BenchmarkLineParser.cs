using System.Globalization;
using System.Runtime.CompilerServices;
using GoMem.Benchmarks.Units;
using GoMem.IO;

namespace GoMem.Benchmarks.Parsing;

/// <summary>
/// The Go benchmark data format, one line at a time (Go proposal 14313, as golang.org/x/perf/benchfmt reads it):
/// <c>key: value</c> configuration lines that hold until changed, <c>Benchmark...</c> result lines, <c>Unit</c>
/// metadata lines, and everything else (PASS, ok, FAIL, --- BENCH, logs, crash dumps) counted as noise.
/// Malformed result lines are bad input, reported with file and line.
/// </summary>
internal sealed class BenchmarkLineParser(string source, string label, int maxResults)
{
    /// <summary>Configuration keys that are really the start of noise (a crash's "panic: ...", "testing: warning: ...").</summary>
    private static readonly HashSet<string> NoiseKeys = ["panic", "testing", "fatal error", "exit status"];

    private readonly Dictionary<string, BenchmarkName> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Unit, double Factor, string Original)> _units = new(StringComparer.Ordinal);
    private readonly List<ConfigEntry> _config = [];
    private IReadOnlyList<ConfigEntry> _configSnapshot = [];
    private readonly List<BenchmarkValue> _scratch = new(8);
    private const int ChunkValues = 2048;
    private BenchmarkValue[] _chunk = [];
    private int _chunkUsed;

    public List<BenchmarkResult> Results { get; } = [];

    public List<UnitMetadata> UnitMetadata { get; } = [];

    public long NoiseLines { get; private set; }

    /// <summary>Result lines left out because a value is not a finite number; the first few described in <see cref="LeftOut"/>.</summary>
    public long LeftOutLines { get; private set; }

    public List<(long Line, string Problem)> LeftOut { get; } = [];

    // A CLI run parses its file once: optimise the hot loop at first call instead of after tiered warm-up.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Feed(ReadOnlySpan<char> line, long lineNumber)
    {
        var text = line.TrimEnd();
        if (text.IsEmpty)
        {
            return;
        }

        if (IsResultLine(text))
        {
            ParseResult(text, lineNumber);
        }
        else if (text.StartsWith("Unit ") || text.StartsWith("Unit\t"))
        {
            ParseUnitLine(text, lineNumber);
        }
        else if (!TryParseConfig(line))
        {
            NoiseLines++;
        }
    }

    /// <summary>"Benchmark" followed by the end or a character that is not a lower-case letter, as in the testing package.</summary>
    private static bool IsResultLine(ReadOnlySpan<char> text) =>
        text.StartsWith("Benchmark") && (text.Length == 9 || !char.IsLower(text[9]));

    // A CLI run parses its file once: optimise the hot loop at first call instead of after tiered warm-up.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void ParseResult(ReadOnlySpan<char> text, long lineNumber)
    {
        var rest = text;
        var name = NextField(ref rest);
        var iterationsField = NextField(ref rest);
        if (iterationsField.IsEmpty)
        {
            // The name alone is what `go test -v` prints before a benchmark's logs: noise, not a result.
            NoiseLines++;
            return;
        }

        if (!long.TryParse(iterationsField, NumberStyles.None, CultureInfo.InvariantCulture, out var iterations))
        {
            throw new BadInputException(source, $"benchmark {name}: iteration count \"{Clip(iterationsField)}\" is not a whole number", lineNumber: lineNumber);
        }

        _scratch.Clear();
        string? notFinite = null;
        while (true)
        {
            var valueField = NextField(ref rest);
            if (valueField.IsEmpty)
            {
                break;
            }

            var unitField = NextField(ref rest);
            if (unitField.IsEmpty)
            {
                throw new BadInputException(source, $"benchmark {name}: odd number of value/unit fields (value \"{Clip(valueField)}\" has no unit)", lineNumber: lineNumber);
            }

            if (!TryParseFloat(valueField, out var value))
            {
                throw new BadInputException(source, $"benchmark {name}: value \"{Clip(valueField)}\" is not a number", lineNumber: lineNumber);
            }

            var (unit, factor, original) = TidyUnit(unitField, name, lineNumber);
            var tidied = value * factor;
            if (!double.IsFinite(tidied) && notFinite is null)
            {
                notFinite = $"benchmark {name}: value \"{Clip(valueField)}\" {original} is not a finite number";
            }

            _scratch.Add(new BenchmarkValue(tidied, unit, original));
        }

        if (_scratch.Count == 0)
        {
            throw new BadInputException(source, $"benchmark {name}: iteration count but no value/unit pairs", lineNumber: lineNumber);
        }

        if (notFinite is not null)
        {
            // NaN and infinities have no median, rank or ratio: the whole line is left out (benchstat drops a line
            // whose value is out of range the same way), counted, and the first few are named.
            LeftOutLines++;
            if (LeftOut.Count < BenchmarkFile.LeftOutLimit)
            {
                LeftOut.Add((lineNumber, notFinite));
            }

            return;
        }

        if (Results.Count >= maxResults)
        {
            throw new BadInputException(source, $"more than {maxResults} benchmark results", lineNumber: lineNumber);
        }

        var parsedName = Intern(name[9..]);
        Results.Add(new BenchmarkResult(parsedName.FullName, iterations, Store(_scratch), _configSnapshot, label, lineNumber) { Name = parsedName });
    }

    /// <summary>The values copied into the current shared chunk (a new chunk when they do not fit), as a slice of it.</summary>
    private ArraySegment<BenchmarkValue> Store(List<BenchmarkValue> values)
    {
        if (_chunkUsed + values.Count > _chunk.Length)
        {
            // Under 85,000 bytes, so chunks stay out of the large object heap and die young when a file is dropped.
            _chunk = new BenchmarkValue[Math.Max(ChunkValues, values.Count)];
            _chunkUsed = 0;
        }

        values.CopyTo(_chunk, _chunkUsed);
        var slice = new ArraySegment<BenchmarkValue>(_chunk, _chunkUsed, values.Count);
        _chunkUsed += values.Count;
        return slice;
    }

    private (string Unit, double Factor, string Original) TidyUnit(ReadOnlySpan<char> unitField, ReadOnlySpan<char> name, long lineNumber)
    {
        var lookup = _units.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(unitField, out var known))
        {
            return known;
        }

        if (!BenchmarkUnits.IsPlausible(unitField))
        {
            throw new BadInputException(source, $"benchmark {name}: unknown unit \"{Clip(unitField)}\" (a unit such as ns/op, B/op, allocs/op, MB/s or x/op)", lineNumber: lineNumber);
        }

        var raw = unitField.ToString();
        var (unit, factor) = BenchmarkUnits.Tidy(raw);
        _units[raw] = (unit, factor, raw);
        return (unit, factor, raw);
    }

    private void ParseUnitLine(ReadOnlySpan<char> text, long lineNumber)
    {
        var rest = text[5..];
        var unitField = NextField(ref rest);
        if (unitField.IsEmpty)
        {
            throw new BadInputException(source, "Unit line without a unit", lineNumber: lineNumber);
        }

        var unit = BenchmarkUnits.Tidy(unitField.ToString()).Unit;
        while (true)
        {
            var pair = NextField(ref rest);
            if (pair.IsEmpty)
            {
                break;
            }

            var eq = pair.IndexOf('=');
            if (eq <= 0)
            {
                throw new BadInputException(source, $"Unit {unit}: \"{Clip(pair)}\" is not key=value", lineNumber: lineNumber);
            }

            UnitMetadata.Add(new UnitMetadata(unit, pair[..eq].ToString(), pair[(eq + 1)..].ToString(), label, lineNumber));
        }
    }

    /// <summary>
    /// <c>key: value</c> where the key starts lower-case and has no spaces or upper-case letters; an empty value
    /// deletes the key. As benchfmt reads it, the spaces and tabs after the colon are dropped and the value is the
    /// rest of the line as written, trailing spaces included (benchstat prints <c>cpu: ...   </c> with them).
    /// </summary>
    private bool TryParseConfig(ReadOnlySpan<char> text)
    {
        var colon = text.IndexOf(':');
        if (colon <= 0 || !char.IsLower(text[0]) || (colon + 1 < text.Length && text[colon + 1] is not (' ' or '\t')))
        {
            return false;
        }

        var key = text[..colon];
        foreach (var c in key)
        {
            if (char.IsWhiteSpace(c) || char.IsUpper(c))
            {
                return false;
            }
        }

        var keyText = key.ToString();
        if (NoiseKeys.Contains(keyText))
        {
            return false;
        }

        var value = text[(colon + 1)..].TrimStart(" \t").ToString();
        var index = _config.FindIndex(e => e.Key == keyText);
        if (index >= 0 && _config[index].Value == value)
        {
            return true;
        }

        if (index >= 0)
        {
            _config.RemoveAt(index);
            if (value.Length > 0)
            {
                _config.Insert(index, new ConfigEntry(keyText, value));
            }
        }
        else if (value.Length > 0)
        {
            _config.Add(new ConfigEntry(keyText, value));
        }

        _configSnapshot = _config.ToArray();
        return true;
    }

    /// <summary>One string and one parsed name per distinct benchmark name, however many result lines repeat it.</summary>
    private BenchmarkName Intern(ReadOnlySpan<char> name)
    {
        var lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(name, out var known))
        {
            return known;
        }

        var parsed = BenchmarkName.Parse(name.ToString());
        _names[parsed.FullName] = parsed;
        return parsed;
    }

    // A CLI run parses its file once: optimise the hot loop at first call instead of after tiered warm-up.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ReadOnlySpan<char> NextField(ref ReadOnlySpan<char> rest)
    {
        var start = 0;
        while (start < rest.Length && char.IsWhiteSpace(rest[start]))
        {
            start++;
        }

        var end = start;
        while (end < rest.Length && !char.IsWhiteSpace(rest[end]))
        {
            end++;
        }

        var field = rest[start..end];
        rest = rest[end..];
        return field;
    }

    /// <summary>
    /// A number as Go's strconv.ParseFloat reads one (benchstat's parser): decimal or exponent forms, and "NaN", "Inf",
    /// "Infinity" in any case with an optional sign; a value beyond a float64's range reads as an infinity.
    /// </summary>
    private static bool TryParseFloat(ReadOnlySpan<char> text, out double value)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            return true;
        }

        var sign = text.Length > 0 && text[0] is '+' or '-' ? text[..1] : [];
        var word = text[sign.Length..];
        if (word.Equals("inf", StringComparison.OrdinalIgnoreCase) || word.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = sign is ['-'] ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        if (sign.IsEmpty && word.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }

        return false;
    }

    private static string Clip(ReadOnlySpan<char> text) => text.Length <= 60 ? text.ToString() : text[..60].ToString() + "...";
}
