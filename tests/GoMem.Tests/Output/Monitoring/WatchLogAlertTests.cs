using System.Text.Json;
using GoMem.Monitoring;
using GoMem.Monitoring.Alerting;
using GoMem.Output.Monitoring;
using GoMem.Storage.Monitoring;

namespace GoMem.Tests.Output.Monitoring;

/// <summary>The watch log's line for an alert that fires or resolves, in text and JSON, with the same facts.</summary>
public sealed class WatchLogAlertTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);

    private static readonly MonitoringAlert Firing = new(
        1, "GoMemHeapLeak", LabelSet.Of(("alertname", "GoMemHeapLeak"), ("function", "main.leak"), ("job", "api"), ("instance", "10.0.0.1:6060"), ("severity", "warning")),
        [new("summary", "api/10.0.0.1:6060: Heap in use at main.leak grows by 1MB/min"), new("description", "d")],
        AlertState.Firing, T0, T0.AddMinutes(2), null, T0.AddMinutes(2), null);

    [Fact]
    public void Text_is_one_line_with_state_severity_rule_and_summary_without_the_target_repeated()
    {
        var text = new StringWriter();
        var log = new WatchLogTextRenderer(text);
        log.AlertChanged("api/10.0.0.1:6060", Firing);
        log.AlertChanged("api/10.0.0.1:6060", Firing with { State = AlertState.Resolved, ResolvedAt = T0.AddMinutes(5) });

        Assert.Equal(
            "2026-12-04T09:02:00Z  alert     api/10.0.0.1:6060  firing warning [GoMemHeapLeak] Heap in use at main.leak grows by 1MB/min\n"
            + "2026-12-04T09:05:00Z  alert     api/10.0.0.1:6060  resolved warning [GoMemHeapLeak] Heap in use at main.leak grows by 1MB/min\n",
            text.ToString());
    }

    [Fact]
    public void Json_has_the_state_the_labels_the_annotations_and_the_times()
    {
        var text = new StringWriter();
        new WatchLogJsonRenderer(text).AlertChanged("api/10.0.0.1:6060", Firing);

        using var line = JsonDocument.Parse(text.ToString());
        var e = line.RootElement;
        Assert.Equal(("alert", "firing", "GoMemHeapLeak", "warning"), (e.GetProperty("event").GetString(), e.GetProperty("state").GetString(), e.GetProperty("alertname").GetString(), e.GetProperty("severity").GetString()));
        Assert.Equal("main.leak", e.GetProperty("labels").GetProperty("function").GetString());
        Assert.Equal("api/10.0.0.1:6060: Heap in use at main.leak grows by 1MB/min", e.GetProperty("annotations").GetProperty("summary").GetString());
        Assert.Equal(T0.AddMinutes(2), e.GetProperty("firedAt").GetDateTimeOffset());
        Assert.Equal(T0, e.GetProperty("activeSince").GetDateTimeOffset());
        Assert.False(e.TryGetProperty("resolvedAt", out _));
    }
}
