using GoMem.Monitoring.Exports;
using GoMem.Monitoring.Exposition;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Docs;

/// <summary>docs/PROMETHEUS.md lists every built-in rule with its expression, <c>for</c>, severity and reason, and every series gomem watch serves, as the code has them.</summary>
public sealed class PrometheusDocsTests
{
    private static readonly string Doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "PROMETHEUS.md"));

    [Fact]
    public void Every_rule_is_listed_with_its_expression_and_reason()
    {
        foreach (var rule in BuiltInPrometheusRules.Groups.SelectMany(g => g.Rules))
        {
            var heading = rule.Alert is null ? $"### `{rule.Record}` (recording rule)\n" : $"### {rule.Alert} ({rule.Severity}, for {PrometheusRule.FormatDuration(rule.For)})\n";
            Assert.Contains(heading, Doc, StringComparison.Ordinal);
            var section = Doc[Doc.IndexOf(heading, StringComparison.Ordinal)..];
            section = section[..(section.IndexOf("\n#", heading.Length, StringComparison.Ordinal) is var end and > 0 ? end : section.Length)];
            Assert.Contains($"```promql\n{rule.Expr}\n```", section, StringComparison.Ordinal);
            Assert.Contains(rule.Why, section, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_series_of_the_exposition_is_described()
    {
        foreach (var name in typeof(MetricNames).GetFields().Where(f => !f.Name.EndsWith("Label", StringComparison.Ordinal)).Select(f => (string)f.GetValue(null)!))
        {
            Assert.Contains($"| `{name}", Doc, StringComparison.Ordinal);
        }
    }
}
