using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using GoMem.Monitoring.Exposition;
using GoMem.Monitoring.Exports;
using GoMem.RuntimeStats.Prometheus;
using GoMem.RuntimeStats.Prometheus.Parsing;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Monitoring.Exports;

/// <summary>
/// <c>gomem export prometheus-rules</c>: the real promtool checks the file (YAML and JSON) and runs the rule unit
/// tests in gomem-rules.test.yml, whose inputs are the captured services' series (a leak fires its alert, the
/// healthy twin does not); the expressions use only names the captures (or gomem watch) expose; the file is golden.
/// </summary>
public sealed partial class PrometheusRulesTests : IDisposable
{
    private static readonly string UnitTests = Path.Combine(RepoPaths.Root, "tests", "GoMem.Tests", "Monitoring", "Exports", "gomem-rules.test.yml");

    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-rules-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Export(string format = "yaml", string name = "gomem-rules.yml")
    {
        var path = Path.Combine(_dir, name);
        var result = GoMemCli.Run("export", "prometheus-rules", "--format", format, "-o", path);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal("", result.Stdout);
        return path;
    }

    [PromtoolFact]
    public void Promtool_accepts_the_rule_file_in_yaml_and_in_json()
    {
        var rules = BuiltInPrometheusRules.Groups.Sum(g => g.Rules.Count);
        foreach (var (format, name) in new[] { ("yaml", "gomem-rules.yml"), ("json", "gomem-rules.json") })
        {
            var (exit, output) = PrometheusServer.Promtool(_dir, "check", "rules", Export(format, name));
            Assert.True(exit == 0, output);
            Assert.Contains($"SUCCESS: {rules} rules found", output, StringComparison.Ordinal);
        }
    }

    [PromtoolFact]
    public void The_rule_unit_tests_fire_on_the_captured_leaks_and_not_on_their_healthy_twins()
    {
        Export();
        File.Copy(UnitTests, Path.Combine(_dir, "gomem-rules.test.yml"));

        var (exit, output) = PrometheusServer.Promtool(_dir, "test", "rules", "gomem-rules.test.yml");
        Assert.True(exit == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [PromtoolFact]
    public void The_unit_tests_catch_a_threshold_that_would_miss_the_leak()
    {
        var rules = Export();
        var text = File.ReadAllText(rules);
        Assert.Contains("gomem:memory_limit_bytes > 0.8\n", text, StringComparison.Ordinal);
        File.WriteAllText(rules, text.Replace("gomem:memory_limit_bytes > 0.8\n", "gomem:memory_limit_bytes > 0.99\n", StringComparison.Ordinal));
        File.Copy(UnitTests, Path.Combine(_dir, "gomem-rules.test.yml"));

        var (exit, output) = PrometheusServer.Promtool(_dir, "test", "rules", "gomem-rules.test.yml");
        Assert.NotEqual(0, exit);
        Assert.Contains("alertname: GoMemoryNearLimit", output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_unit_tests_inputs_are_the_captured_series()
    {
        var tests = File.ReadAllText(UnitTests);
        static string Numbers(IEnumerable<double> values) => string.Join(' ', values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));

        var cgoleak = Enumerable.Range(1, 8).Select(i => Capture("cgoleak-series", i)).ToList();
        Assert.Contains($"values: '{Numbers(cgoleak.Select(m => Value(m, "process_resident_memory_bytes")))} ", tests, StringComparison.Ordinal);
        var churn = Enumerable.Range(1, 2).Select(i => Capture("churn-explain", i)).ToList();
        Assert.Contains($"values: '{Numbers(churn.Select(m => Value(m, "process_resident_memory_bytes")))} ", tests, StringComparison.Ordinal);
        Assert.Contains($"values: '{Numbers(churn.Select(m => Value(m, "go_memstats_gc_cpu_fraction")))} ", tests, StringComparison.Ordinal);
        Assert.Contains($"values: '{Numbers([Value(Capture("leakymap-explain", 1), "go_memstats_gc_cpu_fraction"), Value(Capture("leakymap-explain", 2), "go_memstats_gc_cpu_fraction")])} ", tests, StringComparison.Ordinal);
        var goroutines = Enumerable.Range(1, 2).Select(i => Value(Capture("goroutineleak-explain", i), "go_goroutines")).ToList();
        Assert.Contains($"values: '{goroutines[0]}+{goroutines[1] - goroutines[0]}x", tests, StringComparison.Ordinal);
        Assert.Contains($"values: '{Value(cgoleak[0], "process_start_time_seconds").ToString("R", CultureInfo.InvariantCulture)}x", tests, StringComparison.Ordinal);
        Assert.Contains($"values: '{Value(churn[1], "go_gc_duration_seconds", ("quantile", "1")).ToString("R", CultureInfo.InvariantCulture)}x", tests, StringComparison.Ordinal);
        foreach (var bucket in churn[1].Families.SelectMany(f => f.Samples).Where(s => s.Name == "go_gc_pauses_seconds_bucket"))
        {
            var le = bucket.GetLabel("le")!;
            var increment = bucket.Value - Value(churn[0], "go_gc_pauses_seconds_bucket", ("le", le));
            Assert.Contains($"go_gc_pauses_seconds_bucket{{job=\"churn\",instance=\"127.0.0.1:6062\",le=\"{le}\"}}'\n        values: '0+{increment}x", tests, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_expressions_use_only_names_the_captured_services_or_gomem_watch_expose()
    {
        var exposed = Directory.GetFiles(RepoPaths.TestData, "metrics*.txt", SearchOption.AllDirectories).Where(RepoPaths.IsFixture)
            .SelectMany(path => PrometheusTextParser.ParseFile(path).Families.SelectMany(f => f.Samples.Select(s => s.Name).Append(f.Name)))
            .Concat(typeof(MetricNames).GetFields().Select(f => (string)f.GetValue(null)!))
            .Concat(BuiltInPrometheusRules.Groups.SelectMany(g => g.Rules).Where(r => r.Record is not null).Select(r => r.Record!))
            .Append("up") // Prometheus' own, for every target it scrapes
            .ToHashSet(StringComparer.Ordinal);
        var used = BuiltInPrometheusRules.Groups.SelectMany(g => g.Rules).SelectMany(r => MetricNamesIn(r.Expr).Select(name => (r.Name, name))).ToList();

        Assert.Contains(used, u => u.name == "go_memstats_gc_cpu_fraction");
        Assert.DoesNotContain("go_gc_gomemlimit_bytes", exposed); // what the GOMEMLIMIT rule cannot use, and why it reads the limiter
        Assert.Empty(used.Where(u => !exposed.Contains(u.name)).Select(u => $"{u.Name}: {u.name}"));
    }

    [Fact]
    public void Every_alert_has_a_for_a_severity_a_summary_and_a_description_and_every_rule_a_reason()
    {
        var rules = BuiltInPrometheusRules.Groups.SelectMany(g => g.Rules).ToList();
        Assert.Equal(rules.Count, rules.Select(r => r.Name).Distinct().Count());
        Assert.All(rules, r => Assert.False(string.IsNullOrWhiteSpace(r.Why), r.Name));
        Assert.All(rules.Where(r => r.Alert is not null), r =>
        {
            Assert.Contains(r.Severity, new[] { "critical", "warning", "info" });
            Assert.False(string.IsNullOrWhiteSpace(r.Summary), r.Name);
            Assert.False(string.IsNullOrWhiteSpace(r.Description), r.Name);
        });
        Assert.Contains(rules, r => r.Expr.Contains("predict_linear(", StringComparison.Ordinal));
    }

    [Fact]
    public void The_rule_file_matches_its_golden_in_yaml_and_json()
    {
        Golden.AssertMatches(Path.Combine("monitoring", "prometheus-rules.yml"), File.ReadAllText(Export()));
        var json = File.ReadAllText(Export("json", "gomem-rules.json"));
        Golden.AssertMatches(Path.Combine("monitoring", "prometheus-rules.json"), json);

        // The JSON is the same rule file: the same rules, expressions, durations and annotations as the YAML's model.
        var groups = JsonDocument.Parse(json).RootElement.GetProperty("groups");
        var rules = groups.EnumerateArray().SelectMany(g => g.GetProperty("rules").EnumerateArray()).ToList();
        var model = BuiltInPrometheusRules.Groups.SelectMany(g => g.Rules).ToList();
        Assert.Equal(model.Select(r => r.Expr), rules.Select(r => r.GetProperty("expr").GetString()));
        Assert.Equal(
            model.Where(r => r.Alert is not null).Select(r => PrometheusRule.FormatDuration(r.For)),
            rules.Where(r => r.TryGetProperty("alert", out _)).Select(r => r.GetProperty("for").GetString()));
    }

    /// <summary>The metric names an expression selects: what is left once label matchers and lists, ranges, functions and keywords are taken out.</summary>
    private static IEnumerable<string> MetricNamesIn(string expr)
    {
        var bare = LabelLists().Replace(Matchers().Replace(Ranges().Replace(expr, ""), ""), "");
        return Identifiers().Matches(bare)
            .Where(m => !bare[(m.Index + m.Length)..].TrimStart().StartsWith('('))
            .Select(m => m.Value)
            .Where(name => name is not ("and" or "or" or "unless" or "bool" or "offset"));
    }

    private static MetricsExposition Capture(string scenario, int k) => PrometheusTextParser.ParseFile(RepoPaths.Scenario(scenario, $"metrics.{k}.txt"));

    private static double Value(MetricsExposition metrics, string name, params (string Name, string Value)[] labels) =>
        metrics.Families.SelectMany(f => f.Samples).First(s => s.Name == name && labels.All(l => s.GetLabel(l.Name) == l.Value)).Value;

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(by|on|without|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex LabelLists();

    [GeneratedRegex(@"(?<![\w.:])[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifiers();
}
