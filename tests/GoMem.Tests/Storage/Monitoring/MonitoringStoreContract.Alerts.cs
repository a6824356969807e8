using GoMem.Monitoring;
using GoMem.Monitoring.Alerting;
using GoMem.Storage.Monitoring;

namespace GoMem.Tests.Storage.Monitoring;

/// <summary>Alerts: one row per alert (its labels), replaced as it moves on, listed firing first, removed and aged out.</summary>
public abstract partial class MonitoringStoreContract
{
    private static MonitoringAlert Alert(long targetId, string rule, AlertState state, DateTimeOffset since, string? function = null) => new(
        targetId,
        rule,
        function is null ? LabelSet.Of(("alertname", rule), ("severity", "warning")) : LabelSet.Of(("alertname", rule), ("severity", "warning"), ("function", function)),
        [new("summary", $"{rule} on {targetId}"), new("description", "what it means \"quoted\" and ünïcode")],
        state,
        since,
        state == AlertState.Pending ? null : since.AddMinutes(2),
        state == AlertState.Resolved ? since.AddMinutes(5) : null,
        since.AddMinutes(state == AlertState.Resolved ? 5 : 2),
        state == AlertState.Resolved ? null : 0.875);

    [ContractFact]
    public void An_alert_is_one_row_per_labels_replaced_as_it_moves_on_and_read_back_as_written()
    {
        using var store = OpenStore();
        var id = store.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Empty);
        var pending = Alert(id, "GoMemMemoryNearLimit", AlertState.Pending, T0);
        var first = store.UpsertAlert(pending);

        var read = Assert.Single(store.Alerts(T0, id));
        Assert.Equal(first, read.Id);
        AssertSame(pending, read.Alert);

        var firing = pending with { State = AlertState.Firing, FiredAt = T0.AddMinutes(2), LastEvaluated = T0.AddMinutes(2), Value = 0.9, Annotations = [new("summary", "now firing")] };
        Assert.Equal(first, store.UpsertAlert(firing));
        AssertSame(firing, Assert.Single(store.Alerts(T0, id)).Alert);

        var other = Alert(id, "GoMemHeapLeak", AlertState.Firing, T0, "main.leak");
        Assert.NotEqual(first, store.UpsertAlert(other));
        Assert.NotEqual(first, store.UpsertAlert(other with { Labels = LabelSet.From(other.Labels.Append(KeyValuePair.Create("function", "main.other"))) }));
        Assert.Equal(3, store.Alerts(T0, id).Count);

        using var again = OpenStore();
        Assert.Equal(3, again.Alerts(T0).Count);
    }

    [ContractFact]
    public void Alerts_lists_pending_and_firing_however_old_and_resolved_since_a_time_firing_first()
    {
        using var store = OpenStore();
        var api = store.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Empty);
        var worker = store.UpsertTarget("worker", "http://10.0.0.2:6060", LabelSet.Empty);
        store.UpsertAlert(Alert(api, "Old", AlertState.Resolved, T0.AddHours(-3)));
        store.UpsertAlert(Alert(api, "Recent", AlertState.Resolved, T0.AddMinutes(-10)));
        store.UpsertAlert(Alert(api, "Pending", AlertState.Pending, T0.AddDays(-2)));
        store.UpsertAlert(Alert(api, "FiringOld", AlertState.Firing, T0.AddDays(-3)));
        store.UpsertAlert(Alert(api, "FiringNew", AlertState.Firing, T0.AddMinutes(-1)));
        store.UpsertAlert(Alert(worker, "Worker", AlertState.Firing, T0));

        Assert.Equal(["FiringNew", "FiringOld", "Pending", "Recent"], store.Alerts(T0.AddHours(-1), api).Select(a => a.Alert.Rule));
        Assert.Equal(["FiringNew", "FiringOld", "Pending", "Recent", "Old"], store.Alerts(T0.AddDays(-1), api).Select(a => a.Alert.Rule));
        Assert.Equal(["Worker", "FiringNew", "FiringOld", "Pending"], store.Alerts(T0).Select(a => a.Alert.Rule));
    }

    [ContractFact]
    public void A_pending_alert_that_stopped_is_removed_and_alert_writes_are_part_of_the_cycle()
    {
        using var store = OpenStore();
        var id = store.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Empty);
        var pending = Alert(id, "GoMemMemoryNearLimit", AlertState.Pending, T0);
        store.UpsertAlert(pending);
        Assert.True(store.RemoveAlert(id, pending.Labels));
        Assert.False(store.RemoveAlert(id, pending.Labels));
        Assert.Empty(store.Alerts(T0, id));

        using (var cycle = store.BeginCycle())
        {
            cycle.UpsertAlert(pending);
        }

        Assert.Empty(store.Alerts(T0, id)); // not committed: no trace

        using (var cycle = store.BeginCycle())
        {
            cycle.UpsertAlert(pending);
            Assert.Single(store.Alerts(T0, id)); // the cycle sees its own write
            cycle.Commit();
        }

        Assert.Single(store.Alerts(T0, id));
        Assert.Throws<KeyNotFoundException>(() => store.UpsertAlert(pending with { TargetId = id + 100 }));
    }

    [ContractFact]
    public void Resolved_alerts_older_than_the_findings_retention_go_and_pending_or_firing_ones_stay_however_old()
    {
        using var store = OpenStore();
        var id = store.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Empty);
        store.UpsertAlert(Alert(id, "ResolvedLongAgo", AlertState.Resolved, Now.AddDays(-100)));
        store.UpsertAlert(Alert(id, "ResolvedLately", AlertState.Resolved, Now.AddDays(-10)));
        store.UpsertAlert(Alert(id, "FiringForever", AlertState.Firing, Now.AddDays(-200)));
        store.UpsertAlert(Alert(id, "PendingForever", AlertState.Pending, Now.AddDays(-200)));

        var result = RunPass(store, Now);

        Assert.Equal(1, result.AlertsDeleted);
        Assert.Equal(["FiringForever", "PendingForever", "ResolvedLately"], store.Alerts(DateTimeOffset.MinValue, id).Select(a => a.Alert.Rule));
        Assert.Equal(0, store.DeleteResolvedAlerts(id, Now.AddDays(-90), 10));
        Assert.Equal(1, store.DeleteResolvedAlerts(id, Now, 10));
    }

    [ContractFact]
    public void Deleting_resolved_alerts_is_bounded_by_its_limit_oldest_first()
    {
        using var store = OpenStore();
        var id = store.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Empty);
        for (var i = 0; i < 5; i++)
        {
            store.UpsertAlert(Alert(id, $"R{i}", AlertState.Resolved, T0.AddHours(-10 + i)));
        }

        Assert.Equal(2, store.DeleteResolvedAlerts(id, T0, 2));
        Assert.Equal(["R4", "R3", "R2"], store.Alerts(DateTimeOffset.MinValue, id).Select(a => a.Alert.Rule));
    }

    private static void AssertSame(MonitoringAlert expected, MonitoringAlert actual)
    {
        Assert.Equal(expected with { Annotations = [] }, actual with { Annotations = [] });
        Assert.Equal(expected.Annotations, actual.Annotations);
    }
}
