using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace GoMem.Monitoring.Alerting.Delivery;

/// <summary>
/// The bodies each sink sends: Alertmanager's API v2 <c>POST /api/v2/alerts</c> array, the webhook message in the
/// shape Alertmanager's own webhook receiver sends (version 4), and the alert log's JSON line. docs/ALERTS.md shows
/// each.
/// </summary>
public static class AlertPayloads
{
    /// <summary>
    /// <c>[{labels, annotations, startsAt, endsAt, generatorURL}]</c>: <c>endsAt</c> only once resolved (a firing alert
    /// without one stays active in Alertmanager for its <c>resolve_timeout</c> after the last time it heard of it,
    /// which resends keep renewing); <c>generatorURL</c> only when there is one.
    /// </summary>
    public static byte[] Alertmanager(IReadOnlyList<AlertNotification> batch, Uri? externalUrl) => Write(json =>
    {
        json.WriteStartArray();
        foreach (var alert in batch)
        {
            json.WriteStartObject();
            AlertJson.Map(json, "labels", alert.Labels);
            AlertJson.Map(json, "annotations", alert.Annotations);
            json.WriteString("startsAt", AlertJson.Time(alert.StartsAt));
            if (alert.State == AlertState.Resolved)
            {
                json.WriteString("endsAt", AlertJson.Time(alert.EndsAt ?? alert.StartsAt));
            }

            if (AlertJson.GeneratorUrl(alert, externalUrl) is { } url)
            {
                json.WriteString("generatorURL", url);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    });

    /// <summary>
    /// One alert as Alertmanager's webhook receiver gets a group of one: <c>version</c> "4", <c>groupKey</c>,
    /// <c>status</c>, <c>receiver</c> "gomem", <c>groupLabels</c> (the alert's name), <c>commonLabels</c> and
    /// <c>commonAnnotations</c> (the alert's own), <c>externalURL</c>, <c>truncatedAlerts</c> 0, and <c>alerts</c>
    /// with its status, labels, annotations, startsAt, endsAt (Go's zero time while firing), generatorURL and fingerprint.
    /// </summary>
    public static byte[] Webhook(AlertNotification alert, Uri? externalUrl) => Write(json =>
    {
        var status = AlertJson.Status(alert.State);
        json.WriteStartObject();
        json.WriteString("version", "4");
        json.WriteString("groupKey", $"{{}}:{{alertname=\"{alert.Rule}\"}}");
        json.WriteNumber("truncatedAlerts", 0);
        json.WriteString("status", status);
        json.WriteString("receiver", "gomem");
        AlertJson.Map(json, "groupLabels", [KeyValuePair.Create("alertname", alert.Labels.Get("alertname") ?? alert.Rule)]);
        AlertJson.Map(json, "commonLabels", alert.Labels);
        AlertJson.Map(json, "commonAnnotations", alert.Annotations);
        json.WriteString("externalURL", externalUrl?.ToString() ?? "");
        json.WriteStartArray("alerts");
        json.WriteStartObject();
        json.WriteString("status", status);
        AlertJson.Map(json, "labels", alert.Labels);
        AlertJson.Map(json, "annotations", alert.Annotations);
        json.WriteString("startsAt", AlertJson.Time(alert.StartsAt));
        json.WriteString("endsAt", alert.State == AlertState.Resolved ? AlertJson.Time(alert.EndsAt ?? alert.StartsAt) : AlertJson.ZeroTime);
        json.WriteString("generatorURL", AlertJson.GeneratorUrl(alert, externalUrl) ?? "");
        json.WriteString("fingerprint", AlertJson.Fingerprint(alert.Labels));
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
    });

    /// <summary>The alert log's line (without its newline): state, rule, labels, annotations, startsAt, endsAt (null while firing), generatorURL.</summary>
    public static byte[] LogLine(AlertNotification alert, Uri? externalUrl) => Write(json =>
    {
        json.WriteStartObject();
        json.WriteString("state", AlertJson.Status(alert.State));
        json.WriteString("rule", alert.Rule);
        AlertJson.Map(json, "labels", alert.Labels);
        AlertJson.Map(json, "annotations", alert.Annotations);
        json.WriteString("startsAt", AlertJson.Time(alert.StartsAt));
        if (alert.State == AlertState.Resolved)
        {
            json.WriteString("endsAt", AlertJson.Time(alert.EndsAt ?? alert.StartsAt));
        }
        else
        {
            json.WriteNull("endsAt");
        }

        if (AlertJson.GeneratorUrl(alert, externalUrl) is { } url)
        {
            json.WriteString("generatorURL", url);
        }
        else
        {
            json.WriteNull("generatorURL");
        }

        json.WriteEndObject();
    });

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        // Relaxed escaping: quotes in a groupKey and non-ASCII in an annotation stay readable in a log (nothing here goes into HTML).
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(json);
        }

        return buffer.WrittenSpan.ToArray();
    }
}
