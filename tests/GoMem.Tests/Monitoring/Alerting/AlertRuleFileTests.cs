using GoMem.IO;
using GoMem.Monitoring.Alerting;
using GoMem.Output.Monitoring;

namespace GoMem.Tests.Monitoring.Alerting;

/// <summary>The rule file: the built-in rules written by gomem export alert-rules read back as the same rules; bad files are one line naming file, line and key.</summary>
public sealed class AlertRuleFileTests
{
    [Fact]
    public void The_built_in_rules_round_trip_through_their_rule_file()
    {
        var text = new StringWriter();
        AlertRulesYamlRenderer.Write(text, BuiltInAlertRules.All);
        var read = AlertRuleFile.Parse("rules.yml", text.ToString());

        Assert.Equal(BuiltInAlertRules.All.Count, read.Count);
        foreach (var (built, back) in BuiltInAlertRules.All.Zip(read))
        {
            Assert.Equal(built with { Why = null, Annotations = [] }, back with { Annotations = [] });
            Assert.Equal(built.Annotations, back.Annotations);
        }
    }

    [Fact]
    public void The_json_form_reads_back_as_the_same_rules_too()
    {
        using var buffer = new MemoryStream();
        AlertRulesJsonRenderer.Write(buffer, BuiltInAlertRules.All);
        var read = AlertRuleFile.Parse("rules.json", System.Text.Encoding.UTF8.GetString(buffer.ToArray()));

        Assert.Equal(BuiltInAlertRules.All.Select(r => r with { Why = null, Annotations = [] }), read.Select(r => r with { Annotations = [] }));
        Assert.Equal(BuiltInAlertRules.All.Select(r => r.Annotations), read.Select(r => r.Annotations));
    }

    [Fact]
    public void There_is_one_built_in_rule_per_condition()
    {
        Assert.Equal(Enum.GetValues<AlertCondition>().Order(), BuiltInAlertRules.All.Select(r => r.Condition).Order());
        Assert.All(BuiltInAlertRules.All, r => Assert.False(string.IsNullOrWhiteSpace(r.Why)));
    }

    [Theory]
    [InlineData("rules:\n  - alert: A\n    condition: heap-lek\n    labels: {severity: warning}\n", "rules.yml:3: rules[0].condition: unknown condition \"heap-lek\"; did you mean \"heap-leak\"?")]
    [InlineData("rules:\n  - alert: A\n    condition: memory-near-limit\n    labels: {severity: warning}\n", "rules.yml:2: rules[0].threshold: missing: condition memory-near-limit needs a threshold")]
    [InlineData("rules:\n  - alert: A\n    condition: heap-leak\n    threshold: 3\n    labels: {severity: warning}\n", "rules.yml:4: rules[0].threshold: condition heap-leak takes no parameters, not threshold")]
    [InlineData("rules:\n  - alert: A\n    condition: gc-cpu-high\n    threshold: lots\n    labels: {severity: warning}\n", "rules.yml:4: rules[0].threshold: \"lots\" is not a number above zero")]
    [InlineData("rules:\n  - alert: A\n    condition: target-down\n    for: soon\n    labels: {severity: warning}\n", "rules.yml:4: rules[0].for: \"soon\" is not a duration")]
    [InlineData("rules:\n  - alert: A\n    condition: target-down\n", "rules.yml:2: rules[0].labels.severity: missing")]
    [InlineData("rules:\n  - alert: A\n    condition: target-down\n    labels: {severity: warning}\n    annotations:\n      summary: \"{{ target }} {{ eror }}\"\n", "rules.yml:6: rules[0].annotations.summary: unknown variable {{ eror }}; did you mean {{ error }}?")]
    [InlineData("rules:\n  - alert: A\n    condition: target-down\n    labels: {severity: warning}\n  - alert: A\n    condition: restarted\n    window: 5m\n    labels: {severity: info}\n", "rules.yml:5: rules[1].alert: \"A\" is the name of an earlier rule too")]
    [InlineData("rules:\n  - alert: A\n    conditon: target-down\n", "rules.yml:3: rules[0].conditon: unknown key \"conditon\"; did you mean \"condition\"?")]
    [InlineData("rulez: []\n", "rules.yml:1: rulez: unknown key")]
    [InlineData("", "rules.yml:1: the rule file is empty")]
    public void A_bad_rule_file_is_one_line_naming_the_file_the_line_and_the_key(string text, string expected)
    {
        var e = Assert.Throws<BadInputException>(() => AlertRuleFile.Parse("rules.yml", text));
        Assert.StartsWith(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_rule_file_replaces_the_defaults_with_its_own_thresholds_labels_and_annotations()
    {
        var rules = AlertRuleFile.Parse("rules.yml", """
            rules:
              - alert: TooManyGoroutines
                condition: goroutines-above
                threshold: 500
                for: 1m
                labels:
                  severity: critical
                  team: payments
                annotations:
                  summary: "{{ target }} runs {{ value }} goroutines (over {{ threshold }}) in {{ labels.team }}"
            """);
        var rule = Assert.Single(rules);
        Assert.Equal((AlertCondition.GoroutinesAbove, 500.0, TimeSpan.FromMinutes(1), "critical", "payments"), (rule.Condition, rule.Threshold!.Value, rule.For, rule.Severity, rule.Labels["team"]));
        Assert.Equal("{{ target }} runs {{ value }} goroutines (over {{ threshold }}) in {{ labels.team }}", rule.Annotations.Single(a => a.Key == "summary").Value);
    }
}
