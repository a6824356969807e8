using System.Globalization;
using System.Text;
using GoMem.IO;
using GoMem.RuntimeStats.Text;

namespace GoMem.RuntimeStats.Proc;

/// <summary>
/// Parses <c>/proc/PID/mountinfo</c>: <c>id parent major:minor root mount-point options [optional...] - fstype
/// source super-options</c>.
/// </summary>
public static class MountInfoParser
{
    public static IReadOnlyList<MountInfoEntry> ParseFile(string path, RuntimeStatsLimits? limits = null)
    {
        limits ??= RuntimeStatsLimits.Default;
        using var input = InputOpener.OpenFile(path, limits.InputLimits);
        return Parse(input.Content, input.Name, limits);
    }

    public static IReadOnlyList<MountInfoEntry> Parse(Stream stream, string source, RuntimeStatsLimits? limits = null)
    {
        limits ??= RuntimeStatsLimits.Default;
        var reader = new BoundedLineReader(stream, source, limits.MaxLineBytes);
        var entries = new List<MountInfoEntry>();
        while (reader.ReadLine() is { } line)
        {
            if (reader.LineNumber > limits.MaxKeyValueLines)
            {
                throw new BadInputException(source, $"more than {limits.MaxKeyValueLines} mounts", lineNumber: reader.LineNumber);
            }

            if (line.Length == 0)
            {
                continue;
            }

            var fields = line.Split(' ');
            var separator = fields.Length > 6 ? Array.IndexOf(fields, "-", 6) : -1;
            if (separator < 0 || fields.Length < separator + 3 ||
                !int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ||
                !int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent))
            {
                throw new BadInputException(source, $"not a /proc/PID/mountinfo line: \"{KernelText.Excerpt(line)}\"", lineNumber: reader.LineNumber);
            }

            entries.Add(new MountInfoEntry(
                id,
                parent,
                Unescape(fields[3]),
                Unescape(fields[4]),
                fields[separator + 1],
                Unescape(fields[separator + 2]),
                separator + 3 < fields.Length ? fields[separator + 3].Split(',') : []));
        }

        return entries;
    }

    /// <summary>Octal escapes <c>\040</c> (space), <c>\011</c>, <c>\012</c>, <c>\134</c>.</summary>
    private static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var builder = new StringBuilder(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length && IsOctal(field[i + 1]) && IsOctal(field[i + 2]) && IsOctal(field[i + 3]))
            {
                builder.Append((char)(((field[i + 1] - '0') * 64) + ((field[i + 2] - '0') * 8) + (field[i + 3] - '0')));
                i += 3;
            }
            else
            {
                builder.Append(field[i]);
            }
        }

        return builder.ToString();
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}
