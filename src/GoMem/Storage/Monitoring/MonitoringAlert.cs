using GoMem.Monitoring;
using GoMem.Monitoring.Alerting;

namespace GoMem.Storage.Monitoring;

/// <summary>
/// An alert of one target as the store keeps it, one row per alert (its <see cref="Labels"/>, which include
/// <c>alertname</c>, identify it): where it stands, since when its condition holds, when it fired and resolved, and what
/// it last measured and said. A new episode of the same alert (pending again after it resolved) takes the same row.
/// </summary>
/// <param name="Rule">The rule's name (the <c>alertname</c> label).</param>
/// <param name="Annotations">The rendered annotations (summary, description...), in the rule's order.</param>
/// <param name="ActiveSince">When the condition started to hold (pending from then).</param>
/// <param name="FiredAt">When it started firing; null while pending.</param>
/// <param name="ResolvedAt">When it stopped holding after it fired; null until then.</param>
/// <param name="LastEvaluated">The last cycle that evaluated it.</param>
/// <param name="Value">The figure the condition measured (a share, a count, seconds, bytes); null for verdicts and events.</param>
public sealed record MonitoringAlert(
    long TargetId,
    string Rule,
    LabelSet Labels,
    IReadOnlyList<KeyValuePair<string, string>> Annotations,
    AlertState State,
    DateTimeOffset ActiveSince,
    DateTimeOffset? FiredAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset LastEvaluated,
    double? Value)
{
    /// <summary>The alert's identity: its labels in canonical form (as <see cref="AlertNotification.Key"/>).</summary>
    public string Key => Labels.ToCanonicalJson();

    public string? Annotation(string name) => Annotations.FirstOrDefault(a => a.Key == name).Value;
}

/// <summary>An alert with its store id.</summary>
public sealed record StoredAlert(long Id, MonitoringAlert Alert);
