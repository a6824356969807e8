namespace GoMem.Monitoring.Alerting.Delivery;

/// <summary>
/// One destination of alerts. A <see cref="AlertSinkWorker"/> owns each: it calls <see cref="SendAsync"/> from one
/// task at a time, with batches of at most <see cref="MaxBatch"/>, and retries what fails with
/// <see cref="AlertSendException.Retryable"/>.
/// </summary>
public interface IAlertSink
{
    AlertSinkKind Kind { get; }

    /// <summary>Names the receiver in logs and on <c>/metrics</c> (never with a password or a query).</summary>
    string Receiver { get; }

    /// <summary>
    /// False for sinks that want changes only (log, webhook): repeats of unchanged firing alerts
    /// (<see cref="AlertNotification.IsResend"/>) are not queued for them.
    /// </summary>
    bool TakesResends { get; }

    /// <summary>The most notifications one <see cref="SendAsync"/> takes.</summary>
    int MaxBatch { get; }

    /// <summary>Delivers the batch, or throws <see cref="AlertSendException"/>.</summary>
    Task SendAsync(IReadOnlyList<AlertNotification> batch, CancellationToken cancel);
}

/// <summary>A delivery failed: <see cref="Retryable"/> when trying again may work (no answer, a 5xx, a 429).</summary>
public sealed class AlertSendException(string message, bool retryable, Exception? inner = null) : Exception(message, inner)
{
    public bool Retryable { get; } = retryable;
}
