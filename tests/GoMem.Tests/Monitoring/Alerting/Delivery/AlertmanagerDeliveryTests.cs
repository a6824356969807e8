using System.Text.Json;
using GoMem.Monitoring;
using GoMem.Monitoring.Alerting;
using GoMem.Monitoring.Alerting.Delivery;
using GoMem.Monitoring.Exposition;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Monitoring.Alerting.Delivery;

/// <summary>
/// Delivery to a real Alertmanager (Debian's prometheus-alertmanager on 127.0.0.1), read back through its API v2;
/// Alertmanager forwards to a webhook receiver of the test's, whose payload GoMem's own webhook matches key for key.
/// </summary>
public sealed class AlertmanagerDeliveryTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(30);

    [AlertmanagerFact]
    public async Task A_firing_alert_is_held_by_alertmanager_with_its_labels_and_a_resolved_one_leaves_it()
    {
        using var forwarded = WebhookReceiver.Start(200);
        using var alertmanager = AlertmanagerServer.Start(forwarded.Url);
        var log = new RecordingCollectorLog();
        var exposition = new CollectorExposition();
        var startsAt = DateTimeOffset.UtcNow.AddMinutes(-2);
        startsAt = startsAt.AddTicks(-(startsAt.Ticks % TimeSpan.TicksPerSecond));
        var firing = Notifications.Firing(startsAt: startsAt, generatorUrl: "/d/gomem?var-instance=10.0.0.5:6060");
        var settings = new AlertingSettings([new AlertReceiver(AlertSinkKind.Alertmanager, alertmanager.BaseUrl, TimeSpan.FromSeconds(10))], [], AlertLogDestination.Off, new Uri("http://grafana.example/"));
        await using (var dispatcher = AlertDispatcher.Start(settings, TextWriter.Null, TextWriter.Null, log, TimeProvider.System, exposition)!)
        {
            dispatcher.Enqueue(firing);
            var held = alertmanager.WaitForAlerts(a => a.GetArrayLength() == 1, Within);
            var alert = Assert.Single(held.EnumerateArray().ToList());
            Assert.Equal(firing.Labels.ToDictionary(l => l.Key, l => l.Value), alert.GetProperty("labels").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!));
            Assert.Equal(firing.Annotations["description"], alert.GetProperty("annotations").GetProperty("description").GetString());
            Assert.Equal(startsAt, alert.GetProperty("startsAt").GetDateTimeOffset());
            Assert.Equal("http://grafana.example/d/gomem?var-instance=10.0.0.5:6060", alert.GetProperty("generatorURL").GetString());
            Assert.Equal("active", alert.GetProperty("status").GetProperty("state").GetString());
            Assert.Equal(AlertJson.Fingerprint(firing.Labels), alert.GetProperty("fingerprint").GetString()); // the same fingerprint as Alertmanager's

            // A resend (which a webhook would skip) renews it; then it resolves.
            dispatcher.Enqueue(firing with { IsResend = true });
            dispatcher.Enqueue(Notifications.Resolved(firing, DateTimeOffset.UtcNow.AddSeconds(-1)));
            var after = alertmanager.WaitForAlerts(a => a.GetArrayLength() == 0, Within);
            Assert.Equal(0, after.GetArrayLength());
        }

        Assert.Equal(3, Notifications.Counter(exposition, MetricNames.AlertsSent, "alertmanager", alertmanager.BaseUrl.ToString()));
        Assert.Empty(log.Problems);

        // Alertmanager told its own webhook receiver: firing, then resolved.
        var statuses = forwarded.WaitFor(2, Within).Select(b => JsonDocument.Parse(b).RootElement.GetProperty("status").GetString()).ToList();
        Assert.Equal("firing", statuses[0]);
        Assert.Equal("resolved", statuses[^1]);
    }

    [AlertmanagerFact]
    public async Task The_demo_configuration_inhibits_the_process_heap_leak_while_a_function_leaks_on_the_same_instance()
    {
        using var alertmanager = AlertmanagerServer.StartWith(File.ReadAllText(Path.Combine(RepoPaths.Root, "testdata", "watch", "alertmanager.yml")));
        var settings = new AlertingSettings([new AlertReceiver(AlertSinkKind.Alertmanager, alertmanager.BaseUrl, TimeSpan.FromSeconds(10))], [], AlertLogDestination.Off, null);
        await using var dispatcher = AlertDispatcher.Start(settings, TextWriter.Null, TextWriter.Null, new RecordingCollectorLog(), TimeProvider.System)!;
        var startsAt = DateTimeOffset.UtcNow.AddMinutes(-1);
        var site = Notifications.Firing(startsAt: startsAt);
        var process = ProcessLeak(site, "10.0.0.5:6060");
        dispatcher.Enqueue(site);
        dispatcher.Enqueue(process);
        dispatcher.Enqueue(ProcessLeak(site, "10.0.0.6:6060")); // another instance, whose functions do not leak

        var held = alertmanager.WaitForAlerts(a => a.GetArrayLength() == 3 && a.EnumerateArray().Any(x => State(x) == "suppressed"), Within);
        var states = held.EnumerateArray().ToDictionary(a => (Label(a, "instance"), Label(a, "function") ?? Label(a, "series")), State);
        Assert.Equal("active", states[("10.0.0.5:6060", "main.recordSession")]);
        Assert.Equal("suppressed", states[("10.0.0.5:6060", "live_heap")]);
        Assert.Equal("active", states[("10.0.0.6:6060", "live_heap")]);

        static AlertNotification ProcessLeak(AlertNotification site, string instance) => site with
        {
            Labels = LabelSet.Of(("alertname", "GoMemHeapLeak"), ("severity", "warning"), ("job", "api"), ("instance", instance), ("series", "live_heap")),
        };

        static string State(JsonElement alert) => alert.GetProperty("status").GetProperty("state").GetString()!;

        static string? Label(JsonElement alert, string name) => alert.GetProperty("labels").TryGetProperty(name, out var value) ? value.GetString() : null;
    }

    [AlertmanagerFact]
    public async Task Every_alertmanager_gets_every_alert()
    {
        using var first = AlertmanagerServer.Start();
        using var second = AlertmanagerServer.Start();
        var settings = new AlertingSettings(
            [new AlertReceiver(AlertSinkKind.Alertmanager, first.BaseUrl, TimeSpan.FromSeconds(10)), new AlertReceiver(AlertSinkKind.Alertmanager, second.BaseUrl, TimeSpan.FromSeconds(10))],
            [],
            AlertLogDestination.Off,
            null);
        await using var dispatcher = AlertDispatcher.Start(settings, TextWriter.Null, TextWriter.Null, new RecordingCollectorLog(), TimeProvider.System)!;
        dispatcher.Enqueue(Notifications.Firing(startsAt: DateTimeOffset.UtcNow.AddMinutes(-1)));
        dispatcher.Enqueue(Notifications.Firing(instance: "10.0.0.6:6060", startsAt: DateTimeOffset.UtcNow.AddMinutes(-1)));

        foreach (var alertmanager in new[] { first, second })
        {
            var held = alertmanager.WaitForAlerts(a => a.GetArrayLength() == 2, Within);
            Assert.Equal(2, held.GetArrayLength());
            Assert.All(held.EnumerateArray(), a => Assert.False(a.TryGetProperty("generatorURL", out var url) && url.GetString() is { Length: > 0 }));
        }
    }

    [AlertmanagerFact]
    public async Task Gomems_webhook_payload_has_every_key_alertmanagers_own_webhook_payload_has()
    {
        using var fromAlertmanager = WebhookReceiver.Start(200);
        using var fromGomem = WebhookReceiver.Start(200);
        using var alertmanager = AlertmanagerServer.Start(fromAlertmanager.Url);
        var settings = new AlertingSettings(
            [new AlertReceiver(AlertSinkKind.Alertmanager, alertmanager.BaseUrl, TimeSpan.FromSeconds(10))],
            [new AlertReceiver(AlertSinkKind.Webhook, fromGomem.Url, TimeSpan.FromSeconds(10))],
            AlertLogDestination.Off,
            null);
        await using (var dispatcher = AlertDispatcher.Start(settings, TextWriter.Null, TextWriter.Null, new RecordingCollectorLog(), TimeProvider.System)!)
        {
            dispatcher.Enqueue(Notifications.Firing(startsAt: DateTimeOffset.UtcNow.AddMinutes(-1)));
        }

        using var theirs = JsonDocument.Parse(fromAlertmanager.WaitFor(1, Within)[0]);
        using var ours = JsonDocument.Parse(fromGomem.WaitFor(1, Within)[0]);
        static string[] Keys(JsonElement e) => [.. e.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
        Assert.Equal(Keys(theirs.RootElement), Keys(ours.RootElement));
        Assert.Equal(Keys(theirs.RootElement.GetProperty("alerts")[0]), Keys(ours.RootElement.GetProperty("alerts")[0]));
        Assert.Equal(theirs.RootElement.GetProperty("version").GetString(), ours.RootElement.GetProperty("version").GetString());
        Assert.Equal(theirs.RootElement.GetProperty("groupKey").GetString(), ours.RootElement.GetProperty("groupKey").GetString());
        Assert.Equal(theirs.RootElement.GetProperty("alerts")[0].GetProperty("fingerprint").GetString(), ours.RootElement.GetProperty("alerts")[0].GetProperty("fingerprint").GetString());
        Assert.Equal(theirs.RootElement.GetProperty("alerts")[0].GetProperty("endsAt").GetString(), ours.RootElement.GetProperty("alerts")[0].GetProperty("endsAt").GetString());
    }
}
