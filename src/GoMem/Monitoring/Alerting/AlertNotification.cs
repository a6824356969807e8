namespace GoMem.Monitoring.Alerting;

/// <summary>Where an alert stands. Pending alerts are kept and shown but never delivered.</summary>
public enum AlertState
{
    Pending,
    Firing,
    Resolved,
}

/// <summary>
/// One alert as delivery sends it: the evaluator's word that an alert fires (again) or has resolved. An alert is
/// identified by its rule and its labels (which include <c>alertname</c>, <c>severity</c>, the target's labels and
/// the rule's own); two notifications with the same <see cref="Key"/> are the same alert.
/// </summary>
/// <param name="Rule">The rule's name (also the <c>alertname</c> label).</param>
/// <param name="Labels">Everything that identifies the alert, <c>alertname</c> included.</param>
/// <param name="Annotations">What it says to a human: <c>summary</c>, <c>description</c> and the like.</param>
/// <param name="State">Firing or resolved: pending alerts are not delivered.</param>
/// <param name="StartsAt">When the alert started firing (the same in every notification of one firing).</param>
/// <param name="EndsAt">When it resolved; null while it fires.</param>
/// <param name="GeneratorUrl">A page that shows it (the dashboard), when there is one.</param>
/// <param name="IsResend">
/// True when this repeats an unchanged firing alert so a receiver that forgets alerts (Alertmanager resolves what it
/// has not heard of for its resolve_timeout) keeps it; sinks that only want changes (log, webhook) skip these.
/// </param>
public sealed record AlertNotification(
    string Rule,
    LabelSet Labels,
    IReadOnlyDictionary<string, string> Annotations,
    AlertState State,
    DateTimeOffset StartsAt,
    DateTimeOffset? EndsAt,
    string? GeneratorUrl,
    bool IsResend)
{
    /// <summary>The identity of the alert: its labels in their canonical form (they include the rule's name).</summary>
    public string Key => Labels.ToCanonicalJson();
}

/// <summary>
/// Takes notifications from the evaluator. <see cref="Enqueue"/> never blocks and never throws: delivery happens
/// elsewhere, with its own bounded queue, retries and counted drops, so a slow receiver never delays collection.
/// </summary>
public interface IAlertNotifier
{
    void Enqueue(AlertNotification notification);
}
