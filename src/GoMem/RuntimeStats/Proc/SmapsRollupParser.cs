using System.Text.RegularExpressions;
using GoMem.IO;
using GoMem.RuntimeStats.Text;

namespace GoMem.RuntimeStats.Proc;

/// <summary>
/// Parses <c>/proc/PID/smaps_rollup</c>: a header line (address range ending in <c>[rollup]</c>) then
/// "Key:   N kB" lines. A full <c>/proc/PID/smaps</c> (many mappings) is refused rather than summed.
/// </summary>
public static partial class SmapsRollupParser
{
    public static SmapsRollup ParseFile(string path, RuntimeStatsLimits? limits = null)
    {
        limits ??= RuntimeStatsLimits.Default;
        using var input = InputOpener.OpenFile(path, limits.InputLimits);
        return Parse(input.Content, input.Name, limits);
    }

    public static SmapsRollup Parse(Stream stream, string source, RuntimeStatsLimits? limits = null)
    {
        limits ??= RuntimeStatsLimits.Default;
        var reader = new BoundedLineReader(stream, source, limits.MaxLineBytes);
        var header = reader.ReadLine() ?? throw new BadInputException(source, "the file is empty", 0);
        if (!RollupHeader().IsMatch(header))
        {
            var problem = MappingHeader().IsMatch(header)
                ? "this is /proc/PID/smaps (one block per mapping), not smaps_rollup"
                : $"not a Linux /proc/PID/smaps_rollup file: the first line must be an address range ending in [rollup], not \"{KernelText.Excerpt(header)}\"";
            throw new BadInputException(source, problem, lineNumber: 1);
        }

        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        var others = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (reader.LineNumber > limits.MaxKeyValueLines)
            {
                throw new BadInputException(source, $"more than {limits.MaxKeyValueLines} lines: not a smaps_rollup file", lineNumber: reader.LineNumber);
            }

            if (line.Length == 0)
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var key = colon < 0 ? "" : line[..colon];
            if (!KernelText.IsKey(key))
            {
                var problem = MappingHeader().IsMatch(line)
                    ? "a second mapping header: this is /proc/PID/smaps, not smaps_rollup"
                    : $"not a smaps_rollup line (\"Key: N kB\"): \"{KernelText.Excerpt(line)}\"";
                throw new BadInputException(source, problem, lineNumber: reader.LineNumber);
            }

            if (sizes.ContainsKey(key) || others.ContainsKey(key))
            {
                throw new BadInputException(source, $"a second {key} line (is this /proc/PID/smaps?)", lineNumber: reader.LineNumber);
            }

            var value = line.AsSpan(colon + 1).Trim(" \t");
            if (KernelText.TryParseKilobytes(value, out var bytes))
            {
                sizes[key] = bytes;
            }
            else if (value.EndsWith("kB", StringComparison.Ordinal) || key is "Rss" or "Pss")
            {
                throw new BadInputException(source, $"{key} is not a size in kB: \"{value}\"", lineNumber: reader.LineNumber);
            }
            else
            {
                others[key] = value.ToString();
            }
        }

        long? Size(string key) => sizes.TryGetValue(key, out var size) ? size : null;
        return new SmapsRollup
        {
            RssBytes = Size("Rss") ?? throw new BadInputException(source, "no Rss line", lineNumber: reader.LineNumber),
            PssBytes = Size("Pss") ?? throw new BadInputException(source, "no Pss line", lineNumber: reader.LineNumber),
            PssDirtyBytes = Size("Pss_Dirty"),
            PssAnonBytes = Size("Pss_Anon"),
            PssFileBytes = Size("Pss_File"),
            PssShmemBytes = Size("Pss_Shmem"),
            SharedCleanBytes = Size("Shared_Clean"),
            SharedDirtyBytes = Size("Shared_Dirty"),
            PrivateCleanBytes = Size("Private_Clean"),
            PrivateDirtyBytes = Size("Private_Dirty"),
            ReferencedBytes = Size("Referenced"),
            AnonymousBytes = Size("Anonymous"),
            LazyFreeBytes = Size("LazyFree"),
            AnonHugePagesBytes = Size("AnonHugePages"),
            SwapBytes = Size("Swap"),
            SwapPssBytes = Size("SwapPss"),
            LockedBytes = Size("Locked"),
            SizesBytes = sizes,
            OtherFields = others,
        };
    }

    [GeneratedRegex(@"^[0-9a-f]+-[0-9a-f]+\s+[-rwxsp]{4}\s+[0-9a-f]+\s+[0-9a-f]+:[0-9a-f]+\s+\d+\s+\[rollup\]\s*$")]
    private static partial Regex RollupHeader();

    [GeneratedRegex(@"^[0-9a-f]+-[0-9a-f]+\s+[-rwxsp]{4}\s")]
    private static partial Regex MappingHeader();
}
