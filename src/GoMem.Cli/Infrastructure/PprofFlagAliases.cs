namespace GoMem.Cli.Infrastructure;

/// <summary>
/// Rewrites go tool pprof's flag spellings into gomem's before parsing, so a pprof command line can be pasted
/// (`-sample_index=alloc_space -nodecount=20 -lines -diff_base=old.pb.gz`) while help shows one name per option.
/// </summary>
internal static class PprofFlagAliases
{
    private static readonly Dictionary<string, string> WithValue = new(StringComparer.Ordinal)
    {
        ["sample_index"] = "--sample-index",
        ["nodecount"] = "--nodecount",
        ["nodefraction"] = "--nodefraction",
        ["edgefraction"] = "--edgefraction",
        ["focus"] = "--focus",
        ["ignore"] = "--ignore",
        ["show"] = "--show",
        ["hide"] = "--hide",
        ["show_from"] = "--show-from",
        ["unit"] = "--unit",
        ["diff_base"] = "--base",
        ["symbolize"] = "--symbolize",
        ["output"] = "--output",
    };

    private static readonly Dictionary<string, string[]> Switches = new(StringComparer.Ordinal)
    {
        ["cum"] = ["--cum"],
        ["flat"] = [],
        ["noinlines"] = ["--noinlines"],
        ["all_frames"] = ["--all-frames"],
        ["functions"] = ["--granularity", "functions"],
        ["filefunctions"] = ["--granularity", "filefunctions"],
        ["files"] = ["--granularity", "files"],
        ["lines"] = ["--granularity", "lines"],
        ["addresses"] = ["--granularity", "addresses"],
        ["inuse_space"] = ["--sample-index", "inuse_space"],
        ["inuse_objects"] = ["--sample-index", "inuse_objects"],
        ["alloc_space"] = ["--sample-index", "alloc_space"],
        ["alloc_objects"] = ["--sample-index", "alloc_objects"],
    };

    /// <summary>The pprof spellings accepted, for help text.</summary>
    public const string HelpText =
        "go tool pprof spellings are accepted too: -sample_index, -nodecount, -nodefraction, -edgefraction, -cum, -focus, -ignore, -show, -hide, " +
        "-show_from, -unit, -noinlines, -all_frames, -functions, -filefunctions, -files, -lines, -addresses, -inuse_space, " +
        "-inuse_objects, -alloc_space, -alloc_objects, -diff_base, -symbolize=none (with a space or '=' before the value).";

    public static string[] Normalize(string[] args)
    {
        var result = new List<string>(args.Length + 2);
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                result.AddRange(args[i..]);
                break;
            }

            if (!arg.StartsWith('-') || arg.Length < 2 || arg.StartsWith("---", StringComparison.Ordinal))
            {
                result.Add(arg);
                continue;
            }

            var body = arg.TrimStart('-');
            var eq = body.IndexOf('=');
            var name = eq >= 0 ? body[..eq] : body;
            if (WithValue.TryGetValue(name, out var target))
            {
                result.Add(target);
                if (eq >= 0)
                {
                    result.Add(body[(eq + 1)..]);
                }
            }
            else if (eq < 0 && Switches.TryGetValue(name, out var expansion))
            {
                result.AddRange(expansion);
            }
            else
            {
                result.Add(arg);
            }
        }

        return [.. result];
    }
}
