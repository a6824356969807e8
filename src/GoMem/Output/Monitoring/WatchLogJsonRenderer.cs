using System.Text.Json;
using GoMem.Findings;
using GoMem.Monitoring.Alerting;
using GoMem.Monitoring.Collection;
using GoMem.Storage.Monitoring;

namespace GoMem.Output.Monitoring;

/// <summary><c>gomem watch --format json</c>: the same events as JSON lines (one object per line), for log shippers.</summary>
public sealed class WatchLogJsonRenderer(TextWriter writer) : ICollectorLog
{
    private readonly Lock _gate = new();

    public void TargetUp(string target, DateTimeOffset time) => Line(time, "up", target, null);

    public void TargetDown(string target, DateTimeOffset time, string error) => Line(time, "down", target, json => json.WriteString("error", error));

    public void Restarted(string target, DateTimeOffset time, string why) => Line(time, "restart", target, json => json.WriteString("reason", why));

    public void FindingOpened(string target, MonitoringFinding finding) => Line(finding.LastSeen, "finding", target, json => Finding(json, finding));

    public void FindingResolved(string target, MonitoringFinding finding) => Line(finding.ResolvedAt ?? finding.LastSeen, "resolved", target, json => Finding(json, finding));

    public void AlertChanged(string target, MonitoringAlert alert) => Line(alert.ResolvedAt ?? alert.FiredAt ?? alert.LastEvaluated, "alert", target, json =>
    {
        json.WriteString("state", alert.State.Name());
        json.WriteString("alertname", alert.Rule);
        json.WriteString("severity", alert.Labels.Get("severity"));
        AlertJson.WriteAlertBody(json, alert);
    });

    public void Problem(DateTimeOffset time, string message) => Line(time, "problem", null, json => json.WriteString("message", message));

    public void LeasesChanged(DateTimeOffset time, LeaseChange change) => Line(time, "leases", null, json =>
    {
        json.WriteNumber("collecting", change.Collecting);
        json.WriteNumber("configured", change.Configured);
        json.WriteNumber("liveCollectors", change.LiveCollectors);
        json.WriteStartArray("tookOver");
        foreach (var name in change.Taken)
        {
            json.WriteStringValue(name);
        }

        json.WriteEndArray();
        json.WriteStartArray("gaveBack");
        foreach (var name in change.GivenBack)
        {
            json.WriteStringValue(name);
        }

        json.WriteEndArray();
    });

    public void Stopped(DateTimeOffset time, SchedulerStatistics statistics) => Line(time, "stopped", null, json =>
    {
        json.WriteNumber("cycles", statistics.Completed);
        json.WriteNumber("overran", statistics.Overrun);
        json.WriteNumber("skipped", statistics.Skipped);
        if (statistics.LatenessQuantile(0.99) is { } p99)
        {
            json.WriteNumber("latenessP99Seconds", p99);
        }

        if (statistics.FirstCycleLatenessQuantile(0.99) is { } first)
        {
            json.WriteNumber("firstCycleLatenessP99Seconds", first);
        }
    });

    private static void Finding(Utf8JsonWriter json, MonitoringFinding finding)
    {
        json.WriteString("severity", finding.Severity.Name());
        json.WriteString("code", finding.Code);
        json.WriteString("key", finding.Key);
        json.WriteString("title", finding.Title);
        json.WriteString("detail", finding.Detail);
        json.WriteString("firstSeen", finding.FirstSeen);
    }

    private void Line(DateTimeOffset time, string what, string? target, Action<Utf8JsonWriter>? fields)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("time", time.ToUniversalTime());
            json.WriteString("event", what);
            if (target is not null)
            {
                json.WriteString("target", target);
            }

            fields?.Invoke(json);
            json.WriteEndObject();
        }

        var line = System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan) + "\n";
        lock (_gate)
        {
            writer.Write(line);
            writer.Flush();
        }
    }
}
