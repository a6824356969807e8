namespace GoMem.Benchmarks;

/// <summary>One file-level configuration entry (<c>goos: linux</c>), in force from its line until changed.</summary>
public sealed record ConfigEntry(string Key, string Value);

/// <summary>
/// One value of a result line (a number with its unit), tidied to base units (ns/op becomes sec/op, MB/s becomes B/s);
/// <see cref="OriginalUnit"/> is the unit as written.
/// </summary>
public readonly record struct BenchmarkValue(double Value, string Unit, string OriginalUnit);

/// <summary>
/// One benchmark result line: <c>BenchmarkName/k=v-8  N  value unit ...</c>, with the configuration in force and
/// where it came from. <see cref="Values"/> is a slice of an array the parser shares between many lines, so a
/// million-line file is not a million small arrays for the GC to trace.
/// </summary>
public sealed record BenchmarkResult(
    string FullName,
    long Iterations,
    ArraySegment<BenchmarkValue> Values,
    IReadOnlyList<ConfigEntry> Config,
    string File,
    long Line)
{
    private BenchmarkName? _name;

    /// <summary>The parsed name: base name, sub-benchmark keys and GOMAXPROCS suffix (the parser shares one per distinct name).</summary>
    public BenchmarkName Name
    {
        get => _name ??= BenchmarkName.Parse(FullName);
        init => _name = value;
    }

    /// <summary>The value of a file-level configuration key, or "" when not set.</summary>
    public string ConfigValue(string key)
    {
        foreach (var entry in Config)
        {
            if (entry.Key == key)
            {
                return entry.Value;
            }
        }

        return "";
    }
}

/// <summary>A <c>Unit</c> metadata line's key and value for one unit (e.g. <c>assume=exact</c>, <c>better=lower</c>).</summary>
public sealed record UnitMetadata(string Unit, string Key, string Value, string File, long Line);

/// <summary>Everything read from one input: results in order, unit metadata, and how much noise was skipped.</summary>
public sealed record BenchmarkFile(
    string Label,
    string Path,
    IReadOnlyList<BenchmarkResult> Results,
    IReadOnlyList<UnitMetadata> Units,
    long NoiseLines,
    bool WasGoTestJson)
{
    /// <summary>
    /// Result lines left out because a value is not a finite number (NaN, ±Inf, or beyond the range of a float64),
    /// as benchstat leaves out a line whose value is out of range.
    /// </summary>
    public long LeftOutLines { get; init; }

    /// <summary>"FILE:LINE: why" for the first few lines left out (at most <see cref="LeftOutLimit"/>).</summary>
    public IReadOnlyList<string> LeftOut { get; init; } = [];

    /// <summary>How many left-out lines are described one by one; the rest are only counted.</summary>
    public const int LeftOutLimit = 5;
}
