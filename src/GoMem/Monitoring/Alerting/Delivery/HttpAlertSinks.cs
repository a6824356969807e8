using System.Net;
using GoMem.IO;

namespace GoMem.Monitoring.Alerting.Delivery;

/// <summary>
/// An Alertmanager: batches of alerts posted to <c>{base}api/v2/alerts</c> as Prometheus posts them, resends
/// included (Alertmanager resolves an alert it has not heard of for its <c>resolve_timeout</c>).
/// </summary>
public sealed class AlertmanagerSink(AlertReceiver receiver, Uri? externalUrl) : IAlertSink
{
    /// <summary>Prometheus' notifier sends at most this many alerts per request.</summary>
    public const int BatchSize = 64;

    private readonly Uri _endpoint = new(receiver.Url, "api/v2/alerts");

    public AlertSinkKind Kind => AlertSinkKind.Alertmanager;

    public string Receiver => receiver.Name;

    public bool TakesResends => true;

    public int MaxBatch => BatchSize;

    public Task SendAsync(IReadOnlyList<AlertNotification> batch, CancellationToken cancel) =>
        HttpAlertSend.PostAsync(_endpoint, AlertPayloads.Alertmanager(batch, externalUrl), receiver.Timeout, cancel);
}

/// <summary>
/// A webhook: each change of an alert posted alone, as Alertmanager's webhook receiver would get a group of one
/// (<see cref="AlertPayloads.Webhook"/>), so receivers written for Alertmanager work unchanged. Resends are skipped.
/// </summary>
public sealed class WebhookSink(AlertReceiver receiver, Uri? externalUrl) : IAlertSink
{
    public AlertSinkKind Kind => AlertSinkKind.Webhook;

    public string Receiver => receiver.Name;

    public bool TakesResends => false;

    public int MaxBatch => 1;

    public Task SendAsync(IReadOnlyList<AlertNotification> batch, CancellationToken cancel) =>
        HttpAlertSend.PostAsync(receiver.Url, AlertPayloads.Webhook(batch[0], externalUrl), receiver.Timeout, cancel);
}

/// <summary>The one POST of the HTTP sinks, through <see cref="HttpFetcher.PostAsync"/>, and which failures are worth a retry.</summary>
internal static class HttpAlertSend
{
    public static async Task PostAsync(Uri url, byte[] body, TimeSpan timeout, CancellationToken cancel)
    {
        try
        {
            await HttpFetcher.PostAsync(url, body, "application/json", timeout, cancel).ConfigureAwait(false);
        }
        catch (HttpFetchException e)
        {
            throw new AlertSendException(e.Message, IsRetryable(e.Status), e);
        }
    }

    /// <summary>No answer (refused, reset, timed out), a server error, or "too many requests": another attempt may work; any other refusal will not.</summary>
    public static bool IsRetryable(HttpStatusCode? status) => status is null || (int)status >= 500 || status == HttpStatusCode.TooManyRequests || status == HttpStatusCode.RequestTimeout;
}
