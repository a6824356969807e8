using GoMem.IO;

namespace GoMem.Benchmarks.Comparison;

/// <summary>
/// How results are grouped, as benchstat's projections: tables by every file configuration key and unit, rows by
/// <see cref="Row"/>, columns by <see cref="Column"/>; keys are <c>.file</c>, <c>.name</c>, <c>.fullname</c>,
/// a configuration key (<c>goos</c>) or a sub-benchmark key (<c>/size</c>).
/// </summary>
public sealed record CompareOptions
{
    public double Alpha { get; init; } = 0.05;

    public double Confidence { get; init; } = 0.95;

    public string Column { get; init; } = ".file";

    /// <summary>Column values in this order, others dropped (benchstat's <c>/key@(a b)</c>); null for order of appearance.</summary>
    public IReadOnlyList<string>? ColumnOrder { get; init; }

    public string Row { get; init; } = ".fullname";

    /// <summary>Keys neither grouped by nor warned about.</summary>
    public IReadOnlyList<string> Ignore { get; init; } = [];

    public BenchmarkFilter Filter { get; init; } = BenchmarkFilter.All;

    /// <summary>Parses <c>key</c> or <c>key@(v1 v2)</c>.</summary>
    public static (string Key, IReadOnlyList<string>? Order) ParseProjection(string text, string setting)
    {
        text = text.Trim();
        var at = text.IndexOf("@(", StringComparison.Ordinal);
        if (at < 0)
        {
            if (text.Length == 0 || text.Contains(' ', StringComparison.Ordinal) || text.Contains(',', StringComparison.Ordinal))
            {
                throw new InvalidSettingException(setting, $"\"{text}\" is not one key (.file, .name, .fullname, a config key or /subkey)");
            }

            return (text, null);
        }

        if (!text.EndsWith(')'))
        {
            throw new InvalidSettingException(setting, $"\"{text}\": missing ')' after the value list");
        }

        var values = text[(at + 2)..^1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (text[..at], values);
    }
}
