namespace GoMem.Monitoring.Alerting;

/// <summary>Sends nothing: the collector's alerts are then seen in its log, the store (<c>gomem alerts</c>) and <c>/metrics</c> only.</summary>
public sealed class NoAlertNotifier : IAlertNotifier
{
    public static NoAlertNotifier Instance { get; } = new();

    private NoAlertNotifier()
    {
    }

    public void Enqueue(AlertNotification notification)
    {
    }
}
