using GoMem.Storage.Monitoring;

namespace GoMem.Monitoring.Alerting;

/// <summary>
/// What the rules of one target are evaluated on after a cycle: whether it answered, its latest runtime sample, its
/// recent RSS (for the forecast), the findings open on it and its last restart. The collector keeps these per target
/// (<see cref="TargetAlerts"/>), reloaded from the store when it starts.
/// </summary>
public sealed record AlertEvidence
{
    public required DateTimeOffset Time { get; init; }

    /// <summary>Whether the target answered this cycle; when it did not, <see cref="Error"/> says why.</summary>
    public required bool Up { get; init; }

    public string? Error { get; init; }

    /// <summary>This cycle's runtime figures; null when none came (the figure rules then keep their alerts as they are).</summary>
    public RuntimeSample? Sample { get; init; }

    /// <summary>The target's RSS over the forecast's window, oldest first.</summary>
    public IReadOnlyList<(DateTimeOffset Time, long Bytes)> Rss { get; init; } = [];

    /// <summary>The findings open on the target now.</summary>
    public IReadOnlyList<MonitoringFinding> OpenFindings { get; init; } = [];

    /// <summary>The target's last restart, when one was seen.</summary>
    public (DateTimeOffset Time, string Why)? LastRestart { get; init; }
}

/// <summary>
/// One alert a rule's condition holds for now: the labels that tell it apart from the rule's other alerts on the same
/// target (the leaking function; none for the figure rules), the value it measured, and its template variables.
/// </summary>
public sealed record AlertMatch(LabelSet Labels, double? Value, IReadOnlyDictionary<string, string> Variables);
