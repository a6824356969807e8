using GoMem.Monitoring.Collection;

namespace GoMem.Monitoring.Alerting.Delivery;

/// <summary>
/// Delivery behind <see cref="IAlertNotifier"/>: each notification is offered to every sink's own queue
/// (<see cref="AlertSinkWorker"/>), without blocking and without throwing; pending alerts are never delivered, and
/// resends go only to the sinks that take them (Alertmanager). Disposing it stops taking notifications and flushes
/// for at most <see cref="AlertDeliveryOptions.FlushTimeout"/>.
/// </summary>
public sealed class AlertDispatcher : IAlertNotifier, IAsyncDisposable
{
    private readonly AlertSinkWorker[] _workers;
    private readonly AlertDeliveryOptions _options;
    private int _disposed;

    public AlertDispatcher(IReadOnlyList<IAlertSink> sinks, ICollectorLog log, TimeProvider time, ICollectorMetrics? metrics = null, AlertDeliveryOptions? options = null)
    {
        _options = options ?? AlertDeliveryOptions.Default;
        _workers = [.. sinks.Select(s => new AlertSinkWorker(s, _options, log, metrics ?? NoCollectorMetrics.Instance, time))];
    }

    /// <summary>The sinks, in the order <see cref="SinksOf"/> gives them.</summary>
    public IReadOnlyList<IAlertSink> Sinks => [.. _workers.Select(w => w.Sink)];

    /// <summary>
    /// The dispatcher <paramref name="settings"/> ask for, or null when they ask for none: then nothing is delivered,
    /// and no queue or task exists.
    /// </summary>
    /// <param name="stdout">The writer of standard output; when the watch log goes there too, the same (synchronized) writer, so lines never interleave.</param>
    public static AlertDispatcher? Start(AlertingSettings settings, TextWriter stdout, TextWriter stderr, ICollectorLog log, TimeProvider time, ICollectorMetrics? metrics = null, AlertDeliveryOptions? options = null) =>
        settings.IsEmpty ? null : new AlertDispatcher(SinksOf(settings, stdout, stderr), log, time, metrics, options);

    /// <summary>The sinks of <paramref name="settings"/>: the log, then every Alertmanager, then every webhook.</summary>
    public static IReadOnlyList<IAlertSink> SinksOf(AlertingSettings settings, TextWriter stdout, TextWriter stderr)
    {
        var sinks = new List<IAlertSink>();
        if (settings.Log != AlertLogDestination.Off)
        {
            sinks.Add(new AlertLogSink(settings.Log == AlertLogDestination.Stdout ? stdout : stderr, settings.Log, settings.ExternalUrl));
        }

        sinks.AddRange(settings.Alertmanagers.Select(r => new AlertmanagerSink(r, settings.ExternalUrl)));
        sinks.AddRange(settings.Webhooks.Select(r => new WebhookSink(r, settings.ExternalUrl)));
        return sinks;
    }

    public void Enqueue(AlertNotification notification)
    {
        if (notification.State == AlertState.Pending)
        {
            return;
        }

        foreach (var worker in _workers)
        {
            worker.Offer(notification);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            await Task.WhenAll(_workers.Select(w => w.StopAsync(_options.FlushTimeout))).ConfigureAwait(false);
        }
    }
}
