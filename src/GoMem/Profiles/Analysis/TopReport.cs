using GoMem.IO;

namespace GoMem.Profiles.Analysis;

/// <summary>One row of a top report. In a diff, Flat = New − Base (Base and BaseCum are positive amounts).</summary>
public sealed record TopRow(string Name, InlineMark Inline, long Flat, long Cum, long BaseFlat = 0, long BaseCum = 0)
{
    public long NewFlat => Flat + BaseFlat;

    public long NewCum => Cum + BaseCum;
}

/// <summary>
/// The result of <c>gomem top</c> / <c>gomem diff</c>: the same nodes, values, node-dropping rule and output unit
/// as <c>go tool pprof -top</c>. Both the text and the JSON renderers read this record only.
/// </summary>
public sealed record TopReport(
    ProfileSummary Summary,
    IReadOnlyList<string> ActiveFilters,
    string OutputUnit,
    long Total,
    long ShownTotal,
    int DroppedNodes,
    long DropCutoff,
    int CandidateNodeCount,
    bool IsDiff,
    IReadOnlyList<TopRow> Rows)
{
    /// <summary>Builds the report for one profile, or for a diff when <paramref name="baseProfile"/> is given.</summary>
    public static TopReport Analyze(Profile profile, ReportOptions options, Profile? baseProfile = null)
    {
        var input = ReportInput.Create(profile, options, baseProfile);
        var table = NodeTable.Build(input.Views, options);
        var graph = CallGraph.Accumulate(table, input.Views);

        // Nodes that carry anything, and the graph total used for the cutoff (sum of flats).
        var nodes = new List<int>(table.Count);
        long graphTotal = 0;
        for (var n = 0; n < table.Count; n++)
        {
            if (graph.Flat[n] != 0 || graph.Cum[n] != 0)
            {
                nodes.Add(n);
                graphTotal += graph.Flat[n];
            }
        }

        var nodeCutoff = PprofMath.Abs64((long)(graphTotal * options.NodeFraction));
        var edgeCutoff = PprofMath.Abs64((long)(graphTotal * options.EdgeFraction));
        var dropped = 0;
        if (nodeCutoff > 0)
        {
            var before = nodes.Count;
            nodes.RemoveAll(n => PprofMath.Abs64(graph.Cum[n]) < nodeCutoff);
            dropped = before - nodes.Count;
        }

        var candidates = nodes.Count;
        var order = new NodeOrder(table, graph, options.CumulativeSort);
        nodes.Sort(order);
        var cut = options.NodeCount > 0 && options.NodeCount < nodes.Count;
        if (cut)
        {
            nodes.RemoveRange(options.NodeCount, nodes.Count - options.NodeCount);
        }

        // pprof rebuilds its graph from the kept nodes only when a step dropped some; otherwise the first graph
        // stays, and each node of it that samples cross (even one whose values cancel out in a diff) is an end of edges.
        bool[] inGraph;
        if (dropped > 0 || cut)
        {
            inGraph = new bool[table.Count];
            foreach (var n in nodes)
            {
                inGraph[n] = true;
            }
        }
        else
        {
            inGraph = graph.Crossed;
        }

        var marks = CallGraph.InlineMarks(table, input.Views, inGraph, edgeCutoff);
        var rows = new TopRow[nodes.Count];
        long shown = 0;
        for (var i = 0; i < rows.Length; i++)
        {
            var n = nodes[i];
            shown += graph.Flat[n];
            rows[i] = new TopRow(order.Name(n), marks[n], graph.Flat[n], graph.Cum[n], -graph.BaseFlat[n], -graph.BaseCum[n]);
        }

        var unit = OutputUnits.Select(options.Unit, input.SampleType.Unit, rows, input.Total);
        var dropCutoff = PprofMath.Abs64((long)(input.Total * options.NodeFraction));
        return new TopReport(input.Summary, options.ActiveFilters(), unit, input.Total, shown, dropped, dropCutoff, candidates, input.IsDiff, rows);
    }
}

/// <summary>
/// pprof's node orders: by |flat| (or |cum|), then name, then the other value, then the full node identity; names
/// compare as Go compares strings, by their bytes.
/// </summary>
internal sealed class NodeOrder(NodeTable table, CallGraph graph, bool cumulative) : IComparer<int>
{
    private readonly string?[] _names = new string?[table.Count];

    public string Name(int node) => _names[node] ??= table.Key(node).PrintableName();

    public int Compare(int left, int right)
    {
        if (left == right)
        {
            return 0;
        }

        long first = cumulative ? graph.Cum[left] : graph.Flat[left], firstOther = cumulative ? graph.Cum[right] : graph.Flat[right];
        var c = PprofMath.Abs64(firstOther).CompareTo(PprofMath.Abs64(first));
        if (c != 0)
        {
            return c;
        }

        c = ByteStrings.Compare(Name(left), Name(right));
        if (c != 0)
        {
            return c;
        }

        long second = cumulative ? graph.Flat[left] : graph.Cum[left], secondOther = cumulative ? graph.Flat[right] : graph.Cum[right];
        c = PprofMath.Abs64(secondOther).CompareTo(PprofMath.Abs64(second));
        return c != 0 ? c : ByteStrings.Compare(table.Key(left).GoSprint(), table.Key(right).GoSprint());
    }
}

/// <summary>pprof's choice of display unit for a report.</summary>
internal static class OutputUnits
{
    /// <summary>
    /// With "minimum", picks the unit of the smallest non-zero node value, or a larger one when the smallest is
    /// under 1% of the total (so it can show as 0.01); otherwise the requested unit as given.
    /// </summary>
    public static string Select(string requested, string sampleUnit, IReadOnlyList<TopRow> rows, long total)
    {
        if (requested != "minimum" || rows.Count == 0)
        {
            return requested;
        }

        long minValue = 0;
        foreach (var row in rows)
        {
            var nodeMin = PprofMath.Abs64(row.Flat);
            if (nodeMin == 0)
            {
                nodeMin = PprofMath.Abs64(row.Cum);
            }

            if (nodeMin > 0 && (minValue == 0 || nodeMin < minValue))
            {
                minValue = nodeMin;
            }
        }

        var maxValue = total;
        if (minValue == 0)
        {
            minValue = maxValue;
        }

        var (_, minUnit) = SampleUnits.Scale(minValue, sampleUnit, "minimum");
        var (_, maxUnit) = SampleUnits.Scale(maxValue, sampleUnit, "minimum");
        var unit = minUnit;
        if (minUnit != maxUnit && minValue * 100 < maxValue)
        {
            (_, unit) = SampleUnits.Scale(100 * minValue, sampleUnit, "minimum");
        }

        return unit.Length > 0 ? unit : sampleUnit;
    }
}
