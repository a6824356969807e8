using GoMem.Monitoring.Alerting;
using GoMem.Storage.Monitoring;

namespace GoMem.Sources;

/// <summary>One alert <c>gomem alerts</c> lists, with the target it is about.</summary>
public sealed record ListedAlert(MonitoringTarget Target, MonitoringAlert Alert);

/// <summary>
/// What <c>gomem alerts</c> shows: the alerts pending or firing now and those resolved since <see cref="Since"/>, of one
/// target or all, in one state or all (<see cref="State"/> null), firing first.
/// </summary>
public sealed record StoredAlerts(DateTimeOffset Since, AlertState? State, IReadOnlyList<ListedAlert> Alerts)
{
    public int Count(AlertState state) => Alerts.Count(a => a.Alert.State == state);
}

/// <summary>The alerts <c>gomem watch</c> stored.</summary>
public static class StoredAlertSource
{
    public static StoredAlerts Read(IMonitoringStore store, string storeName, string? target, AlertState? state, DateTimeOffset since)
    {
        var targets = store.Targets().ToDictionary(t => t.Id);
        long? only = target is null ? null : StoredTargets.Find(store, target, storeName).Id;
        var alerts = store.Alerts(since, only)
            .Where(a => state is null || a.Alert.State == state)
            .Where(a => targets.ContainsKey(a.Alert.TargetId))
            .Select(a => new ListedAlert(targets[a.Alert.TargetId], a.Alert));
        return new StoredAlerts(since, state, [.. alerts]);
    }
}
