namespace GoMem.Profiles.Analysis;

/// <summary>How a function uses memory: mostly short-lived garbage, mostly kept, or neither in a notable way.</summary>
public enum MemoryVerdict
{
    None,

    /// <summary>Allocates over <see cref="AllocRetentionReport.ChurnRatio"/> times what it keeps: garbage pressure.</summary>
    Churn,

    /// <summary>Holds a large share of the live heap: a cache, a buffer pool or a leak.</summary>
    Retention,
}

/// <summary>One function's allocation and retention (flat values: memory allocated at this function's own sites).</summary>
public sealed record AllocRetentionRow(
    string Name,
    long AllocSpace,
    long AllocObjects,
    long InuseSpace,
    long InuseObjects,
    MemoryVerdict Verdict)
{
    /// <summary>alloc_space / inuse_space; null when nothing allocated here is still live (unbounded ratio).</summary>
    public double? AllocToInuseRatio => InuseSpace > 0 ? (double)AllocSpace / InuseSpace : null;
}

/// <summary>
/// The field's cross-check of a heap profile: alloc_space next to inuse_space per function. A function whose
/// alloc/inuse ratio exceeds 100 churns (candidate for sync.Pool, preallocation, reuse); one holding a large share
/// of in-use memory retains (cache or leak: compare snapshots). Values are those of <c>gomem top</c> for each
/// sample type, with the same filters and granularity.
/// </summary>
public sealed record AllocRetentionReport(
    ProfileSummary Summary,
    long TotalAllocSpace,
    long TotalInuseSpace,
    IReadOnlyList<AllocRetentionRow> Rows)
{
    public const double ChurnRatio = 100;

    /// <summary>Share of all allocation a churn site must reach to be named (tiny sites are noise).</summary>
    public const double ChurnMinAllocShare = 0.01;

    /// <summary>Share of in-use memory that makes a site a retention site.</summary>
    public const double RetentionMinInuseShare = 0.05;

    /// <summary>Below this much live memory a site is not worth calling retention, whatever its share of a tiny heap.</summary>
    public const long RetentionMinBytes = 64 << 10;

    public static AllocRetentionReport Analyze(Profile profile, ReportOptions options)
    {
        foreach (var required in (ReadOnlySpan<string>)["alloc_space", "inuse_space", "alloc_objects", "inuse_objects"])
        {
            if (!profile.SampleTypes.Any(t => t.Type == required))
            {
                throw new GoMem.IO.BadInputException(profile.Source, $"comparing allocation with retention needs a heap profile with alloc_* and inuse_* sample types; this profile has: {string.Join(", ", profile.SampleTypes.Select(t => t.Type))}");
            }
        }

        // The values of gomem top for each of the four sample types, with the same filters and granularity. Filters
        // and nodes do not depend on the sample type, so they are built once and only the values are added up four
        // times (this was four whole top reports).
        var all = options with { NodeCount = 0, NodeFraction = 0, CumulativeSort = false };
        var view = ProfileView.Create(profile, profile.ResolveSampleIndex("alloc_space"), +1, all, FrameRegexes.From(all));
        var table = NodeTable.Build([view], all);
        var allocSpace = Column(profile, view, table, "alloc_space");
        var inuseSpace = Column(profile, view, table, "inuse_space");
        var allocObjects = Column(profile, view, table, "alloc_objects");
        var inuseObjects = Column(profile, view, table, "inuse_objects");
        var totalInuse = inuseSpace.Total;

        var rows = new List<AllocRetentionRow>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in allocSpace.Names.Concat(inuseSpace.Flat.Keys))
        {
            if (!names.Add(name))
            {
                continue;
            }

            var alloc = allocSpace.Flat.GetValueOrDefault(name);
            var inuse = inuseSpace.Flat.GetValueOrDefault(name);
            if (alloc == 0 && inuse == 0)
            {
                continue;
            }

            var allocShare = allocSpace.Total == 0 ? 0 : (double)alloc / allocSpace.Total;
            var inuseShare = totalInuse == 0 ? 0 : (double)inuse / totalInuse;
            if (Math.Max(allocShare, inuseShare) < options.NodeFraction)
            {
                continue;
            }

            var verdict = inuseShare >= RetentionMinInuseShare && inuse >= RetentionMinBytes
                ? MemoryVerdict.Retention
                : allocShare >= ChurnMinAllocShare && (inuse == 0 || (double)alloc / inuse > ChurnRatio) ? MemoryVerdict.Churn : MemoryVerdict.None;
            rows.Add(new AllocRetentionRow(name, alloc, allocObjects.Flat.GetValueOrDefault(name), inuse, inuseObjects.Flat.GetValueOrDefault(name), verdict));
        }

        rows.Sort((a, b) =>
        {
            var c = Math.Max(Share(b.AllocSpace, allocSpace.Total), Share(b.InuseSpace, totalInuse)).CompareTo(Math.Max(Share(a.AllocSpace, allocSpace.Total), Share(a.InuseSpace, totalInuse)));
            return c != 0 ? c : string.CompareOrdinal(a.Name, b.Name);
        });
        if (options.NodeCount > 0 && rows.Count > options.NodeCount)
        {
            rows.RemoveRange(options.NodeCount, rows.Count - options.NodeCount);
        }

        var summary = ProfileSummary.Of(profile, profile.SampleTypes[profile.ResolveSampleIndex("alloc_space")]) with { SampleType = "alloc_space vs inuse_space" };
        return new AllocRetentionReport(summary, allocSpace.Total, totalInuse, rows);
    }

    private static double Share(long value, long total) => total == 0 ? 0 : (double)value / total;

    /// <summary>One sample type's flat value per name, for the nodes top would list, in top's order.</summary>
    private static (long Total, Dictionary<string, long> Flat, List<string> Names) Column(Profile profile, ProfileView view, NodeTable table, string sampleType)
    {
        var index = profile.ResolveSampleIndex(sampleType);
        var graph = CallGraph.Accumulate(table, [view.WithValueIndex(index)]);
        var nodes = new List<int>(table.Count);
        for (var n = 0; n < table.Count; n++)
        {
            if (graph.Flat[n] != 0 || graph.Cum[n] != 0)
            {
                nodes.Add(n);
            }
        }

        var order = new NodeOrder(table, graph, cumulative: false);
        nodes.Sort(order);
        var flat = new Dictionary<string, long>(nodes.Count, StringComparer.Ordinal);
        var names = new List<string>(nodes.Count);
        foreach (var n in nodes)
        {
            var name = order.Name(n);
            flat[name] = graph.Flat[n];
            names.Add(name);
        }

        return (profile.AbsoluteTotal(index), flat, names);
    }
}
