using System.Text.Json;
using GoMem.Storage.Monitoring;

namespace GoMem.Output.Monitoring;

/// <summary>An alert's fields in JSON, the same in <c>gomem watch --format json</c>'s log and in <c>gomem alerts --format json</c>.</summary>
internal static class AlertJson
{
    /// <summary>Labels, annotations, times (RFC 3339, UTC) and the value, into the object being written.</summary>
    public static void WriteAlertBody(Utf8JsonWriter json, MonitoringAlert alert)
    {
        json.WriteStartObject("labels");
        foreach (var (name, value) in alert.Labels)
        {
            json.WriteString(name, value);
        }

        json.WriteEndObject();
        json.WriteStartObject("annotations");
        foreach (var (name, value) in alert.Annotations)
        {
            json.WriteString(name, value);
        }

        json.WriteEndObject();
        json.WriteString("activeSince", alert.ActiveSince.ToUniversalTime());
        if (alert.FiredAt is { } fired)
        {
            json.WriteString("firedAt", fired.ToUniversalTime());
        }

        if (alert.ResolvedAt is { } resolved)
        {
            json.WriteString("resolvedAt", resolved.ToUniversalTime());
        }

        json.WriteString("lastEvaluated", alert.LastEvaluated.ToUniversalTime());
        if (alert.Value is { } measured)
        {
            json.WriteNumber("value", measured);
        }
    }
}
