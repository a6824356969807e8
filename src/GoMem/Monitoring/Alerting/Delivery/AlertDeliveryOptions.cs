namespace GoMem.Monitoring.Alerting.Delivery;

/// <summary>
/// How hard delivery tries, per sink: a bounded queue, a bounded number of attempts with exponential backoff and
/// jitter between them, and a short flush at shutdown. The per-request timeout is each receiver's own
/// (<see cref="AlertReceiver.Timeout"/>).
/// </summary>
public sealed record AlertDeliveryOptions
{
    public static AlertDeliveryOptions Default { get; } = new();

    /// <summary>
    /// Notifications waiting for one sink; past it, the oldest waiting one is dropped (and counted): the newest word
    /// on an alert is worth more than an old one, and an Alertmanager hears a firing alert again at its next resend.
    /// </summary>
    public int QueueCapacity { get; init; } = 1_000;

    /// <summary>Attempts at one batch before it is dropped (and counted); failures that cannot succeed (a 400) are not retried.</summary>
    public int MaxAttempts { get; init; } = 5;

    /// <summary>The wait after the first failed attempt; it doubles after each, up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>At shutdown, how long the sinks may take to deliver what is queued; what is left then is dropped (and counted).</summary>
    public TimeSpan FlushTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The wait before attempt <paramref name="attempt"/> + 1: the backoff doubled per failed attempt, capped, then
    /// scaled by a random factor from 0.5 to 1 ("equal jitter"), so sinks that failed together do not retry together.
    /// </summary>
    public TimeSpan Backoff(int attempt, double random)
    {
        var doubled = InitialBackoff.Ticks * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(doubled, MaxBackoff.Ticks);
        return TimeSpan.FromTicks((long)(capped * (0.5 + (0.5 * random))));
    }
}

/// <summary>Why a notification was not delivered, as the <c>reason</c> label of the drops counter says it.</summary>
public enum AlertDrop
{
    /// <summary>The sink's queue was full: the oldest waiting notification made room for the new one.</summary>
    QueueFull,

    /// <summary>Every attempt failed, or the receiver refused it in a way another attempt cannot change.</summary>
    Failed,

    /// <summary>Still queued or in flight when the shutdown flush ran out of time.</summary>
    Shutdown,
}

/// <summary>The <c>reason</c> label value of each <see cref="AlertDrop"/>, and the <c>sink</c> value of each kind.</summary>
public static class AlertDeliveryLabels
{
    public static string Of(AlertDrop drop) => drop switch
    {
        AlertDrop.QueueFull => "queue_full",
        AlertDrop.Failed => "failed",
        _ => "shutdown",
    };

    public static string Of(AlertSinkKind kind) => kind switch
    {
        AlertSinkKind.Log => "log",
        AlertSinkKind.Webhook => "webhook",
        _ => "alertmanager",
    };
}
