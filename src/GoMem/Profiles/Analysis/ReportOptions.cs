namespace GoMem.Profiles.Analysis;

/// <summary>How frames are merged into report nodes (pprof's -functions, -filefunctions, -files, -lines, -addresses).</summary>
public enum Granularity
{
    Functions,
    FileFunctions,
    Files,
    Lines,
    Addresses,
}

/// <summary>Everything that selects and shapes the data of a profile report; flags map onto it one to one.</summary>
public sealed record ReportOptions
{
    /// <summary>Sample type name or index; null selects pprof's default (default sample type, else the last).</summary>
    public string? SampleIndex { get; init; }

    /// <summary>Keep only samples with a frame matching this regex.</summary>
    public string? Focus { get; init; }

    /// <summary>Drop samples with a frame matching this regex.</summary>
    public string? Ignore { get; init; }

    /// <summary>Drop frames matching this regex (the samples stay).</summary>
    public string? Hide { get; init; }

    /// <summary>Keep only frames matching this regex.</summary>
    public string? Show { get; init; }

    /// <summary>Drop frames above (rootward of) the first match from the root.</summary>
    public string? ShowFrom { get; init; }

    public Granularity Granularity { get; init; } = Granularity.Functions;

    /// <summary>Attribute inlined frames to the function they were inlined into.</summary>
    public bool NoInlines { get; init; }

    /// <summary>
    /// pprof's -symbolize=none: function names exactly as the profile stores them. By default names go through what
    /// pprof's symbolizer does to every profile it reads (see <see cref="ReportNames"/>); gomem never looks names up
    /// in binaries or symbol servers either way.
    /// </summary>
    public bool NamesAsStored { get; init; }

    /// <summary>Ignore the profile's drop_frames/keep_frames (pprof prunes allocator frames by default).</summary>
    public bool AllFrames { get; init; }

    /// <summary>Sort by cumulative value instead of flat.</summary>
    public bool CumulativeSort { get; init; }

    /// <summary>Show at most this many nodes; 0 for all.</summary>
    public int NodeCount { get; init; }

    /// <summary>Drop nodes whose |cum| is below this fraction of the total (pprof's -nodefraction, default 0.005).</summary>
    public double NodeFraction { get; init; } = 0.005;

    /// <summary>
    /// Drop call edges whose |weight| is below this fraction of the total (pprof's -edgefraction, default 0.001).
    /// Edges do not show in a list, but they decide its "(inline)" and "(partial-inline)" marks.
    /// </summary>
    public double EdgeFraction { get; init; } = 0.001;

    /// <summary>Output unit: "minimum" (auto per report), or a unit such as kb, mb, ms.</summary>
    public string Unit { get; init; } = "minimum";

    /// <summary>Prefixes removed from source file names.</summary>
    public IReadOnlyList<string>? TrimPaths { get; init; }

    /// <summary>The active filters as pprof lists them in the report legend.</summary>
    public IReadOnlyList<string> ActiveFilters()
    {
        var filters = new List<string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                filters.Add(key + "=" + value);
            }
        }

        Add("focus", Focus);
        Add("ignore", Ignore);
        Add("hide", Hide);
        Add("show", Show);
        Add("show_from", ShowFrom);
        return filters;
    }
}
