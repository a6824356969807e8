using System.Text.Json;
using GoMem.Monitoring.Alerting.Delivery;
using GoMem.Monitoring.Exposition;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Monitoring.Alerting.Delivery;

/// <summary>
/// Delivery to webhooks over real loopback sockets, receivers started by each test: the payload, retries, timeouts,
/// a hung receiver that delays no other sink, a full queue, and a receiver that is not there; the counters read off
/// the collector's real /metrics exposition.
/// </summary>
public sealed class WebhookDeliveryTests
{
    /// <summary>Short waits so a test retries within a second; the policy is the same as the defaults'.</summary>
    private static readonly AlertDeliveryOptions Quick = new() { InitialBackoff = TimeSpan.FromMilliseconds(50), MaxBackoff = TimeSpan.FromMilliseconds(200), FlushTimeout = TimeSpan.FromSeconds(2) };

    private static AlertReceiver Hook(WebhookReceiver receiver, double timeoutSeconds = 10) => new(AlertSinkKind.Webhook, receiver.Url, TimeSpan.FromSeconds(timeoutSeconds));

    private static AlertDispatcher Dispatcher(RecordingCollectorLog log, CollectorExposition exposition, AlertDeliveryOptions options, params AlertReceiver[] hooks) =>
        AlertDispatcher.Start(new AlertingSettings([], hooks, AlertLogDestination.Off, new Uri("http://grafana.example/d/gomem")), TextWriter.Null, TextWriter.Null, log, TimeProvider.System, exposition, options)!;

    [Fact]
    public async Task A_firing_then_resolved_alert_reaches_the_webhook_in_alertmanagers_webhook_shape()
    {
        using var receiver = WebhookReceiver.Start(200);
        var log = new RecordingCollectorLog();
        var exposition = new CollectorExposition();
        var firing = Notifications.Firing();
        await using (var dispatcher = Dispatcher(log, exposition, Quick, Hook(receiver)))
        {
            dispatcher.Enqueue(firing);
            dispatcher.Enqueue(firing with { IsResend = true });
            dispatcher.Enqueue(firing with { State = GoMem.Monitoring.Alerting.AlertState.Pending });
            dispatcher.Enqueue(Notifications.Resolved(firing, Notifications.Start.AddMinutes(7)));
        }

        var bodies = receiver.Bodies;
        Assert.Equal(2, bodies.Count); // the resend and the pending alert are not sent to a webhook
        using var first = JsonDocument.Parse(bodies[0]);
        var message = first.RootElement;
        Assert.Equal("4", message.GetProperty("version").GetString());
        Assert.Equal("firing", message.GetProperty("status").GetString());
        Assert.Equal("GoMemHeapLeak", message.GetProperty("groupLabels").GetProperty("alertname").GetString());
        Assert.Equal("main.recordSession", message.GetProperty("commonLabels").GetProperty("function").GetString());
        Assert.Equal("http://grafana.example/d/gomem", message.GetProperty("externalURL").GetString());
        var alert = Assert.Single(message.GetProperty("alerts").EnumerateArray().ToList());
        Assert.Equal("firing", alert.GetProperty("status").GetString());
        Assert.Equal("2026-12-01T10:00:00Z", alert.GetProperty("startsAt").GetString());
        Assert.Equal("0001-01-01T00:00:00Z", alert.GetProperty("endsAt").GetString());
        Assert.Equal("http://grafana.example/d/gomem", alert.GetProperty("generatorURL").GetString());
        Assert.Equal(AlertJson.Fingerprint(firing.Labels), alert.GetProperty("fingerprint").GetString());
        Assert.StartsWith("Heap in use", alert.GetProperty("annotations").GetProperty("summary").GetString(), StringComparison.Ordinal);

        using var second = JsonDocument.Parse(bodies[1]);
        Assert.Equal("resolved", second.RootElement.GetProperty("status").GetString());
        Assert.Equal("2026-12-01T10:07:00Z", second.RootElement.GetProperty("alerts")[0].GetProperty("endsAt").GetString());
        Assert.Equal(2, Notifications.Counter(exposition, MetricNames.AlertsSent, "webhook", receiver.Url.ToString()));
        Assert.Empty(log.Problems);
    }

    [Fact]
    public async Task A_server_error_is_retried_and_the_alert_delivered_once()
    {
        using var receiver = WebhookReceiver.Start(500, 200);
        var log = new RecordingCollectorLog();
        var exposition = new CollectorExposition();
        await using (var dispatcher = Dispatcher(log, exposition, Quick, Hook(receiver)))
        {
            dispatcher.Enqueue(Notifications.Firing());
            Assert.True(Notifications.Eventually(() => receiver.Answered == 2));
        }

        Assert.Equal(2, receiver.Bodies.Count);
        Assert.Equal(receiver.Bodies[0], receiver.Bodies[1]);
        Assert.Equal(1, Notifications.Counter(exposition, MetricNames.AlertsSent, "webhook", receiver.Url.ToString()));
        Assert.Equal(0, Notifications.Counter(exposition, MetricNames.AlertsDropped, "webhook", receiver.Url.ToString()));
        Assert.Empty(log.Problems); // a failure that a retry mends is not worth a line
    }

    [Fact]
    public async Task A_refusal_is_not_retried_dropped_counted_and_told_with_what_the_receiver_said()
    {
        using var receiver = WebhookReceiver.Start(400);
        var log = new RecordingCollectorLog();
        var exposition = new CollectorExposition();
        await using (var dispatcher = Dispatcher(log, exposition, Quick, Hook(receiver)))
        {
            dispatcher.Enqueue(Notifications.Firing());
            dispatcher.Enqueue(Notifications.Firing(instance: "10.0.0.6:6060"));
            Assert.True(Notifications.Eventually(() => receiver.Answered == 2));
        }

        Assert.Equal(2, receiver.Bodies.Count); // one request each, no retries
        Assert.Equal(2, Notifications.Counter(exposition, MetricNames.AlertsDropped, "webhook", receiver.Url.ToString(), "failed"));
        var line = Assert.Single(log.Problems); // the second failure is counted, not logged again
        Assert.Contains("HTTP 400", line, StringComparison.Ordinal);
        Assert.Contains("refused, not retried", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_receiver_that_is_not_there_is_tried_as_often_as_allowed_then_the_alert_is_dropped()
    {
        var nobody = new Uri($"http://127.0.0.1:{LoopbackServer.FreePort()}/hook");
        var log = new RecordingCollectorLog();
        var exposition = new CollectorExposition();
        await using (var dispatcher = Dispatcher(log, exposition, Quick with { MaxAttempts = 3 }, new AlertReceiver(AlertSinkKind.Webhook, nobody, TimeSpan.FromSeconds(5))))
        {
            dispatcher.Enqueue(Notifications.Firing());
            Assert.True(Notifications.Eventually(() => Notifications.Counter(exposition, MetricNames.AlertsDropped, "webhook", nobody.ToString(), "failed") == 1));
        }

        var line = Assert.Single(log.Problems);
        Assert.Contains("refused", line, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("after 3 attempts", line, StringComparison.Ordinal);
        Assert.Equal(0, Notifications.Counter(exposition, MetricNames.AlertsSent, "webhook", nobody.ToString()));
    }

    [Fact]
    public async Task A_receiver_that_hangs_delays_no_other_sink()
    {
        using var hung = WebhookReceiver.Start(WebhookReceiver.Hang);
        using var healthy = WebhookReceiver.Start(200);
        var log = new RecordingCollectorLog();
        var exposition = new CollectorExposition();
        await using (var dispatcher = Dispatcher(log, exposition, Quick with { FlushTimeout = TimeSpan.FromMilliseconds(300) }, Hook(hung, timeoutSeconds: 120), Hook(healthy)))
        {
            dispatcher.Enqueue(Notifications.Firing());
            Assert.True(Notifications.Eventually(() => hung.Bodies.Count == 1));
            // The receiver answers before the dispatcher reads its answer and counts it, so the count is waited for too.
            Assert.True(Notifications.Eventually(() => healthy.Answered == 1));
            Assert.True(Notifications.Eventually(() => Notifications.Counter(exposition, MetricNames.AlertsSent, "webhook", healthy.Url.ToString()) == 1));

            // The healthy receiver has its alert while the hung one still holds its request: nothing waited for it.
            Assert.Equal(0, hung.Answered);
        }

        // Disposing cut the hung request after the flush, not after its two-minute timeout.
        Assert.Equal(1, Notifications.Counter(exposition, MetricNames.AlertsDropped, "webhook", hung.Url.ToString(), "shutdown"));
    }

    [Fact]
    public async Task A_receiver_that_hangs_is_cut_at_its_timeout()
    {
        using var hung = WebhookReceiver.Start(WebhookReceiver.Hang);
        var log = new RecordingCollectorLog();
        var exposition = new CollectorExposition();
        await using (var dispatcher = Dispatcher(log, exposition, Quick with { MaxAttempts = 2 }, Hook(hung, timeoutSeconds: 1)))
        {
            dispatcher.Enqueue(Notifications.Firing());
            Assert.True(Notifications.Eventually(() => Notifications.Counter(exposition, MetricNames.AlertsDropped, "webhook", hung.Url.ToString(), "failed") == 1));
        }

        Assert.Equal(2, hung.Bodies.Count);
        Assert.Equal(0, hung.Answered);
        var line = Assert.Single(log.Problems);
        Assert.Contains("no answer within 1 s", line, StringComparison.Ordinal);
        Assert.Contains("after 2 attempts", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_full_queue_drops_the_oldest_counts_each_on_metrics_and_says_so_once_per_burst()
    {
        using var hung = WebhookReceiver.Start(WebhookReceiver.Hang);
        var log = new RecordingCollectorLog();
        var exposition = new CollectorExposition();
        var receiver = hung.Url.ToString();
        await using (var dispatcher = Dispatcher(log, exposition, Quick with { QueueCapacity = 3, FlushTimeout = TimeSpan.FromMilliseconds(300) }, Hook(hung, timeoutSeconds: 60)))
        {
            dispatcher.Enqueue(Notifications.Firing(instance: "10.0.0.0:6060"));
            Assert.True(Notifications.Eventually(() => hung.Bodies.Count == 1)); // in flight, out of the queue
            for (var i = 1; i <= 9; i++)
            {
                dispatcher.Enqueue(Notifications.Firing(instance: $"10.0.0.{i}:6060"));
            }

            Assert.Equal(6, Notifications.Counter(exposition, MetricNames.AlertsDropped, "webhook", receiver, "queue_full"));
            Assert.Single(log.Problems, p => p.Contains("queue full (3 waiting)", StringComparison.Ordinal));
        }

        // At shutdown the three still queued and the one in flight are given up after the flush, and counted.
        Assert.Equal(4, Notifications.Counter(exposition, MetricNames.AlertsDropped, "webhook", receiver, "shutdown"));
        Assert.Contains(log.Problems, p => p.Contains("4 notifications not delivered", StringComparison.Ordinal));
        using var scrape = new MemoryStream();
        await exposition.WriteAsync(scrape);
        Assert.Contains($"gomem_collector_alert_notifications_dropped_total{{sink=\"webhook\",receiver=\"{receiver}\",reason=\"queue_full\"}} 6", System.Text.Encoding.UTF8.GetString(scrape.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_configured_starts_nothing()
    {
        Assert.Null(AlertDispatcher.Start(AlertingSettings.None, TextWriter.Null, TextWriter.Null, new RecordingCollectorLog(), TimeProvider.System));
    }

    [Fact]
    public async Task The_alert_log_writes_one_json_line_per_change_and_skips_resends()
    {
        var stderr = new StringWriter { NewLine = "\n" };
        var firing = Notifications.Firing(generatorUrl: "/targets/api");
        await using (var dispatcher = AlertDispatcher.Start(new AlertingSettings([], [], AlertLogDestination.Stderr, new Uri("http://gomem.example/")), TextWriter.Null, stderr, new RecordingCollectorLog(), TimeProvider.System)!)
        {
            dispatcher.Enqueue(firing);
            dispatcher.Enqueue(firing with { IsResend = true });
            dispatcher.Enqueue(Notifications.Resolved(firing, Notifications.Start.AddMinutes(3)));
        }

        var lines = stderr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal("firing", first.RootElement.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, first.RootElement.GetProperty("endsAt").ValueKind);
        Assert.Equal("http://gomem.example/targets/api", first.RootElement.GetProperty("generatorURL").GetString());
        using var second = JsonDocument.Parse(lines[1]);
        Assert.Equal("resolved", second.RootElement.GetProperty("state").GetString());
        Assert.Equal("2026-12-01T10:03:00Z", second.RootElement.GetProperty("endsAt").GetString());
    }
}
