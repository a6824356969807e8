using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GoMem.Monitoring.Exposition;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Monitoring.Exports;

/// <summary>
/// <c>gomem export grafana</c>: the dashboard's structure as Grafana reads it (a data source variable everything
/// uses, job and instance variables, panels on a 24-column grid, alert annotations), every figure of gomem watch's
/// exposition and client_golang's on a panel, every query through the real promtool, and the JSON golden.
/// </summary>
public sealed partial class GrafanaDashboardTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-grafana-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The exported dashboard.</summary>
    internal static JsonElement Export(out string text)
    {
        var result = GoMemCli.Run("export", "grafana");
        Assert.True(result.ExitCode == 0, result.Stderr);
        text = result.Stdout;
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Every PromQL query of the dashboard: panels' targets, annotations, and the variables' series selectors.</summary>
    internal static List<(string Where, string Expr)> Queries(JsonElement dashboard)
    {
        var queries = new List<(string, string)>();
        foreach (var panel in dashboard.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() != "row"))
        {
            queries.AddRange(panel.GetProperty("targets").EnumerateArray().Select(t => ($"panel \"{panel.GetProperty("title").GetString()}\" {t.GetProperty("refId").GetString()}", t.GetProperty("expr").GetString()!)));
        }

        foreach (var annotation in dashboard.GetProperty("annotations").GetProperty("list").EnumerateArray().Where(a => a.TryGetProperty("expr", out _)))
        {
            queries.Add(($"annotation \"{annotation.GetProperty("name").GetString()}\"", annotation.GetProperty("expr").GetString()!));
        }

        foreach (var variable in dashboard.GetProperty("templating").GetProperty("list").EnumerateArray().Where(v => v.GetProperty("type").GetString() == "query"))
        {
            var match = LabelValues().Match(variable.GetProperty("query").GetProperty("query").GetString()!);
            Assert.True(match.Success, variable.ToString());
            queries.Add(($"variable {variable.GetProperty("name").GetString()}", match.Groups["selector"].Value));
        }

        return queries;
    }

    /// <summary>A query as Grafana sends it once the variables are chosen.</summary>
    internal static string Substitute(string expr, string job, string instance, string rateInterval) =>
        expr.Replace("$__rate_interval", rateInterval, StringComparison.Ordinal).Replace("$job", job, StringComparison.Ordinal).Replace("$instance", instance, StringComparison.Ordinal);

    [Fact]
    public void Every_panel_variable_and_annotation_queries_through_the_datasource_variable()
    {
        var dashboard = Export(out _);
        var variables = dashboard.GetProperty("templating").GetProperty("list").EnumerateArray().ToList();
        var datasource = Assert.Single(variables, v => v.GetProperty("type").GetString() == "datasource");
        Assert.Equal("datasource", datasource.GetProperty("name").GetString());
        Assert.Equal("prometheus", datasource.GetProperty("query").GetString());
        foreach (var name in new[] { "job", "instance" })
        {
            var variable = Assert.Single(variables, v => v.GetProperty("name").GetString() == name);
            Assert.Equal("query", variable.GetProperty("type").GetString());
            Assert.True(variable.GetProperty("multi").GetBoolean());
            Assert.True(variable.GetProperty("includeAll").GetBoolean());
            Assert.Equal("${datasource}", variable.GetProperty("datasource").GetProperty("uid").GetString());
        }

        Assert.Contains("job=~\"$job\"", variables.Single(v => v.GetProperty("name").GetString() == "instance").GetProperty("query").GetProperty("query").GetString(), StringComparison.Ordinal);
        var panels = dashboard.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() != "row").ToList();
        Assert.All(panels, p =>
        {
            Assert.Equal("${datasource}", p.GetProperty("datasource").GetProperty("uid").GetString());
            Assert.All(p.GetProperty("targets").EnumerateArray(), t => Assert.Equal("${datasource}", t.GetProperty("datasource").GetProperty("uid").GetString()));
        });
        var annotations = dashboard.GetProperty("annotations").GetProperty("list").EnumerateArray().Where(a => a.TryGetProperty("expr", out _)).ToList();
        Assert.Contains(annotations, a => a.GetProperty("expr").GetString()!.StartsWith("ALERTS{alertstate=\"firing\"", StringComparison.Ordinal));
        Assert.All(annotations, a => Assert.Equal("${datasource}", a.GetProperty("datasource").GetProperty("uid").GetString()));
    }

    [Fact]
    public void Panels_sit_on_the_grid_without_overlap_with_unique_ids_and_each_a_query_and_a_unit()
    {
        var all = Export(out _).GetProperty("panels").EnumerateArray().ToList();
        Assert.Equal(all.Count, all.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        var boxes = all.Select(p => p.GetProperty("gridPos")).Select(g => (X: g.GetProperty("x").GetInt32(), Y: g.GetProperty("y").GetInt32(), W: g.GetProperty("w").GetInt32(), H: g.GetProperty("h").GetInt32())).ToList();
        Assert.All(boxes, b => Assert.True(b.X >= 0 && b.W > 0 && b.X + b.W <= 24 && b.H > 0, b.ToString()));
        for (var i = 0; i < boxes.Count; i++)
        {
            for (var j = i + 1; j < boxes.Count; j++)
            {
                var (a, b) = (boxes[i], boxes[j]);
                Assert.False(a.X < b.X + b.W && b.X < a.X + a.W && a.Y < b.Y + b.H && b.Y < a.Y + a.H, $"panels {i} and {j} overlap");
            }
        }

        foreach (var panel in all.Where(p => p.GetProperty("type").GetString() != "row"))
        {
            var targets = panel.GetProperty("targets").EnumerateArray().ToList();
            Assert.NotEmpty(targets);
            Assert.Equal(targets.Count, targets.Select(t => t.GetProperty("refId").GetString()).Distinct().Count());
            Assert.False(string.IsNullOrEmpty(panel.GetProperty("fieldConfig").GetProperty("defaults").GetProperty("unit").GetString()));
        }
    }

    [Fact]
    public void Every_figure_of_gomem_watch_and_of_client_golang_is_on_a_panel_for_the_chosen_job_and_instance()
    {
        var dashboard = Export(out _);
        var panels = dashboard.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() != "row").ToList();
        var exprs = Queries(dashboard).Where(q => q.Where.StartsWith("panel", StringComparison.Ordinal)).Select(q => q.Expr).ToList();
        var perTarget = typeof(MetricNames).GetFields().Select(f => (string)f.GetValue(null)!).Where(n => n.StartsWith("gomem_target_", StringComparison.Ordinal));
        var clientGolang = new[] { "process_resident_memory_bytes", "go_memstats_heap_alloc_bytes", "go_memstats_heap_inuse_bytes", "go_memstats_next_gc_bytes", "go_goroutines", "go_memstats_stack_inuse_bytes", "go_memstats_gc_cpu_fraction", "go_gc_pauses_seconds_bucket" };
        foreach (var name in perTarget.Concat(clientGolang))
        {
            var uses = exprs.Where(e => Regex.IsMatch(e, $@"\b{name}\{{")).ToList();
            Assert.True(uses.Count > 0, $"{name} is on no panel");
            Assert.All(uses, e => Assert.Contains("job=~\"$job\", instance=~\"$instance\"", e, StringComparison.Ordinal));
        }

        foreach (var name in new[] { MetricNames.CycleDuration, MetricNames.CycleErrors, MetricNames.StoreWriteDuration, MetricNames.LeasesHeld, MetricNames.MemoryCollections })
        {
            Assert.Contains(exprs, e => e.Contains(name, StringComparison.Ordinal));
        }

        Assert.Equal(exprs.Count, panels.Sum(p => p.GetProperty("targets").GetArrayLength()));
    }

    [PromtoolFact]
    public void Promtool_accepts_every_query_of_the_dashboard()
    {
        var queries = Queries(Export(out _));
        var rules = new StringBuilder("groups:\n  - name: gomem-dashboard-queries\n    rules:\n");
        for (var i = 0; i < queries.Count; i++)
        {
            rules.Append($"      # {queries[i].Where}\n      - record: gomem_dashboard:query_{i}\n        expr: |-\n          {Substitute(queries[i].Expr, ".+", ".+", "1m").Replace("\n", "\n          ", StringComparison.Ordinal)}\n");
        }

        File.WriteAllText(Path.Combine(_dir, "queries.yml"), rules.ToString());
        var (exit, output) = PrometheusServer.Promtool(_dir, "check", "rules", "queries.yml");
        Assert.True(exit == 0, output + "\n" + rules);
        Assert.Contains($"SUCCESS: {queries.Count} rules found", output, StringComparison.Ordinal);
    }

    [PromtoolFact]
    public void Promtool_refuses_a_broken_query_so_the_check_above_can_fail()
    {
        File.WriteAllText(Path.Combine(_dir, "broken.yml"), "groups:\n  - name: broken\n    rules:\n      - record: gomem_dashboard:broken\n        expr: sum by (job (go_goroutines)\n");
        var (exit, output) = PrometheusServer.Promtool(_dir, "check", "rules", "broken.yml");
        Assert.NotEqual(0, exit);
        Assert.Contains("parse error", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_dashboard_matches_its_golden()
    {
        Export(out var text);
        Golden.AssertMatches(Path.Combine("monitoring", "grafana-dashboard.json"), text);
    }

    [GeneratedRegex(@"^label_values\((?<selector>\{.*\}), *\w+\)$")]
    private static partial Regex LabelValues();
}
