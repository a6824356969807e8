using System.Security.Cryptography;
using System.Text;
using GoMem.IO;

namespace GoMem.Monitoring.Config;

/// <summary>
/// Prometheus file-based service discovery: the files a <c>file_sd_configs</c> entry's patterns match, and their
/// contents, a list of target groups (<c>[{targets: [host:port, ...], labels: {...}}]</c>) in JSON or YAML.
/// <para>
/// As Prometheus: a pattern ends in .json, .yml or .yaml, may use '*' and '?' in its last path element only, and
/// matching no file is not an error (the folder may be filled later). Unlike Prometheus, an empty file is an error
/// rather than "no targets", since it is usually a file caught mid-write; write <c>[]</c> for no targets.
/// Both formats are read by the YAML reader (JSON is YAML), so errors name lines in either.
/// </para>
/// </summary>
internal static class FileSdReader
{
    private static readonly string[] Extensions = [".json", ".yml", ".yaml"];

    /// <summary>Why a pattern cannot be used, or null when it can.</summary>
    public static string? PatternProblem(string pattern)
    {
        if (!Extensions.Any(e => pattern.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
        {
            return "a file_sd file must end in .json, .yml or .yaml";
        }

        var directory = Path.GetDirectoryName(pattern) ?? "";
        return directory.IndexOfAny(['*', '?']) >= 0 ? "wildcards are allowed in the file name only, not in its folders" : null;
    }

    /// <summary>The files the config's patterns match now, sorted, without duplicates.</summary>
    /// <param name="maxFiles">How many files this entry may match: what <paramref name="limits"/> allows less what other entries matched.</param>
    /// <exception cref="BadInputException">The patterns match more files than that.</exception>
    public static IReadOnlyList<string> Expand(FileSdConfig config, string configPath, int maxFiles, WatchConfigLimits limits)
    {
        var files = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var pattern in config.Files)
        {
            var name = Path.GetFileName(pattern);
            if (name.IndexOfAny(['*', '?']) < 0)
            {
                if (File.Exists(pattern))
                {
                    files.Add(pattern);
                }
            }
            else
            {
                var directory = Path.GetDirectoryName(pattern) is { Length: > 0 } folder ? folder : ".";
                if (Directory.Exists(directory))
                {
                    foreach (var file in Directory.EnumerateFiles(directory))
                    {
                        if (Matches(name, Path.GetFileName(file)))
                        {
                            files.Add(Path.Combine(Path.GetDirectoryName(pattern) ?? "", Path.GetFileName(file)));
                            if (files.Count > maxFiles)
                            {
                                break;
                            }
                        }
                    }
                }
            }

            if (files.Count > maxFiles)
            {
                throw new BadInputException(configPath, $"file_sd_configs: the patterns match more than the {limits.MaxFileSdFiles:N0} files allowed in all (at {pattern})", lineNumber: config.Line);
            }
        }

        return [.. files];
    }

    /// <summary>The file's bytes, refusing files larger than <paramref name="maxBytes"/>.</summary>
    public static byte[] ReadBounded(string path, long maxBytes)
    {
        using var stream = FileProblem.OpenRead(path, share: FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length > maxBytes)
        {
            var limit = maxBytes % (1L << 20) == 0 ? $"{maxBytes >> 20} MiB" : $"{maxBytes:N0} bytes";
            throw new BadInputException(path, $"larger than {limit}: not a configuration or target file");
        }

        var content = new byte[stream.Length];
        stream.ReadExactly(content);
        return content;
    }

    public static byte[] Hash(byte[] content) => SHA256.HashData(content);

    /// <summary>The target groups of a file_sd file's content.</summary>
    /// <exception cref="BadInputException">The content is not a list of target groups.</exception>
    public static IReadOnlyList<TargetGroup> Parse(string path, byte[] content, WatchConfigLimits limits)
    {
        var text = Decode(content);
        var stream = YamlInput.Parse(path, text, YamlLimitsFor(limits));
        if (stream.Documents.Count == 0)
        {
            throw new BadInputException(path, "the file is empty (being written?); [] means no targets", lineNumber: 1);
        }

        var yaml = new ConfigYaml(path);
        var root = stream.Documents[0].RootNode;
        var entries = yaml.Sequence(root, "");
        var groups = new List<TargetGroup>(entries.Count);
        var budget = new TargetBudget(limits.MaxTargets);
        for (var i = 0; i < entries.Count; i++)
        {
            groups.Add(TargetGroupReader.Read(yaml, entries[i], $"[{i}]", budget));
        }

        return groups;
    }

    public static string Decode(byte[] content) => new UTF8Encoding(false).GetString(content).TrimStart('\uFEFF');

    public static YamlLimits YamlLimitsFor(WatchConfigLimits limits) =>
        YamlLimits.Default with { MaxAliasExpansion = limits.MaxYamlAliasExpansion, MaxDocuments = 1 };

    /// <summary>Shell-style matching of one file name: '*' any run of characters, '?' one character.</summary>
    internal static bool Matches(string pattern, string name)
    {
        int p = 0, n = 0, starP = -1, starN = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == name[n]))
            {
                p++;
                n++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                (starP, starN) = (p++, n);
            }
            else if (starP >= 0)
            {
                (p, n) = (starP + 1, ++starN);
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
