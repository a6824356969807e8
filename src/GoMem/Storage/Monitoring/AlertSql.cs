using System.Data.Common;
using System.Text.Json;
using GoMem.IO;
using GoMem.Monitoring;
using GoMem.Monitoring.Alerting;

namespace GoMem.Storage.Monitoring;

/// <summary>
/// The alerts table's statements, the same for both engines (<c>@name</c> parameters, which SQLite binds as well), and
/// its rows: labels and annotations as JSON, times as unix milliseconds, the state by name.
/// </summary>
internal static class AlertSql
{
    public const string Columns = "id, target_id, rule, labels_json, annotations_json, state, active_since_unix_ms, fired_unix_ms, resolved_unix_ms, last_evaluated_unix_ms, value";

    public const string Upsert = """
        INSERT INTO alerts (target_id, rule, labels_json, annotations_json, state, active_since_unix_ms, fired_unix_ms, resolved_unix_ms, last_evaluated_unix_ms, value)
        VALUES (@target, @rule, @labels, @annotations, @state, @active, @fired, @resolved, @evaluated, @value)
        ON CONFLICT (target_id, labels_json) DO UPDATE SET
            rule = excluded.rule, annotations_json = excluded.annotations_json, state = excluded.state,
            active_since_unix_ms = excluded.active_since_unix_ms, fired_unix_ms = excluded.fired_unix_ms,
            resolved_unix_ms = excluded.resolved_unix_ms, last_evaluated_unix_ms = excluded.last_evaluated_unix_ms, value = excluded.value
        RETURNING id;
        """;

    public const string Remove = "DELETE FROM alerts WHERE target_id = @target AND labels_json = @labels;";

    /// <summary>Alerts pending or firing (however old), and those resolved at or after @since; firing first, then pending, then resolved, newest first.</summary>
    public const string Recent = $"""
        SELECT {Columns} FROM alerts
        WHERE (state <> 'resolved' OR resolved_unix_ms >= @since) AND (@target IS NULL OR target_id = @target)
        ORDER BY CASE state WHEN 'firing' THEN 0 WHEN 'pending' THEN 1 ELSE 2 END, active_since_unix_ms DESC, id;
        """;

    public const string DeleteResolved = """
        DELETE FROM alerts WHERE id IN (
            SELECT id FROM alerts WHERE target_id = @target AND state = 'resolved' AND resolved_unix_ms < @before ORDER BY resolved_unix_ms, id LIMIT @limit);
        """;

    /// <summary>The values of <see cref="Upsert"/>'s parameters, by name without the '@'.</summary>
    public static IEnumerable<(string Name, object? Value)> Values(MonitoringAlert alert)
    {
        yield return ("target", alert.TargetId);
        yield return ("rule", alert.Rule);
        yield return ("labels", alert.Key);
        yield return ("annotations", AnnotationsJson(alert.Annotations));
        yield return ("state", alert.State.Name());
        yield return ("active", alert.ActiveSince.ToUnixTimeMilliseconds());
        yield return ("fired", alert.FiredAt?.ToUnixTimeMilliseconds());
        yield return ("resolved", alert.ResolvedAt?.ToUnixTimeMilliseconds());
        yield return ("evaluated", alert.LastEvaluated.ToUnixTimeMilliseconds());
        yield return ("value", alert.Value is { } v && double.IsFinite(v) ? v : null);
    }

    public static StoredAlert Read(DbDataReader r, string source)
    {
        var state = AlertStateText.Parse(r.GetString(5)) ?? throw new BadInputException(source, $"damaged store: alert state \"{r.GetString(5)}\"");
        return new StoredAlert(r.GetInt64(0), new MonitoringAlert(
            r.GetInt64(1), r.GetString(2), LabelSet.FromJson(r.GetString(3)), ReadAnnotations(r.GetString(4), source), state,
            MonitoringRows.Time(r, 6), MonitoringRows.OptionalTime(r, 7), MonitoringRows.OptionalTime(r, 8), MonitoringRows.Time(r, 9), MonitoringRows.OptionalDouble(r, 10)));
    }

    private static string AnnotationsJson(IReadOnlyList<KeyValuePair<string, string>> annotations)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach (var (name, value) in annotations)
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static List<KeyValuePair<string, string>> ReadAnnotations(string json, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return [.. document.RootElement.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.GetString() ?? ""))];
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            throw new BadInputException(source, "damaged store: an alert's annotations are not a JSON object of strings");
        }
    }
}
