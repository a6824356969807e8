using System.Text.Encodings.Web;
using System.Text.Json;
using GoMem.Monitoring.Exports;

namespace GoMem.Output.Monitoring;

/// <summary>
/// <c>gomem export prometheus-rules --format json</c>: the same rule file as JSON, which Prometheus and promtool read
/// as they read YAML (JSON is YAML): the same groups, rules, labels and annotations, without the comments. Nothing
/// else is added, since Prometheus refuses a rule file with fields it does not know.
/// </summary>
public static class PrometheusRulesJsonRenderer
{
    public static void Write(Stream stream, IReadOnlyList<PrometheusRuleGroup> groups)
    {
        // Relaxed escaping: PromQL's > and quotes stay readable (the file is data, never embedded in a page).
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteStartArray("groups");
        foreach (var group in groups)
        {
            json.WriteStartObject();
            json.WriteString("name", group.Name);
            json.WriteStartArray("rules");
            foreach (var rule in group.Rules)
            {
                json.WriteStartObject();
                json.WriteString(rule.Alert is null ? "record" : "alert", rule.Name);
                json.WriteString("expr", rule.Expr);
                if (rule.Alert is not null)
                {
                    json.WriteString("for", PrometheusRule.FormatDuration(rule.For));
                    json.WriteStartObject("labels");
                    json.WriteString("severity", rule.Severity);
                    json.WriteEndObject();
                    json.WriteStartObject("annotations");
                    json.WriteString("summary", rule.Summary);
                    json.WriteString("description", rule.Description);
                    json.WriteEndObject();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
