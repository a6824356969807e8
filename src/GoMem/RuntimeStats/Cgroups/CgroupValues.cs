using System.Globalization;
using GoMem.IO;
using GoMem.RuntimeStats.Text;

namespace GoMem.RuntimeStats.Cgroups;

/// <summary>Parsers for the two shapes of cgroup memory files: one value ("max" or a number) and "key value" lines.</summary>
public static class CgroupValues
{
    /// <summary>
    /// v1 shows "no limit" as the page counter's maximum times the page size: 9223372036854771712 with 4 KiB pages,
    /// less with larger pages. Anything within 1 GiB of long.MaxValue is taken as that (no one sets an 8 EiB limit).
    /// </summary>
    public static bool IsV1Unlimited(long bytes) => bytes >= long.MaxValue - (1L << 30);

    /// <summary>A one-value file (memory.max, memory.current, memory.limit_in_bytes...): "max" or a non-negative integer.</summary>
    public static CgroupLimit ParseLimit(Stream stream, string source, RuntimeStatsLimits? limits = null)
    {
        var (text, line) = ReadSingleLine(stream, source, limits);
        if (text == "max")
        {
            return CgroupLimit.Unlimited;
        }

        var bytes = ParseNumber(text, source, line);
        if (bytes < 0)
        {
            throw new BadInputException(source, $"a memory limit cannot be negative: \"{text}\"", lineNumber: line);
        }

        return IsV1Unlimited(bytes) ? CgroupLimit.Unlimited : new CgroupLimit(bytes);
    }

    /// <summary>A one-value counter file (memory.current, memory.usage_in_bytes...): a non-negative integer.</summary>
    public static long ParseValue(Stream stream, string source, RuntimeStatsLimits? limits = null)
    {
        var (text, line) = ReadSingleLine(stream, source, limits);
        return ParseNumber(text, source, line);
    }

    /// <summary>"key value" lines (memory.stat, memory.events, memory.oom_control), in file order.</summary>
    public static IReadOnlyList<KeyValuePair<string, long>> ParseKeyValues(Stream stream, string source, RuntimeStatsLimits? limits = null)
    {
        limits ??= RuntimeStatsLimits.Default;
        var reader = new BoundedLineReader(stream, source, limits.MaxLineBytes);
        var pairs = new List<KeyValuePair<string, long>>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (reader.LineNumber > limits.MaxKeyValueLines)
            {
                throw new BadInputException(source, $"more than {limits.MaxKeyValueLines} lines: not a cgroup memory file", lineNumber: reader.LineNumber);
            }

            if (line.Length == 0)
            {
                continue;
            }

            var space = line.IndexOf(' ', StringComparison.Ordinal);
            var key = space < 0 ? "" : line[..space];
            if (!KernelText.IsKey(key))
            {
                throw new BadInputException(source, $"not a cgroup \"key value\" line: \"{KernelText.Excerpt(line)}\"", lineNumber: reader.LineNumber);
            }

            if (!seen.Add(key))
            {
                throw new BadInputException(source, $"a second {key} line", lineNumber: reader.LineNumber);
            }

            pairs.Add(new(key, ParseNumber(line.AsSpan(space + 1).Trim(' '), source, reader.LineNumber, key)));
        }

        if (pairs.Count == 0)
        {
            throw new BadInputException(source, "the file is empty", 0);
        }

        return pairs;
    }

    private static (string Text, long Line) ReadSingleLine(Stream stream, string source, RuntimeStatsLimits? limits)
    {
        limits ??= RuntimeStatsLimits.Default;
        var reader = new BoundedLineReader(stream, source, Math.Min(limits.MaxLineBytes, 4096));
        var text = reader.ReadLine() ?? throw new BadInputException(source, "the file is empty", 0);
        var line = reader.LineNumber;
        while (reader.ReadLine() is { } extra)
        {
            if (extra.Trim().Length > 0)
            {
                throw new BadInputException(source, "more than one line in a one-value cgroup file", lineNumber: reader.LineNumber);
            }
        }

        return (text.Trim(), line);
    }

    private static long ParseNumber(ReadOnlySpan<char> text, string source, long line, string? key = null)
    {
        // Some v1 counters can be negative transiently (e.g. per-cpu drift); accept a sign, reject anything else.
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            var what = key is null ? "value" : $"value of {key}";
            throw new BadInputException(source, $"{what} is not an integer: \"{text}\"", lineNumber: line);
        }

        return value;
    }
}
