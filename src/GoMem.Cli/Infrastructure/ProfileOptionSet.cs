using System.CommandLine;
using GoMem.IO;
using GoMem.Profiles.Analysis;

namespace GoMem.Cli.Infrastructure;

/// <summary>
/// The options every profile report shares (top, traces, diff, flame), with pprof's own spellings accepted as
/// aliases (-sample_index, -nodecount, -focus, ...), so a go tool pprof command line can be pasted.
/// </summary>
internal sealed class ProfileOptionSet
{
    public Option<string?> SampleIndex { get; } = new("--sample-index", "-sample_index", "--sample_index", "-si")
    {
        Description = "Sample type to report: inuse_space, inuse_objects, alloc_space, alloc_objects, any sample type name, or an index. Default: the profile's default type, else its last (inuse_space for heap profiles).",
    };

    public Option<bool> InuseSpace { get; } = new("-inuse_space") { Description = "Same as --sample-index inuse_space.", Hidden = true };
    public Option<bool> InuseObjects { get; } = new("-inuse_objects") { Description = "Same as --sample-index inuse_objects.", Hidden = true };
    public Option<bool> AllocSpace { get; } = new("-alloc_space") { Description = "Same as --sample-index alloc_space.", Hidden = true };
    public Option<bool> AllocObjects { get; } = new("-alloc_objects") { Description = "Same as --sample-index alloc_objects.", Hidden = true };

    public Option<int> NodeCount { get; } = new("--nodecount", "-nodecount")
    {
        Description = "Show at most N nodes (0: all).",
        DefaultValueFactory = _ => 0,
    };

    public Option<double> NodeFraction { get; } = new("--nodefraction", "-nodefraction")
    {
        Description = "Drop nodes whose cumulative value is below this fraction of the total.",
        DefaultValueFactory = _ => 0.005,
    };

    public Option<bool> Cumulative { get; } = new("--cum", "-cum") { Description = "Sort by cumulative value instead of flat." };

    public Option<string?> Focus { get; } = new("--focus", "-focus") { Description = "Keep only samples with a frame matching REGEX (function, file or binary name)." };
    public Option<string?> Ignore { get; } = new("--ignore", "-ignore") { Description = "Drop samples with a frame matching REGEX." };
    public Option<string?> Show { get; } = new("--show", "-show") { Description = "Keep only frames matching REGEX (samples stay)." };
    public Option<string?> Hide { get; } = new("--hide", "-hide") { Description = "Drop frames matching REGEX (samples stay)." };
    public Option<string?> ShowFrom { get; } = new("--show-from", "-show_from") { Description = "Drop frames above the first (rootmost) frame matching REGEX." };

    public Option<Granularity> Granularity { get; } = new("--granularity", "-granularity")
    {
        Description = "Merge frames by: functions, filefunctions, files, lines, addresses.",
        DefaultValueFactory = _ => Profiles.Analysis.Granularity.Functions,
    };

    public Option<bool> Functions { get; } = new("-functions") { Description = "Same as --granularity functions.", Hidden = true };
    public Option<bool> FileFunctions { get; } = new("-filefunctions") { Description = "Same as --granularity filefunctions.", Hidden = true };
    public Option<bool> Files { get; } = new("-files") { Description = "Same as --granularity files.", Hidden = true };
    public Option<bool> Lines { get; } = new("-lines") { Description = "Same as --granularity lines.", Hidden = true };
    public Option<bool> Addresses { get; } = new("-addresses") { Description = "Same as --granularity addresses.", Hidden = true };

    public Option<bool> NoInlines { get; } = new("--noinlines", "-noinlines") { Description = "Attribute inlined functions to their caller." };
    public Option<bool> AllFrames { get; } = new("--all-frames", "-all_frames") { Description = "Keep allocator frames the profile asks to drop (drop_frames)." };

    public Option<string> Unit { get; } = new("--unit", "-unit")
    {
        Description = "Display unit: minimum (pprof's automatic choice), B, kb, mb, gb, ns, us, ms, s.",
        DefaultValueFactory = _ => "minimum",
    };

    public Option<long> MaxInputSize { get; } = new("--max-input-size")
    {
        Description = "Refuse inputs that inflate beyond this many bytes (gzip bombs). Default 1 GiB.",
        DefaultValueFactory = _ => InputLimits.DefaultMaxInflatedBytes,
    };

    public void AddTo(Command command)
    {
        foreach (var option in All())
        {
            command.Options.Add(option);
        }
    }

    private IEnumerable<Option> All() =>
    [
        SampleIndex, InuseSpace, InuseObjects, AllocSpace, AllocObjects, NodeCount, NodeFraction, Cumulative,
        Focus, Ignore, Show, Hide, ShowFrom, Granularity, Functions, FileFunctions, Files, Lines, Addresses,
        NoInlines, AllFrames, Unit, MaxInputSize,
    ];

    public InputLimits Limits(ParseResult result)
    {
        var max = result.GetValue(MaxInputSize);
        if (max <= 0)
        {
            throw new UsageException("--max-input-size must be positive");
        }

        return InputLimits.Default with { MaxInflatedBytes = max };
    }

    public ReportOptions Read(ParseResult result)
    {
        var sampleIndex = result.GetValue(SampleIndex);
        foreach (var (flag, name) in new[] { (InuseSpace, "inuse_space"), (InuseObjects, "inuse_objects"), (AllocSpace, "alloc_space"), (AllocObjects, "alloc_objects") })
        {
            if (result.GetValue(flag))
            {
                if (sampleIndex is not null && sampleIndex != name)
                {
                    throw new UsageException($"conflicting sample types: {sampleIndex} and {name}");
                }

                sampleIndex = name;
            }
        }

        var granularity = result.GetValue(Granularity);
        foreach (var (flag, value) in new[] { (Functions, Profiles.Analysis.Granularity.Functions), (FileFunctions, Profiles.Analysis.Granularity.FileFunctions), (Files, Profiles.Analysis.Granularity.Files), (Lines, Profiles.Analysis.Granularity.Lines), (Addresses, Profiles.Analysis.Granularity.Addresses) })
        {
            if (result.GetValue(flag))
            {
                granularity = value;
            }
        }

        var nodeCount = result.GetValue(NodeCount);
        if (nodeCount < 0)
        {
            throw new UsageException("--nodecount must be 0 (all) or positive");
        }

        var fraction = result.GetValue(NodeFraction);
        if (fraction is < 0 or > 1 || double.IsNaN(fraction))
        {
            throw new UsageException("--nodefraction must be between 0 and 1");
        }

        return new ReportOptions
        {
            SampleIndex = sampleIndex,
            NodeCount = nodeCount,
            NodeFraction = fraction,
            CumulativeSort = result.GetValue(Cumulative),
            Focus = result.GetValue(Focus),
            Ignore = result.GetValue(Ignore),
            Show = result.GetValue(Show),
            Hide = result.GetValue(Hide),
            ShowFrom = result.GetValue(ShowFrom),
            Granularity = granularity,
            NoInlines = result.GetValue(NoInlines),
            AllFrames = result.GetValue(AllFrames),
            Unit = result.GetValue(Unit) ?? "minimum",
        };
    }
}
