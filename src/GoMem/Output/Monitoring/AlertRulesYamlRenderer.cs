using System.Globalization;
using GoMem.Monitoring.Alerting;
using GoMem.Monitoring.Exports;

namespace GoMem.Output.Monitoring;

/// <summary>
/// <c>gomem export alert-rules</c>: rules as the rule file <c>gomem watch --rules</c> reads (<see cref="AlertRuleFile"/>),
/// each with a comment saying why its threshold and wait are what they are: a user's starting point, which reads back
/// as the same rules.
/// </summary>
public static class AlertRulesYamlRenderer
{
    public static void Write(TextWriter writer, IReadOnlyList<AlertRule> rules)
    {
        PrometheusRulesYamlRenderer.Comment(writer, "", "The alert rules gomem watch evaluates after each cycle of a target, on GoMem's own verdicts (which function leaks) and figures. "
            + "Written by gomem export alert-rules; edit, then run gomem watch --rules FILE (which replaces the built-in rules with this file's) and check it with gomem watch --check-config --rules FILE.");
        PrometheusRulesYamlRenderer.Comment(writer, "", "Conditions: " + string.Join(", ", AlertConditions.Names) + ". "
            + "Annotations may use {{ target }}, {{ job }}, {{ instance }}, {{ alertname }}, {{ value }}, {{ threshold }}, {{ for }}, {{ labels.NAME }} and the condition's own variables (docs/ALERTS.md).");
        writer.Write("rules:\n");
        foreach (var rule in rules)
        {
            if (rule.Why is { } why)
            {
                PrometheusRulesYamlRenderer.Comment(writer, "  ", why);
            }

            writer.Write($"  - alert: {rule.Name}\n");
            writer.Write($"    condition: {AlertConditions.NameOf(rule.Condition)}\n");
            if (rule.Threshold is { } threshold)
            {
                var unit = rule.Condition switch
                {
                    AlertCondition.GcPauseP99High => "  # seconds",
                    AlertCondition.MemoryNearLimit or AlertCondition.HeapNearGomemlimit => "  # share of the limit",
                    AlertCondition.GcCpuHigh => "  # share of the CPU",
                    _ => "",
                };
                writer.Write($"    threshold: {threshold.ToString("0.######", CultureInfo.InvariantCulture)}{unit}\n");
            }

            if (rule.Horizon is { } horizon)
            {
                writer.Write($"    horizon: {PrometheusRule.FormatDuration(horizon)}\n");
            }

            if (rule.Window is { } window)
            {
                writer.Write($"    window: {PrometheusRule.FormatDuration(window)}\n");
            }

            writer.Write($"    for: {PrometheusRule.FormatDuration(rule.For)}\n");
            writer.Write("    labels:\n");
            foreach (var (name, value) in rule.Labels)
            {
                writer.Write($"      {name}: {PrometheusRulesYamlRenderer.Quoted(value)}\n");
            }

            if (rule.Annotations.Count > 0)
            {
                writer.Write("    annotations:\n");
                foreach (var (name, template) in rule.Annotations)
                {
                    writer.Write($"      {name}: {PrometheusRulesYamlRenderer.Quoted(template)}\n");
                }
            }
        }
    }
}
