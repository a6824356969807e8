using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace GoMem.Profiles.Analysis;

/// <summary>
/// Flat and cumulative values per node, computed as pprof's graph builder does: a sample adds its value to the
/// cum of every distinct node on its stack once, and to the flat of its leaf-most node. Base (negative) and new
/// contributions are also kept apart for diff reports.
/// </summary>
internal sealed class CallGraph
{
    private CallGraph(int nodes)
    {
        Flat = new long[nodes];
        Cum = new long[nodes];
        BaseFlat = new long[nodes];
        BaseCum = new long[nodes];
        Crossed = new bool[nodes];
    }

    public long[] Flat { get; }

    public long[] Cum { get; }

    /// <summary>The part of Flat that came from base samples (negated), for diffs.</summary>
    public long[] BaseFlat { get; }

    public long[] BaseCum { get; }

    /// <summary>Nodes on the stack of some sample with a value (even when the values cancel out, as in a diff).</summary>
    public bool[] Crossed { get; }

    /// <summary>Above this many graph nodes the edge table of <see cref="InlineMarks"/> is a dictionary, not a dense square.</summary>
    private const int DenseEdgeLimit = 512;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static CallGraph Accumulate(NodeTable table, IReadOnlyList<ProfileView> views)
    {
        var graph = new CallGraph(table.Count);
        var seen = new int[table.Count];
        var stamp = 0;
        for (var v = 0; v < views.Count; v++)
        {
            var view = views[v];
            var isBase = view.Sign < 0;
            var locationNodes = table.LocationNodes[v];
            for (var k = 0; k < view.Samples.Length; k++)
            {
                var w = view.Value(k);
                if (w == 0)
                {
                    continue;
                }

                stamp++;
                var stack = view.Stack(k);
                var leaf = -1;
                for (var i = stack.Length - 1; i >= 0; i--)
                {
                    var nodes = locationNodes[stack[i]];
                    for (var ni = nodes.Length - 1; ni >= 0; ni--)
                    {
                        var n = nodes[ni];
                        if (seen[n] != stamp)
                        {
                            seen[n] = stamp;
                            graph.Cum[n] += w;
                            if (isBase)
                            {
                                graph.BaseCum[n] += w;
                            }
                        }

                        leaf = n;
                    }
                }

                if (leaf >= 0)
                {
                    graph.Flat[leaf] += w;
                    if (isBase)
                    {
                        graph.BaseFlat[leaf] += w;
                    }
                }
            }
        }

        for (var n = 0; n < seen.Length; n++)
        {
            graph.Crossed[n] = seen[n] != 0;
        }

        return graph;
    }

    /// <summary>
    /// pprof's "(inline)"/"(partial-inline)" marks: a node is marked by the call edges into it that the report's
    /// graph keeps. An edge is inline when, at every first crossing per sample, its destination was an inlined frame
    /// of its location; its weight is the sum of the values of the samples that cross it (once per sample). Edges run
    /// between nodes of the graph (<paramref name="inGraph"/>), skipping the others, and those whose |weight| is under
    /// <paramref name="edgeCutoff"/> are dropped before the marks are read, as pprof's TrimLowFrequencyEdges does
    /// (-edgefraction).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static InlineMark[] InlineMarks(NodeTable table, IReadOnlyList<ProfileView> views, bool[] inGraph, long edgeCutoff)
    {
        var marks = new InlineMark[table.Count];
        if (!AnyInlinedFrames(table))
        {
            return marks;
        }

        // A report's graph has few nodes (top: tens), so its edges fit a dense nodes × nodes table: one array
        // access per stack edge instead of a dictionary lookup (3 million of them on a 262k-sample profile).
        var dense = new int[table.Count];
        var graphCount = 0;
        for (var n = 0; n < dense.Length; n++)
        {
            dense[n] = inGraph[n] ? graphCount++ : -1;
        }

        var edges = graphCount <= DenseEdgeLimit ? new EdgeTable(graphCount) : null;
        var sparse = edges is null ? new Dictionary<long, EdgeState>() : null;
        var stamp = 0;
        for (var v = 0; v < views.Count; v++)
        {
            var view = views[v];
            var locationNodes = table.LocationNodes[v];
            for (var k = 0; k < view.Samples.Length; k++)
            {
                var w = view.Value(k);
                if (w == 0)
                {
                    continue;
                }

                stamp++;
                var stack = view.Stack(k);
                var parent = -1;
                for (var i = stack.Length - 1; i >= 0; i--)
                {
                    var nodes = locationNodes[stack[i]];
                    for (var ni = nodes.Length - 1; ni >= 0; ni--)
                    {
                        var n = nodes[ni];
                        if (dense[n] < 0)
                        {
                            continue;
                        }

                        if (parent >= 0 && n != parent)
                        {
                            var inline = ni != nodes.Length - 1;
                            if (edges is not null)
                            {
                                edges.Cross(dense[parent], dense[n], inline, w, stamp);
                            }
                            else
                            {
                                CrossSparse(sparse!, ((long)parent << 32) | (uint)n, inline, w, stamp);
                            }
                        }

                        parent = n;
                    }
                }
            }
        }

        var hasInline = new bool[table.Count];
        var hasOther = new bool[table.Count];
        if (edges is not null)
        {
            var nodeOf = new int[graphCount];
            for (var n = 0; n < dense.Length; n++)
            {
                if (dense[n] >= 0)
                {
                    nodeOf[dense[n]] = n;
                }
            }

            edges.Mark(nodeOf, edgeCutoff, hasInline, hasOther);
        }
        else
        {
            foreach (var (edge, state) in sparse!)
            {
                if (PprofMath.Abs64(state.Weight) >= edgeCutoff)
                {
                    (state.Inline ? hasInline : hasOther)[(int)(edge & 0xffffffff)] = true;
                }
            }
        }

        for (var n = 0; n < marks.Length; n++)
        {
            marks[n] = hasInline[n] ? (hasOther[n] ? InlineMark.PartialInline : InlineMark.Inline) : InlineMark.None;
        }

        return marks;
    }

    private static void CrossSparse(Dictionary<long, EdgeState> sparse, long edge, bool inline, long weight, int stamp)
    {
        ref var state = ref CollectionsMarshal.GetValueRefOrAddDefault(sparse, edge, out var exists);
        if (!exists)
        {
            state = new EdgeState(inline, stamp, weight);
        }
        else if (state.Stamp != stamp)
        {
            state = new EdgeState(state.Inline && inline, stamp, state.Weight + weight);
        }
    }

    private static bool AnyInlinedFrames(NodeTable table)
    {
        foreach (var perLocation in table.LocationNodes)
        {
            foreach (var nodes in perLocation)
            {
                if (nodes.Length > 1)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private readonly record struct EdgeState(bool Inline, int Stamp, long Weight);

    /// <summary>
    /// Edges between graph nodes (dense indexes) as a square: never crossed, crossed only inline, or not; and the
    /// summed weight of the samples that crossed each.
    /// </summary>
    private sealed class EdgeTable(int nodes)
    {
        private const byte Unseen = 0;
        private const byte AlwaysInline = 1;
        private const byte NotAlwaysInline = 2;

        private readonly byte[] _state = new byte[nodes * nodes];
        private readonly int[] _stamp = new int[nodes * nodes];
        private readonly long[] _weight = new long[nodes * nodes];

        /// <summary>The first crossing of an edge in a sample counts: its weight is added, its inline-ness must hold in every sample.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Cross(int from, int to, bool inline, long weight, int stamp)
        {
            var i = (from * nodes) + to;
            if (_state[i] == Unseen)
            {
                _state[i] = inline ? AlwaysInline : NotAlwaysInline;
                _stamp[i] = stamp;
                _weight[i] = weight;
            }
            else if (_stamp[i] != stamp)
            {
                _stamp[i] = stamp;
                _weight[i] += weight;
                if (!inline)
                {
                    _state[i] = NotAlwaysInline;
                }
            }
        }

        /// <summary>Marks the destinations of the edges that survive the cutoff.</summary>
        public void Mark(int[] nodeOf, long cutoff, bool[] hasInline, bool[] hasOther)
        {
            for (var i = 0; i < _state.Length; i++)
            {
                if (_state[i] != Unseen && PprofMath.Abs64(_weight[i]) >= cutoff)
                {
                    var destination = nodeOf[i % nodes];
                    (_state[i] == AlwaysInline ? hasInline : hasOther)[destination] = true;
                }
            }
        }
    }
}

/// <summary>Whether a node is reached only through inlining, partly, or not at all.</summary>
public enum InlineMark : byte
{
    None,
    Inline,
    PartialInline,
}
