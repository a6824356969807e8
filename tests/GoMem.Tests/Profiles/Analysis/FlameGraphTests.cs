using System.Diagnostics;
using System.Text.RegularExpressions;
using GoMem.Profiles;
using ValueType = GoMem.Profiles.ValueType;
using GoMem.Profiles.Analysis;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Profiles.Analysis;

public sealed class FlameGraphTests
{
    private static readonly Profile Heap1 = ProfileReader.ReadFile(RepoPaths.Scenario("leakymap", "heap.1.pb.gz"));
    private static readonly Profile Heap2 = ProfileReader.ReadFile(RepoPaths.Scenario("leakymap", "heap.2.pb.gz"));

    [Fact]
    public void Root_value_is_the_top_report_total_of_kept_samples()
    {
        var graph = FlameGraph.Analyze(Heap2, new ReportOptions(), minFraction: 0);
        var top = TopReport.Analyze(Heap2, new ReportOptions { NodeFraction = 0 });
        Assert.Equal(top.ShownTotal, graph.Root.Value);
        Assert.Equal(top.Total, graph.Total);
        Assert.Equal(top.Total, graph.Root.Value);
        Assert.Equal("root", graph.Root.Name);
        Assert.Equal("inuse_space", graph.Summary.SampleType);
    }

    [Theory]
    [InlineData("inuse_space", 0.0)]
    [InlineData("alloc_space", 0.0)]
    [InlineData("alloc_objects", FlameGraph.DefaultMinFraction)]
    [InlineData("inuse_space", 0.01)]
    public void Every_value_is_self_plus_pruned_plus_children(string sampleIndex, double minFraction)
    {
        var graph = FlameGraph.Analyze(Heap2, new ReportOptions { SampleIndex = sampleIndex }, minFraction: minFraction);
        var nodes = 0;
        foreach (var (path, node) in FlameGraphTestProfiles.Paths(graph.Root))
        {
            nodes++;
            long children = 0, weights = 0;
            foreach (var child in node.Children)
            {
                children += child.Value;
                weights += child.Weight;
            }

            Assert.True(node.Value == node.Self + node.Pruned + children, path);
            Assert.True(weights <= node.Weight, path);
            if (minFraction == 0)
            {
                Assert.Equal(0, node.Pruned);
            }
        }

        Assert.Equal(graph.NodeCount, nodes);
    }

    [Fact]
    public void Top_cum_of_every_function_is_the_sum_of_its_outermost_paths()
    {
        var options = new ReportOptions { NodeFraction = 0 };
        var graph = FlameGraph.Analyze(Heap2, options, minFraction: 0);
        var top = TopReport.Analyze(Heap2, options);
        var recordSession = top.Rows.Single(r => r.Name == "main.recordSession");
        Assert.True(recordSession.Cum > 0);
        foreach (var row in top.Rows)
        {
            Assert.True(row.Cum == OutermostSum(graph.Root, row.Name), row.Name);
        }

        // The leak sits under the HTTP server: root > ... > main.recordSession carries its cum along the path.
        var path = FlameGraphTestProfiles.Paths(graph.Root).Single(p => p.Node.Name == "main.recordSession");
        Assert.Equal(recordSession.Cum, path.Node.Value);
        Assert.StartsWith(";net/http.(*conn).serve;", path.Path, StringComparison.Ordinal);
    }

    [Fact]
    public void Children_are_sorted_by_name_and_inlined_frames_are_levels_of_their_own()
    {
        var graph = FlameGraph.Analyze(Heap2, new ReportOptions(), minFraction: 0);
        foreach (var (path, node) in FlameGraphTestProfiles.Paths(graph.Root))
        {
            for (var i = 1; i < node.Children.Count; i++)
            {
                Assert.True(string.CompareOrdinal(node.Children[i - 1].Name, node.Children[i].Name) <= 0, path);
            }
        }

        var inlined = FlameGraphTestProfiles.Paths(graph.Root).First(p => p.Node.Name == "bufio.NewWriterSize");
        Assert.Equal(InlineMark.Inline, inlined.Node.Inline);
        Assert.EndsWith(";net/http.newBufioWriterSize;bufio.NewWriterSize", inlined.Path, StringComparison.Ordinal);

        var noInlines = FlameGraph.Analyze(Heap2, new ReportOptions { NoInlines = true }, minFraction: 0);
        Assert.DoesNotContain(FlameGraphTestProfiles.Paths(noInlines.Root), p => p.Node.Inline != InlineMark.None);
        Assert.Equal(graph.Root.Value, noInlines.Root.Value);
    }

    [Fact]
    public void Diff_values_are_new_minus_base_on_every_path()
    {
        var diff = FlameGraph.Analyze(Heap2, new ReportOptions(), Heap1, minFraction: 0);
        var newer = ByPath(FlameGraph.Analyze(Heap2, new ReportOptions(), minFraction: 0));
        var older = ByPath(FlameGraph.Analyze(Heap1, new ReportOptions(), minFraction: 0));
        Assert.True(diff.IsDiff);
        Assert.Equal(TopReport.Analyze(Heap2, new ReportOptions(), Heap1).Total, diff.Total);
        var paths = FlameGraphTestProfiles.Paths(diff.Root);
        Assert.Equal(newer.Keys.Union(older.Keys).Count(), paths.Count);
        foreach (var (path, node) in paths)
        {
            var n = newer.GetValueOrDefault(path);
            var b = older.GetValueOrDefault(path);
            Assert.True(node.New == (n?.Value ?? 0), path);
            Assert.True(node.Base == (b?.Value ?? 0), path);
            Assert.True(node.Value == node.New - node.Base, path);
            Assert.True(node.Self == (n?.Self ?? 0) - (b?.Self ?? 0), path);
            Assert.True(node.Weight == (n?.Weight ?? 0) + (b?.Weight ?? 0), path);
        }

        var leak = paths.Single(p => p.Node.Name == "main.recordSession").Node;
        Assert.True(leak.Value > 0 && leak.New > leak.Base);
    }

    [Fact]
    public void Focus_keeps_only_paths_through_the_focused_function()
    {
        var all = FlameGraph.Analyze(Heap2, new ReportOptions(), minFraction: 0);
        var options = new ReportOptions { Focus = "json", NodeFraction = 0 };
        var focused = FlameGraph.Analyze(Heap2, options, minFraction: 0);
        Assert.Equal(TopReport.Analyze(Heap2, options).ShownTotal, focused.Root.Value);
        Assert.True(focused.Root.Value > 0 && focused.Root.Value < all.Root.Value);
        Assert.Equal(all.Total, focused.Total);
        Assert.Equal(["focus=json"], focused.ActiveFilters);

        // Every sample left ends on a path that contains a focused frame, and what is left has the values it had.
        var allByPath = ByPath(all);
        var regex = new Regex("json");
        foreach (var (path, node) in FlameGraphTestProfiles.Paths(focused.Root))
        {
            if (node.Self != 0)
            {
                Assert.Matches(regex, path);
            }

            Assert.True(node.Value <= allByPath[path].Value, path);
        }

        var ignored = FlameGraph.Analyze(Heap2, new ReportOptions { Ignore = "json" }, minFraction: 0);
        Assert.Equal(all.Root.Value, ignored.Root.Value + focused.Root.Value);
        Assert.DoesNotContain(FlameGraphTestProfiles.Paths(ignored.Root), p => p.Path.Contains("json", StringComparison.Ordinal));

        var hidden = FlameGraph.Analyze(Heap2, new ReportOptions { Hide = "^net/http" }, minFraction: 0);
        Assert.Equal(all.Root.Value, hidden.Root.Value);
        Assert.DoesNotContain(FlameGraphTestProfiles.Paths(hidden.Root), p => p.Node.Name.StartsWith("net/http", StringComparison.Ordinal));
    }

    [Fact]
    public void Pruning_drops_tiny_paths_but_keeps_totals_exact()
    {
        var full = FlameGraph.Analyze(Heap2, new ReportOptions { SampleIndex = "alloc_space" }, minFraction: 0);
        var pruned = FlameGraph.Analyze(Heap2, new ReportOptions { SampleIndex = "alloc_space" }, minFraction: 0.01);
        Assert.Equal(full.Root.Value, pruned.Root.Value);
        Assert.True(pruned.NodeCount < full.NodeCount);
        Assert.Equal(full.NodeCount, pruned.NodeCount + SubtreeSizeOfPruned(full, pruned));
        var fullByPath = ByPath(full);
        foreach (var (path, node) in FlameGraphTestProfiles.Paths(pruned.Root))
        {
            Assert.True(node.Weight >= 0.01 * pruned.Root.Weight, path);
            Assert.Equal(fullByPath[path].Value, node.Value);
            Assert.Equal(fullByPath[path].Self, node.Self);
        }
    }

    [Fact]
    public void Synthetic_tree_has_the_expected_shape()
    {
        var graph = FlameGraph.Analyze(FlameGraphTestProfiles.Small(), new ReportOptions(), minFraction: 0);
        var paths = FlameGraphTestProfiles.Paths(graph.Root).ToDictionary(p => p.Path, p => p.Node);
        Assert.Equal((3 << 20) + (1 << 19) + 4096 + 1000, graph.Root.Value);
        Assert.Equal(1000, paths[";main.main"].Self);
        Assert.Equal((2 << 20) + (1 << 19) + 4096, paths[";main.main;main.serve;main.handle"].Value);
        Assert.Equal(4096, paths[";main.main;main.serve;main.handle"].Self);
        var inlined = paths[";main.main;main.serve;main.handle;main.render;strings.Repeat"];
        Assert.Equal(InlineMark.Inline, inlined.Inline);
        Assert.Equal(InlineMark.None, paths[";main.main;main.serve;main.handle;main.render"].Inline);
        Assert.Equal(["main.alloc", "main.render"], paths[";main.main;main.serve;main.handle"].Children.Select(c => c.Name));
    }

    [Fact]
    public void Recursion_is_not_merged()
    {
        var profile = FlameGraphTestProfiles.Build(
            "demo",
            new ValueType("inuse_space", "bytes"),
            (10, ["main.main", "main.walk", "main.walk", "main.walk"]),
            (5, ["main.main", "main.walk"]));
        var graph = FlameGraph.Analyze(profile, new ReportOptions(), minFraction: 0);
        var paths = FlameGraphTestProfiles.Paths(graph.Root).ToDictionary(p => p.Path, p => p.Node);
        Assert.Equal(15, paths[";main.main;main.walk"].Value);
        Assert.Equal(5, paths[";main.main;main.walk"].Self);
        Assert.Equal(10, paths[";main.main;main.walk;main.walk;main.walk"].Self);
        Assert.Equal(15, TopReport.Analyze(profile, new ReportOptions()).Rows.Single(r => r.Name == "main.walk").Cum);
    }

    [Fact]
    public void A_quarter_million_distinct_stacks_build_quickly()
    {
        // Like examples/bigheap: 4^9 leaves, each reached through its own path of a/b/c/d calls.
        const int Depth = 9;
        var builder = new ProfileBuilder();
        builder.AddSampleType(new ValueType("inuse_space", "bytes"));
        var locations = new int[5];
        string[] names = ["main.a", "main.b", "main.c", "main.d", "main.leaf"];
        for (var i = 0; i < names.Length; i++)
        {
            var f = builder.AddFunction(new Function((ulong)i + 1, names[i], names[i], "big.go", 1));
            locations[i] = builder.AddLocation(new Location((ulong)i + 1, -1, 0x1000 + ((ulong)i * 16), [new Line(f, 10 + i, 0)], false));
        }

        var stack = new int[Depth + 1];
        var leaves = 1 << (2 * Depth);
        for (var path = 0; path < leaves; path++)
        {
            stack[0] = locations[4];
            for (var level = 0; level < Depth; level++)
            {
                stack[Depth - level] = locations[(path >> (2 * level)) & 3];
            }

            builder.AddSample([16], stack);
        }

        var profile = builder.Build();
        var clock = Stopwatch.StartNew();
        var graph = FlameGraph.Analyze(profile, new ReportOptions(), minFraction: 0);
        clock.Stop();

        // root + 4 + 16 + ... + 4^9, plus one leaf node under each of the 4^9 deepest calls.
        var expected = 1 + ((1L << (2 * (Depth + 1))) - 4) / 3 + leaves;
        Assert.Equal(expected, graph.NodeCount);
        Assert.Equal(16L * leaves, graph.Root.Value);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");

        var pruned = FlameGraph.Analyze(profile, new ReportOptions());
        Assert.Equal(graph.Root.Value, pruned.Root.Value);
        Assert.True(pruned.NodeCount < 10_000, $"{pruned.NodeCount} nodes after pruning");
    }

    [Fact]
    public void Minimum_fraction_out_of_range_is_refused()
    {
        Assert.Throws<ArgumentException>(() => FlameGraph.Analyze(Heap2, new ReportOptions(), minFraction: 1.5));
        Assert.Throws<ArgumentException>(() => FlameGraph.Analyze(Heap2, new ReportOptions(), minFraction: double.NaN));
    }

    private static long OutermostSum(FlameNode root, string name)
    {
        long sum = 0;
        var pending = new Stack<FlameNode>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var node = pending.Pop();
            if (node != root && node.Name == name)
            {
                sum += node.Value;
                continue;
            }

            foreach (var child in node.Children)
            {
                pending.Push(child);
            }
        }

        return sum;
    }

    private static Dictionary<string, FlameNode> ByPath(FlameGraph graph) =>
        FlameGraphTestProfiles.Paths(graph.Root).ToDictionary(p => p.Path, p => p.Node);

    private static int SubtreeSizeOfPruned(FlameGraph full, FlameGraph pruned)
    {
        var kept = ByPath(pruned);
        return FlameGraphTestProfiles.Paths(full.Root).Count(p => !kept.ContainsKey(p.Path));
    }
}
