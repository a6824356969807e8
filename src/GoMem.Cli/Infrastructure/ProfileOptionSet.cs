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
    public Option<string?> SampleIndex { get; } = new("--sample-index", "-s")
    {
        Description = "Sample type to report: inuse_space, inuse_objects, alloc_space, alloc_objects, any sample type name, or an index. Default: the profile's default type, else its last (inuse_space for heap profiles).",
    };


    public Option<int> NodeCount { get; } = new("--nodecount", "-n")
    {
        Description = "Show at most N nodes (0: all).",
        DefaultValueFactory = _ => 0,
    };

    public Option<double> NodeFraction { get; } = new("--nodefraction")
    {
        Description = "Drop nodes whose cumulative value is below this fraction of the total.",
        DefaultValueFactory = _ => 0.005,
    };

    public Option<double> EdgeFraction { get; } = new("--edgefraction")
    {
        Description = "Drop call edges whose weight is below this fraction of the total before marking functions (inline) or (partial-inline).",
        DefaultValueFactory = _ => 0.001,
    };

    public Option<bool> Cumulative { get; } = new("--cum") { Description = "Sort by cumulative value instead of flat." };

    public Option<string?> Focus { get; } = new("--focus") { Description = "Keep only samples with a frame matching REGEX (function, file or binary name)." };
    public Option<string?> Ignore { get; } = new("--ignore") { Description = "Drop samples with a frame matching REGEX." };
    public Option<string?> Show { get; } = new("--show") { Description = "Keep only frames matching REGEX (samples stay)." };
    public Option<string?> Hide { get; } = new("--hide") { Description = "Drop frames matching REGEX (samples stay)." };
    public Option<string?> ShowFrom { get; } = new("--show-from") { Description = "Drop frames above the first (rootmost) frame matching REGEX." };

    public Option<string> GranularityOption { get; } = new Option<string>("--granularity", "-g")
    {
        Description = "Merge frames by: functions, filefunctions, files, lines or addresses.",
        DefaultValueFactory = _ => "functions",
    }.AcceptOnlyFromAmong("functions", "filefunctions", "files", "lines", "addresses");


    public Option<string?> Symbolize { get; } = new("--symbolize")
    {
        Description = "none: show function names exactly as the profile stores them, as go tool pprof -symbolize=none does (by default, C++-looking names are simplified as pprof does). gomem never looks names up in binaries: an unnamed location shows as its address.",
    };

    public Option<bool> NoInlines { get; } = new("--noinlines") { Description = "Attribute inlined functions to their caller." };
    public Option<bool> AllFrames { get; } = new("--all-frames") { Description = "Keep allocator frames the profile asks to drop (drop_frames)." };

    public Option<string> Unit { get; } = new("--unit", "-u")
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
        SampleIndex, NodeCount, NodeFraction, EdgeFraction, Cumulative, Focus, Ignore, Show, Hide, ShowFrom, GranularityOption,
        NoInlines, AllFrames, Symbolize, Unit, MaxInputSize,
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
        var granularity = Enum.Parse<Granularity>(result.GetValue(GranularityOption) ?? "functions", ignoreCase: true);

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

        var edgeFraction = result.GetValue(EdgeFraction);
        if (edgeFraction is < 0 or > 1 || double.IsNaN(edgeFraction))
        {
            throw new UsageException("--edgefraction must be between 0 and 1");
        }

        var symbolize = result.GetValue(Symbolize);
        if (symbolize is not null && !symbolize.Equals("none", StringComparison.OrdinalIgnoreCase) && !symbolize.Equals("no", StringComparison.OrdinalIgnoreCase))
        {
            throw new UsageException($"--symbolize {symbolize}: gomem reads names from the profile only (no binaries, no symbol servers); the one value accepted is none");
        }

        return new ReportOptions
        {
            SampleIndex = sampleIndex,
            NodeCount = nodeCount,
            NodeFraction = fraction,
            EdgeFraction = edgeFraction,
            CumulativeSort = result.GetValue(Cumulative),
            Focus = result.GetValue(Focus),
            Ignore = result.GetValue(Ignore),
            Show = result.GetValue(Show),
            Hide = result.GetValue(Hide),
            ShowFrom = result.GetValue(ShowFrom),
            Granularity = granularity,
            NoInlines = result.GetValue(NoInlines),
            AllFrames = result.GetValue(AllFrames),
            NamesAsStored = symbolize is not null,
            Unit = result.GetValue(Unit) ?? "minimum",
        };
    }
}
