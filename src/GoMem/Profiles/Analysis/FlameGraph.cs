namespace GoMem.Profiles.Analysis;

/// <summary>
/// One frame of a flame graph at one call path. <see cref="Value"/> = <see cref="Self"/> + <see cref="Pruned"/> +
/// the children's values. In a diff, Value = New − Base (Base and New are positive amounts, as in <see cref="TopRow"/>).
/// </summary>
public sealed class FlameNode(string name, InlineMark inline, long value, long self, long @base, long weight, long pruned, FlameNode[] children)
{
    public string Name { get; } = name;

    /// <summary>Inline when every sample through this path had the frame inlined into its caller; partial when some did.</summary>
    public InlineMark Inline { get; } = inline;

    public long Value { get; } = value;

    /// <summary>The value of samples whose stack ends here.</summary>
    public long Self { get; } = self;

    /// <summary>The base profile's part (positive), in a diff; 0 otherwise.</summary>
    public long Base { get; } = @base;

    public long New => Value + Base;

    /// <summary>Σ|sample value| through this path: the drawn width, additive even in a diff (where it is base + new).</summary>
    public long Weight { get; } = weight;

    /// <summary>The value of children dropped for being under the minimum fraction; kept here so totals stay exact.</summary>
    public long Pruned { get; } = pruned;

    /// <summary>Sorted by name (ordinal), then by report node identity.</summary>
    public IReadOnlyList<FlameNode> Children { get; } = children;
}

/// <summary>
/// The flame graph of a profile (or of a diff): a tree of call paths from the root of every stack to its leaf,
/// built from the same filtered views and report nodes as <c>gomem top</c>, so values line up with top's cum.
/// Inlined frames are tree levels of their own. Recursion is not merged: each call path is its own node.
/// </summary>
public sealed class FlameGraph
{
    /// <summary>Nodes narrower than this fraction of the root are dropped by default (their value stays in the parent).</summary>
    public const double DefaultMinFraction = 0.0001;

    private FlameGraph(ProfileSummary summary, IReadOnlyList<string> filters, string displayUnit, long total, bool isDiff, FlameNode root, int nodeCount, int prunedNodes)
    {
        Summary = summary;
        ActiveFilters = filters;
        DisplayUnit = displayUnit;
        Total = total;
        IsDiff = isDiff;
        Root = root;
        NodeCount = nodeCount;
        PrunedNodeCount = prunedNodes;
    }

    public ProfileSummary Summary { get; }

    public IReadOnlyList<string> ActiveFilters { get; }

    /// <summary>The requested display unit ("minimum" scales each value on its own).</summary>
    public string DisplayUnit { get; }

    /// <summary>pprof's report total (before focus filters; the base total in a diff): the denominator of percentages.</summary>
    public long Total { get; }

    public bool IsDiff { get; }

    public FlameNode Root { get; }

    /// <summary>Nodes in <see cref="Root"/>'s tree, root included.</summary>
    public int NodeCount { get; }

    public int PrunedNodeCount { get; }

    public static FlameGraph Analyze(Profile profile, ReportOptions options, Profile? baseProfile = null, double minFraction = DefaultMinFraction)
    {
        if (double.IsNaN(minFraction) || minFraction is < 0 or > 1)
        {
            throw new ArgumentException("the minimum fraction must be between 0 and 1");
        }

        var input = ReportInput.Create(profile, options, baseProfile);
        var table = NodeTable.Build(input.Views, options);
        var trie = PathTrie.Build(table, input.Views);
        var (root, kept, pruned) = trie.ToTree(table, minFraction);
        return new FlameGraph(input.Summary, options.ActiveFilters(), options.Unit, input.Total, input.IsDiff, root, kept, pruned);
    }

    /// <summary>
    /// Call paths as a trie in parallel arrays; a child is found by (parent, report node) in one dictionary. A
    /// child always gets a larger id than its parent, which lets every later pass run as a plain loop (no recursion:
    /// stacks come from untrusted input and may be arbitrarily deep).
    /// </summary>
    private sealed class PathTrie
    {
        private const byte SeenInline = 1;
        private const byte SeenCalled = 2;

        private readonly Dictionary<long, int> _children = [];
        private int[] _frame = new int[1024];
        private int[] _parent = new int[1024];
        private long[] _value = new long[1024];
        private long[] _self = new long[1024];
        private long[] _base = new long[1024];
        private long[] _weight = new long[1024];
        private byte[] _inline = new byte[1024];
        private int _count = 1; // id 0 is the root

        public static PathTrie Build(NodeTable table, IReadOnlyList<ProfileView> views)
        {
            var trie = new PathTrie();
            trie._frame[0] = -1;
            trie._parent[0] = -1;
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

                    var at = 0;
                    trie.Add(at, w, isBase);
                    var stack = view.Stack(k);
                    for (var i = stack.Length - 1; i >= 0; i--)
                    {
                        var nodes = locationNodes[stack[i]];
                        for (var ni = nodes.Length - 1; ni >= 0; ni--)
                        {
                            at = trie.Child(at, nodes[ni], inline: ni != nodes.Length - 1);
                            trie.Add(at, w, isBase);
                        }
                    }

                    trie._self[at] += w;
                }
            }

            return trie;
        }

        private void Add(int id, long w, bool isBase)
        {
            _value[id] += w;
            _weight[id] += PprofMath.Abs64(w);
            if (isBase)
            {
                _base[id] -= w;
            }
        }

        private int Child(int parent, int frame, bool inline)
        {
            var key = ((long)parent << 32) | (uint)frame;
            if (!_children.TryGetValue(key, out var id))
            {
                id = _count++;
                if (id == _frame.Length)
                {
                    Grow();
                }

                _frame[id] = frame;
                _parent[id] = parent;
                _children[key] = id;
            }

            _inline[id] |= inline ? SeenInline : SeenCalled;
            return id;
        }

        private void Grow()
        {
            var size = _frame.Length * 2;
            Array.Resize(ref _frame, size);
            Array.Resize(ref _parent, size);
            Array.Resize(ref _value, size);
            Array.Resize(ref _self, size);
            Array.Resize(ref _base, size);
            Array.Resize(ref _weight, size);
            Array.Resize(ref _inline, size);
        }

        /// <summary>Drops paths under the minimum fraction (folding their value into the parent's Pruned) and builds the sorted tree.</summary>
        public (FlameNode Root, int Kept, int Pruned) ToTree(NodeTable table, double minFraction)
        {
            var n = _count;
            var threshold = minFraction * _weight[0];
            var kept = new bool[n];
            var pruned = new long[n];
            var childCount = new int[n];
            kept[0] = true;
            var keptCount = 1;
            var prunedCount = 0;
            for (var id = 1; id < n; id++)
            {
                var parent = _parent[id];
                if (!kept[parent])
                {
                    continue;
                }

                if (_weight[id] >= threshold)
                {
                    kept[id] = true;
                    keptCount++;
                    childCount[parent]++;
                }
                else
                {
                    pruned[parent] += _value[id];
                    prunedCount++;
                }
            }

            // Children of each kept node, grouped in one array (CSR), each group sorted by name.
            var start = new int[n + 1];
            for (var id = 0; id < n; id++)
            {
                start[id + 1] = start[id] + childCount[id];
            }

            var fill = (int[])start.Clone();
            var children = new int[start[n]];
            for (var id = 1; id < n; id++)
            {
                if (kept[id])
                {
                    children[fill[_parent[id]]++] = id;
                }
            }

            var names = new string?[table.Count];
            var order = new ChildOrder(this, table, names);
            for (var id = 0; id < n; id++)
            {
                if (childCount[id] > 1)
                {
                    Array.Sort(children, start[id], childCount[id], order);
                }
            }

            // Children have larger ids than their parents, so building from the last id up sees every child first.
            var built = new FlameNode?[n];
            for (var id = n - 1; id >= 0; id--)
            {
                if (!kept[id])
                {
                    continue;
                }

                var nodes = new FlameNode[childCount[id]];
                for (var c = 0; c < nodes.Length; c++)
                {
                    var child = children[start[id] + c];
                    nodes[c] = built[child]!;
                    built[child] = null;
                }

                var name = id == 0 ? "root" : order.Name(_frame[id]);
                built[id] = new FlameNode(name, Mark(_inline[id]), _value[id], _self[id], _base[id], _weight[id], pruned[id], nodes);
            }

            return (built[0]!, keptCount, prunedCount);
        }

        private static InlineMark Mark(byte seen) => seen switch
        {
            SeenInline => InlineMark.Inline,
            SeenInline | SeenCalled => InlineMark.PartialInline,
            _ => InlineMark.None,
        };

        /// <summary>Orders siblings by printable name, then by report node (distinct nodes may print alike).</summary>
        private sealed class ChildOrder(PathTrie trie, NodeTable table, string?[] names) : IComparer<int>
        {
            public string Name(int frame) => names[frame] ??= table.Key(frame).PrintableName();

            public int Compare(int left, int right)
            {
                int a = trie._frame[left], b = trie._frame[right];
                var c = string.CompareOrdinal(Name(a), Name(b));
                return c != 0 ? c : a.CompareTo(b);
            }
        }
    }
}
