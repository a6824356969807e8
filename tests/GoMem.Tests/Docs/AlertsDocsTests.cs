using GoMem.Monitoring.Alerting;
using GoMem.Monitoring.Exports;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Docs;

/// <summary>docs/ALERTS.md keeps up with the built-in rules: each has its section (severity, for, condition, parameters, why) and its table row; the example rule file reads.</summary>
public sealed class AlertsDocsTests
{
    private static readonly string Doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "ALERTS.md")).ReplaceLineEndings("\n");

    [Fact]
    public void Every_built_in_rule_is_described_with_its_condition_wait_and_why()
    {
        foreach (var rule in BuiltInAlertRules.All)
        {
            var heading = $"### {rule.Name} ({rule.Severity}, for {PrometheusRule.FormatDuration(rule.For)})\n";
            Assert.Contains(heading, Doc, StringComparison.Ordinal);
            var section = Doc[Doc.IndexOf(heading, StringComparison.Ordinal)..];
            section = section[..section.IndexOf("\n#", heading.Length, StringComparison.Ordinal)];
            Assert.Contains($"Condition `{AlertConditions.NameOf(rule.Condition)}`", section, StringComparison.Ordinal);
            Assert.Contains(rule.Why!, section, StringComparison.Ordinal);
            Assert.Contains($"| {rule.Name} | `{AlertConditions.NameOf(rule.Condition)}` |", Doc, StringComparison.Ordinal);
            Assert.Contains($"| {PrometheusRule.FormatDuration(rule.For)} | {rule.Severity} |", Doc[Doc.IndexOf($"| {rule.Name} |", StringComparison.Ordinal)..], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_example_rule_file_reads()
    {
        var start = Doc.IndexOf("```yaml\n", StringComparison.Ordinal) + "```yaml\n".Length;
        var rules = AlertRuleFile.Parse("ALERTS.md", Doc[start..Doc.IndexOf("```", start, StringComparison.Ordinal)]);
        Assert.Equal("TooManyGoroutines", Assert.Single(rules).Name);
    }
}
