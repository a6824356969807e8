using System.Threading.Channels;
using GoMem.Monitoring.Collection;

namespace GoMem.Monitoring.Alerting.Delivery;

/// <summary>
/// One sink's queue and the one task that empties it: a slow or dead receiver fills its own queue, never another
/// sink's and never the collector. Batches that fail are retried (<see cref="AlertDeliveryOptions"/>); what cannot be
/// delivered is dropped and counted on <c>/metrics</c>, with a log line when a burst of drops starts and when a
/// receiver starts failing (not for every failure: a dead receiver would flood the log) and works again.
/// </summary>
internal sealed class AlertSinkWorker
{
    private readonly IAlertSink _sink;
    private readonly AlertDeliveryOptions _options;
    private readonly ICollectorLog _log;
    private readonly ICollectorMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly Channel<AlertNotification> _queue;
    private readonly CancellationTokenSource _abort = new();
    private readonly Task _run;
    private readonly List<AlertNotification> _batch;
    private int _dropping;
    private bool _failing;

    public AlertSinkWorker(IAlertSink sink, AlertDeliveryOptions options, ICollectorLog log, ICollectorMetrics metrics, TimeProvider time)
    {
        (_sink, _options, _log, _metrics, _time) = (sink, options, log, metrics, time);
        _batch = new List<AlertNotification>(sink.MaxBatch);
        _queue = Channel.CreateBounded<AlertNotification>(
            new BoundedChannelOptions(options.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => QueueFull());
        _run = Task.Run(RunAsync);
    }

    public IAlertSink Sink => _sink;

    private string Name => $"{AlertDeliveryLabels.Of(_sink.Kind)} {_sink.Receiver}";

    /// <summary>Queues <paramref name="alert"/> for this sink (unless it is a resend the sink does not take); never blocks.</summary>
    public void Offer(AlertNotification alert)
    {
        if (alert.IsResend && !_sink.TakesResends)
        {
            return;
        }

        if (!_queue.Writer.TryWrite(alert))
        {
            _metrics.AlertsDropped(_sink.Kind, _sink.Receiver, AlertDrop.Shutdown, 1); // offered after the shutdown began
        }
    }

    /// <summary>Takes no more, delivers what is queued within <paramref name="flush"/>, then gives up on the rest (counted).</summary>
    public async Task StopAsync(TimeSpan flush)
    {
        _queue.Writer.TryComplete();
        try
        {
            await _run.WaitAsync(flush, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            await _abort.CancelAsync().ConfigureAwait(false);
            await _run.ConfigureAwait(false);
        }

        _abort.Dispose();
    }

    private async Task RunAsync()
    {
        try
        {
            while (await _queue.Reader.WaitToReadAsync(_abort.Token).ConfigureAwait(false))
            {
                while (_batch.Count < _sink.MaxBatch && _queue.Reader.TryRead(out var alert))
                {
                    _batch.Add(alert);
                }

                if (_queue.Reader.Count == 0)
                {
                    Volatile.Write(ref _dropping, 0); // the burst of drops, if any, is over
                }

                await DeliverAsync().ConfigureAwait(false);
                _batch.Clear();
            }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            var lost = _batch.Count;
            while (_queue.Reader.TryRead(out _))
            {
                lost++;
            }

            if (lost > 0)
            {
                _metrics.AlertsDropped(_sink.Kind, _sink.Receiver, AlertDrop.Shutdown, lost);
                _log.Problem(_time.GetUtcNow(), $"alerts to {Name}: {Count(lost)} not delivered: the shutdown's {_options.FlushTimeout.TotalSeconds:0.#} s flush ran out");
            }
        }
    }

    private async Task DeliverAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _sink.SendAsync(_batch, _abort.Token).ConfigureAwait(false);
                _metrics.AlertsSent(_sink.Kind, _sink.Receiver, _batch.Count);
                if (_failing)
                {
                    _failing = false;
                    _log.Problem(_time.GetUtcNow(), $"alerts to {Name}: delivered again");
                }

                return;
            }
            catch (AlertSendException e)
            {
                if (!e.Retryable || attempt >= _options.MaxAttempts)
                {
                    _metrics.AlertsDropped(_sink.Kind, _sink.Receiver, AlertDrop.Failed, _batch.Count);
                    if (!_failing)
                    {
                        _failing = true;
                        var tries = e.Retryable ? $"after {attempt} attempt{(attempt == 1 ? "" : "s")}" : "refused, not retried";
                        _log.Problem(_time.GetUtcNow(), $"alerts to {Name}: {e.Message}; {Count(_batch.Count)} dropped ({tries}); until delivery works again, drops are counted on /metrics, not logged");
                    }

                    return;
                }
            }

            await Task.Delay(_options.Backoff(attempt, Random.Shared.NextDouble()), _time, _abort.Token).ConfigureAwait(false);
        }
    }

    /// <summary>The queue was full and dropped its oldest notification: counted each time, told once per burst.</summary>
    private void QueueFull()
    {
        _metrics.AlertsDropped(_sink.Kind, _sink.Receiver, AlertDrop.QueueFull, 1);
        if (Interlocked.Exchange(ref _dropping, 1) == 0)
        {
            _log.Problem(_time.GetUtcNow(), $"alerts to {Name}: queue full ({_options.QueueCapacity:N0} waiting): dropping the oldest until it drains; the drops are counted on /metrics");
        }
    }

    private static string Count(int n) => n == 1 ? "1 notification" : $"{n:N0} notifications";
}
