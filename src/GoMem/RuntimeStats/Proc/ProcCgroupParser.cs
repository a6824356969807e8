using System.Globalization;
using GoMem.IO;
using GoMem.RuntimeStats.Text;

namespace GoMem.RuntimeStats.Proc;

/// <summary>Parses <c>/proc/PID/cgroup</c> (cgroup v1, v2 or hybrid).</summary>
public static class ProcCgroupParser
{
    public static ProcCgroups ParseFile(string path, RuntimeStatsLimits? limits = null)
    {
        limits ??= RuntimeStatsLimits.Default;
        using var input = InputOpener.OpenFile(path, limits.InputLimits);
        return Parse(input.Content, input.Name, limits);
    }

    public static ProcCgroups Parse(Stream stream, string source, RuntimeStatsLimits? limits = null)
    {
        limits ??= RuntimeStatsLimits.Default;
        var reader = new BoundedLineReader(stream, source, limits.MaxLineBytes);
        var entries = new List<ProcCgroupEntry>();
        while (reader.ReadLine() is { } line)
        {
            if (reader.LineNumber > limits.MaxKeyValueLines)
            {
                throw new BadInputException(source, $"more than {limits.MaxKeyValueLines} lines: not a /proc/PID/cgroup file", lineNumber: reader.LineNumber);
            }

            if (line.Length == 0)
            {
                continue;
            }

            // The path is last and may itself contain ':'.
            var first = line.IndexOf(':', StringComparison.Ordinal);
            var second = first < 0 ? -1 : line.IndexOf(':', first + 1);
            if (second < 0 || !int.TryParse(line.AsSpan(0, first), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ||
                !line.AsSpan(second + 1).StartsWith("/"))
            {
                throw new BadInputException(source, $"not a /proc/PID/cgroup line (\"ID:controllers:/path\"): \"{KernelText.Excerpt(line)}\"", lineNumber: reader.LineNumber);
            }

            var controllers = line[(first + 1)..second];
            entries.Add(new ProcCgroupEntry(id, controllers.Length == 0 ? [] : controllers.Split(','), line[(second + 1)..]));
        }

        if (entries.Count == 0)
        {
            throw new BadInputException(source, "the file is empty", 0);
        }

        return new ProcCgroups(entries);
    }
}
