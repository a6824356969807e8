namespace GoMem.Monitoring.Alerting;

/// <summary>An alert state's word, the same in the store, the log, <c>gomem alerts</c> and its <c>--state</c> option.</summary>
public static class AlertStateText
{
    public static string Name(this AlertState state) => state switch
    {
        AlertState.Pending => "pending",
        AlertState.Firing => "firing",
        _ => "resolved",
    };

    public static AlertState? Parse(string text) => text switch
    {
        "pending" => AlertState.Pending,
        "firing" => AlertState.Firing,
        "resolved" => AlertState.Resolved,
        _ => null,
    };
}
