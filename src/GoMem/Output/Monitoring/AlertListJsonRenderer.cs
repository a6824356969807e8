using System.Text.Encodings.Web;
using System.Text.Json;
using GoMem.Monitoring.Alerting;
using GoMem.Sources;

namespace GoMem.Output.Monitoring;

/// <summary><c>gomem alerts --format json</c>: the same alerts and numbers as the text, each with all its labels and annotations.</summary>
public static class AlertListJsonRenderer
{
    public static void Write(Stream stream, StoredAlerts list)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("since", list.Since.ToUniversalTime());
        json.WriteString("state", list.State?.Name() ?? "all");
        json.WriteNumber("firing", list.Count(AlertState.Firing));
        json.WriteNumber("pending", list.Count(AlertState.Pending));
        json.WriteNumber("resolved", list.Count(AlertState.Resolved));
        json.WriteStartArray("alerts");
        foreach (var (target, alert) in list.Alerts)
        {
            json.WriteStartObject();
            json.WriteString("state", alert.State.Name());
            json.WriteString("alertname", alert.Rule);
            json.WriteString("severity", alert.Labels.Get("severity"));
            json.WriteString("target", $"{target.Job}/{target.Instance}");
            AlertJson.WriteAlertBody(json, alert);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
