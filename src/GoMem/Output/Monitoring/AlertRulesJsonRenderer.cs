using System.Text.Encodings.Web;
using System.Text.Json;
using GoMem.Monitoring.Alerting;
using GoMem.Monitoring.Exports;

namespace GoMem.Output.Monitoring;

/// <summary>
/// <c>gomem export alert-rules --format json</c>: the same rules as JSON, which <c>gomem watch --rules</c> reads too (YAML
/// reads JSON). JSON has no comments, so the reasons stay in the YAML form and in docs/ALERTS.md.
/// </summary>
public static class AlertRulesJsonRenderer
{
    public static void Write(Stream stream, IReadOnlyList<AlertRule> rules)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteStartArray("rules");
        foreach (var rule in rules)
        {
            json.WriteStartObject();
            json.WriteString("alert", rule.Name);
            json.WriteString("condition", AlertConditions.NameOf(rule.Condition));
            if (rule.Threshold is { } threshold)
            {
                json.WriteNumber("threshold", threshold);
            }

            if (rule.Horizon is { } horizon)
            {
                json.WriteString("horizon", PrometheusRule.FormatDuration(horizon));
            }

            if (rule.Window is { } window)
            {
                json.WriteString("window", PrometheusRule.FormatDuration(window));
            }

            json.WriteString("for", PrometheusRule.FormatDuration(rule.For));
            json.WriteStartObject("labels");
            foreach (var (name, value) in rule.Labels)
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
            json.WriteStartObject("annotations");
            foreach (var (name, template) in rule.Annotations)
            {
                json.WriteString(name, template);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
