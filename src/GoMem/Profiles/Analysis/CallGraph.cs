using System.Runtime.CompilerServices;

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
    }

    public long[] Flat { get; }

    public long[] Cum { get; }

    /// <summary>The part of Flat that came from base samples (negated), for diffs.</summary>
    public long[] BaseFlat { get; }

    public long[] BaseCum { get; }

    /// <summary>Above this many kept nodes the edge table of <see cref="InlineMarks"/> is a dictionary, not a dense square.</summary>
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

        return graph;
    }

    /// <summary>
    /// pprof's "(inline)"/"(partial-inline)" marks for the kept nodes: an edge into a node is inline when, at every
    /// first crossing per sample, the node was an inlined frame of its location. Dropped nodes are skipped over, so
    /// edges are those of the trimmed graph.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static InlineMark[] InlineMarks(NodeTable table, IReadOnlyList<ProfileView> views, bool[] kept)
    {
        var marks = new InlineMark[table.Count];
        if (!AnyInlinedFrames(table))
        {
            return marks;
        }

        // A report keeps few nodes (top: tens), so its edges fit a dense kept × kept table: one array access per
        // stack edge instead of a dictionary lookup (3 million of them on a 262k-sample profile).
        var dense = new int[table.Count];
        var keptCount = 0;
        for (var n = 0; n < dense.Length; n++)
        {
            dense[n] = kept[n] ? keptCount++ : -1;
        }

        var edges = keptCount <= DenseEdgeLimit ? new EdgeTable(keptCount) : null;
        var sparse = edges is null ? new Dictionary<long, EdgeState>() : null;
        var stamp = 0;
        for (var v = 0; v < views.Count; v++)
        {
            var view = views[v];
            var locationNodes = table.LocationNodes[v];
            for (var k = 0; k < view.Samples.Length; k++)
            {
                if (view.Value(k) == 0)
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
                        if (!kept[n])
                        {
                            continue;
                        }

                        if (parent >= 0 && n != parent)
                        {
                            var inline = ni != nodes.Length - 1;
                            if (edges is not null)
                            {
                                edges.Cross(dense[parent], dense[n], inline, stamp);
                            }
                            else
                            {
                                var edge = ((long)parent << 32) | (uint)n;
                                if (!sparse!.TryGetValue(edge, out var state))
                                {
                                    sparse[edge] = new EdgeState(inline, stamp);
                                }
                                else if (state.Stamp != stamp)
                                {
                                    sparse[edge] = new EdgeState(state.Inline && inline, stamp);
                                }
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
            var nodeOf = new int[keptCount];
            for (var n = 0; n < dense.Length; n++)
            {
                if (dense[n] >= 0)
                {
                    nodeOf[dense[n]] = n;
                }
            }

            edges.Mark(nodeOf, hasInline, hasOther);
        }
        else
        {
            foreach (var (edge, state) in sparse!)
            {
                var destination = (int)(edge & 0xffffffff);
                if (state.Inline)
                {
                    hasInline[destination] = true;
                }
                else
                {
                    hasOther[destination] = true;
                }
            }
        }

        for (var n = 0; n < marks.Length; n++)
        {
            marks[n] = hasInline[n] ? (hasOther[n] ? InlineMark.PartialInline : InlineMark.Inline) : InlineMark.None;
        }

        return marks;
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

    private readonly record struct EdgeState(bool Inline, int Stamp);

    /// <summary>Edges between kept nodes (dense indexes) as a square: never crossed, crossed only inline, or not.</summary>
    private sealed class EdgeTable(int nodes)
    {
        private const byte Unseen = 0;
        private const byte AlwaysInline = 1;
        private const byte NotAlwaysInline = 2;

        private readonly byte[] _state = new byte[nodes * nodes];
        private readonly int[] _stamp = new int[nodes * nodes];

        /// <summary>The first crossing of an edge in a sample counts; its inline-ness must hold in every sample.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Cross(int from, int to, bool inline, int stamp)
        {
            var i = (from * nodes) + to;
            if (_state[i] == Unseen)
            {
                _state[i] = inline ? AlwaysInline : NotAlwaysInline;
                _stamp[i] = stamp;
            }
            else if (_stamp[i] != stamp)
            {
                _stamp[i] = stamp;
                if (!inline)
                {
                    _state[i] = NotAlwaysInline;
                }
            }
        }

        public void Mark(int[] nodeOf, bool[] hasInline, bool[] hasOther)
        {
            for (var i = 0; i < _state.Length; i++)
            {
                if (_state[i] != Unseen)
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
