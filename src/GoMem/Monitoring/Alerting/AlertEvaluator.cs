using System.Globalization;
using GoMem.Storage.Monitoring;

namespace GoMem.Monitoring.Alerting;

/// <summary>
/// The alert states of one target, as Prometheus keeps them: a rule's condition that starts to hold makes a pending
/// alert; one that holds for the rule's <c>for</c> fires (at once when <c>for</c> is zero); a pending alert whose
/// condition stops is dropped, a firing one resolves. Alerts are deduplicated by their labels (<see cref="MonitoringAlert.Key"/>).
/// <see cref="Evaluate"/> works out a cycle's step without changing anything; <see cref="Commit"/> makes it the state once
/// the step is stored, so a cycle that is not stored (the lease moved, the store is down) changes nothing and notifies no one.
/// </summary>
public sealed class AlertEvaluator(IReadOnlyList<AlertRule> rules, long targetId, string job, string instance, LabelSet targetLabels)
{
    /// <summary>How often a firing alert is sent again while it fires (Prometheus' resend delay to Alertmanager).</summary>
    public static readonly TimeSpan ResendInterval = TimeSpan.FromMinutes(1);

    private readonly Dictionary<string, Tracked> _alerts = new(StringComparer.Ordinal);

    /// <summary>The alerts pending or firing now.</summary>
    public IEnumerable<MonitoringAlert> Active => _alerts.Values.Select(t => t.Alert);

    public IReadOnlyList<AlertRule> Rules => rules;

    /// <summary>
    /// Takes up the alerts a collector before this one left pending or firing (after a restart, or a lease taken over):
    /// a firing alert keeps its start and is sent again on the next cycle, so a receiver that forgot it hears of it.
    /// </summary>
    public void Load(IEnumerable<MonitoringAlert> stored)
    {
        foreach (var alert in stored)
        {
            if (alert.State != AlertState.Resolved && alert.TargetId == targetId && rules.Any(r => r.Name == alert.Rule))
            {
                _alerts[alert.Key] = new Tracked(alert, null);
            }
        }
    }

    /// <summary>This cycle's step: what to store, what changed, what to send. Nothing changes until <see cref="Commit"/>.</summary>
    public AlertStep Evaluate(AlertEvidence evidence)
    {
        var now = evidence.Time;
        var next = new Dictionary<string, Tracked>(_alerts, StringComparer.Ordinal);
        var upserts = new List<MonitoringAlert>();
        var removed = new List<LabelSet>();
        var changes = new List<MonitoringAlert>();
        var notifications = new List<AlertNotification>();
        foreach (var rule in rules)
        {
            if (AlertConditions.Test(rule, evidence) is not { } matches)
            {
                continue; // this cycle says nothing about the rule: its alerts stay as they are
            }

            var holding = new HashSet<string>(StringComparer.Ordinal);
            foreach (var match in matches)
            {
                var (labels, annotations) = Describe(rule, match);
                var key = labels.ToCanonicalJson();
                holding.Add(key);
                next.TryGetValue(key, out var before);
                var since = before?.Alert.ActiveSince ?? now;
                var fires = now - since >= rule.For;
                var alert = new MonitoringAlert(targetId, rule.Name, labels, annotations, fires ? AlertState.Firing : AlertState.Pending, since,
                    fires ? before?.Alert.FiredAt ?? now : null, null, now, match.Value);
                var lastSent = before?.LastSent;
                if (fires && before?.Alert.State != AlertState.Firing)
                {
                    changes.Add(alert);
                    notifications.Add(Notification(alert, isResend: false));
                    lastSent = now;
                }
                else if (fires && (lastSent is null || now - lastSent >= ResendInterval))
                {
                    notifications.Add(Notification(alert, isResend: true));
                    lastSent = now;
                }

                next[key] = new Tracked(alert, lastSent);
                upserts.Add(alert);
            }

            foreach (var (key, tracked) in _alerts)
            {
                if (tracked.Alert.Rule != rule.Name || holding.Contains(key))
                {
                    continue;
                }

                next.Remove(key);
                if (tracked.Alert.State == AlertState.Pending)
                {
                    removed.Add(tracked.Alert.Labels);
                    continue;
                }

                var resolved = tracked.Alert with { State = AlertState.Resolved, ResolvedAt = now, LastEvaluated = now };
                upserts.Add(resolved);
                changes.Add(resolved);
                notifications.Add(Notification(resolved, isResend: false));
            }
        }

        // Firing alerts of rules this cycle said nothing about are still sent again on time.
        foreach (var (key, tracked) in _alerts)
        {
            if (tracked.Alert.State == AlertState.Firing && next.TryGetValue(key, out var kept) && ReferenceEquals(kept, tracked)
                && (tracked.LastSent is null || now - tracked.LastSent >= ResendInterval))
            {
                notifications.Add(Notification(tracked.Alert, isResend: true));
                next[key] = tracked with { LastSent = now };
            }
        }

        return new AlertStep(upserts, removed, changes, notifications, next);
    }

    /// <summary>Makes <paramref name="step"/> the state: call once it is stored.</summary>
    public void Commit(AlertStep step)
    {
        _alerts.Clear();
        foreach (var (key, tracked) in step.Next)
        {
            _alerts[key] = tracked;
        }
    }

    /// <summary>Firing alerts now, per rule (rules with none are not listed).</summary>
    public IEnumerable<(string Rule, int Count)> FiringByRule() =>
        _alerts.Values.Where(t => t.Alert.State == AlertState.Firing).GroupBy(t => t.Alert.Rule, StringComparer.Ordinal).Select(g => (g.Key, g.Count()));

    private (LabelSet Labels, List<KeyValuePair<string, string>> Annotations) Describe(AlertRule rule, AlertMatch match)
    {
        var labels = LabelSet.From(targetLabels.Concat(rule.Labels).Concat(match.Labels).Append(KeyValuePair.Create("alertname", rule.Name)));
        var variables = new Dictionary<string, string>(match.Variables, StringComparer.Ordinal)
        {
            ["alertname"] = rule.Name,
            ["target"] = $"{job}/{instance}",
            ["job"] = job,
            ["instance"] = instance,
            ["for"] = AlertConditions.Span(rule.For),
        };
        variables.TryAdd("value", match.Value is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "");
        variables.TryAdd("threshold", rule.Threshold is { } t ? t.ToString("0.####", CultureInfo.InvariantCulture) : "");
        return (labels, [.. rule.Annotations.Select(a => KeyValuePair.Create(a.Key, AlertTemplate.Render(a.Value, variables, labels)))]);
    }

    private static AlertNotification Notification(MonitoringAlert alert, bool isResend) => new(
        alert.Rule,
        alert.Labels,
        alert.Annotations.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal),
        alert.State,
        alert.FiredAt ?? alert.ActiveSince,
        alert.ResolvedAt,
        null,
        isResend);

    /// <summary>An alert pending or firing, and when it was last sent (null: not since this collector took it up).</summary>
    public sealed record Tracked(MonitoringAlert Alert, DateTimeOffset? LastSent);
}

/// <summary>
/// One cycle's alert step: rows to write (<see cref="Upserts"/>) and pending alerts to drop (<see cref="Removed"/>),
/// the alerts that started firing or resolved (<see cref="Changes"/>, one log line each), the notifications to send,
/// and the state once it is committed.
/// </summary>
public sealed record AlertStep(
    IReadOnlyList<MonitoringAlert> Upserts,
    IReadOnlyList<LabelSet> Removed,
    IReadOnlyList<MonitoringAlert> Changes,
    IReadOnlyList<AlertNotification> Notifications,
    IReadOnlyDictionary<string, AlertEvaluator.Tracked> Next);
