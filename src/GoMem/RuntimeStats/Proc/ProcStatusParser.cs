using System.Globalization;
using GoMem.IO;
using GoMem.RuntimeStats.Text;

namespace GoMem.RuntimeStats.Proc;

/// <summary>
/// Parses Linux <c>/proc/PID/status</c> ("Key:\tvalue" lines, starting with Name:), or any excerpt of it such as
/// <c>grep Vm /proc/PID/status</c>: every key is optional but VmRSS, the figure that matters. A file from another
/// system (FreeBSD's one-line procfs status, macOS vm_stat), a kernel thread without VmRSS, or a size that is not
/// "N kB" is bad input naming the line.
/// </summary>
public static class ProcStatusParser
{
    public static ProcStatus ParseFile(string path, RuntimeStatsLimits? limits = null)
    {
        limits ??= RuntimeStatsLimits.Default;
        using var input = InputOpener.OpenFile(path, limits.InputLimits);
        return Parse(input.Content, input.Name, limits);
    }

    public static ProcStatus Parse(Stream stream, string source, RuntimeStatsLimits? limits = null)
    {
        limits ??= RuntimeStatsLimits.Default;
        var reader = new BoundedLineReader(stream, source, limits.MaxLineBytes);
        var fields = new List<KeyValuePair<string, string>>();
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        var integers = new Dictionary<string, int>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? name = null;
        while (reader.ReadLine() is { } line)
        {
            if (reader.LineNumber > limits.MaxKeyValueLines)
            {
                throw new BadInputException(source, $"more than {limits.MaxKeyValueLines} lines: not a /proc/PID/status file", lineNumber: reader.LineNumber);
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var key = colon < 0 ? "" : line[..colon];
            if (line.Length == 0)
            {
                continue;
            }

            if (!KernelText.IsKey(key))
            {
                var what = fields.Count == 0 ? "not a Linux /proc/PID/status file" : "not a /proc/PID/status line";
                throw new BadInputException(source, $"{what} (\"Key:<tab>value\" lines, such as \"VmRSS:<tab>1234 kB\"): \"{KernelText.Excerpt(line)}\"", lineNumber: reader.LineNumber);
            }

            if (!seen.Add(key))
            {
                throw new BadInputException(source, $"a second {key} line", lineNumber: reader.LineNumber);
            }

            var value = line.AsSpan(colon + 1).Trim(" \t");
            fields.Add(new(key, value.ToString()));
            if (key == "Name")
            {
                name = UnescapeComm(line.AsSpan(colon + 1).TrimStart('\t'));
            }
            else if (IsSizeKey(key))
            {
                if (!KernelText.TryParseKilobytes(value, out var bytes))
                {
                    throw new BadInputException(source, $"{key} is not a size in kB: \"{value}\"", lineNumber: reader.LineNumber);
                }

                sizes[key] = bytes;
            }
            else if (key is "Pid" or "PPid" or "Tgid" or "Threads")
            {
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                {
                    throw new BadInputException(source, $"{key} is not a number: \"{value}\"", lineNumber: reader.LineNumber);
                }

                integers[key] = number;
            }
        }

        if (fields.Count == 0)
        {
            throw new BadInputException(source, "the file is empty", 0);
        }

        if (!sizes.TryGetValue("VmRSS", out var rss))
        {
            throw new BadInputException(source, name is not null && integers.ContainsKey("Pid")
                ? "no VmRSS line: a kernel thread (it has no memory of its own) or not a Linux /proc/PID/status file"
                : "no VmRSS line: an excerpt of /proc/PID/status needs at least its VmRSS line (grep -E 'Vm|Rss' /proc/PID/status)", lineNumber: reader.LineNumber);
        }

        long? Size(string key) => sizes.TryGetValue(key, out var bytes) ? bytes : null;
        return new ProcStatus
        {
            Name = name ?? "",
            Pid = integers.TryGetValue("Pid", out var pid) ? pid : null,
            Threads = integers.TryGetValue("Threads", out var threads) ? threads : null,
            VmPeakBytes = Size("VmPeak"),
            VmSizeBytes = Size("VmSize"),
            VmHWMBytes = Size("VmHWM"),
            VmRSSBytes = rss,
            RssAnonBytes = Size("RssAnon"),
            RssFileBytes = Size("RssFile"),
            RssShmemBytes = Size("RssShmem"),
            VmDataBytes = Size("VmData"),
            VmStkBytes = Size("VmStk"),
            VmExeBytes = Size("VmExe"),
            VmLibBytes = Size("VmLib"),
            VmPTEBytes = Size("VmPTE"),
            VmSwapBytes = Size("VmSwap"),
            Fields = fields,
        };
    }

    /// <summary>Lines whose value is a size in kB (VmPeak ... VmSwap, RssAnon/File/Shmem, HugetlbPages).</summary>
    private static bool IsSizeKey(string key) =>
        key.StartsWith("Vm", StringComparison.Ordinal) || key.StartsWith("Rss", StringComparison.Ordinal) || key == "HugetlbPages";

    /// <summary>The kernel prints comm with "\n" and "\\" escaped.</summary>
    private static string UnescapeComm(ReadOnlySpan<char> text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '\\' or 'n')
            {
                builder.Append(text[++i] == 'n' ? '\n' : '\\');
            }
            else
            {
                builder.Append(text[i]);
            }
        }

        return builder.ToString();
    }
}
