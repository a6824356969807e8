using GoMem.Findings;

namespace GoMem.Benchmarks.Gate;

/// <summary>The verdict on one benchmark and unit.</summary>
public enum GateStatus
{
    Pass,
    Regression,

    /// <summary>Over the threshold but not statistically significant: noise, not a failure.</summary>
    NotSignificant,

    /// <summary>The benchmark is missing from the new results (or new in them): reported, not gated.</summary>
    Missing,
}

/// <summary>One gated benchmark and unit: the two centres, the change, the limit and the verdict.</summary>
public sealed record GateCheck(
    string Benchmark,
    string Unit,
    IReadOnlyList<Config> Config,
    double? Old,
    double? New,
    double? ChangePercent,
    double? P,
    bool Significant,
    string Threshold,
    double? Limit,
    GateStatus Status,
    string Message);

/// <summary>A configuration key of the table a check came from.</summary>
public sealed record Config(string Key, string Value);

/// <summary>The gate's result: every check in table order, and the regressions among them.</summary>
public sealed record GateReport(IReadOnlyList<GateCheck> Checks, IReadOnlyList<string> Thresholds, double Alpha, string OldLabel, string NewLabel)
{
    public IReadOnlyList<GateCheck> Regressions => [.. Checks.Where(c => c.Status == GateStatus.Regression)];

    public bool Failed => Checks.Any(c => c.Status == GateStatus.Regression);

    /// <summary>
    /// The regressions in the shared shape: <c>bench-regression</c>, critical because each one fails the gate; the
    /// title is the check's message, the detail the two inputs and the configuration of the benchmark.
    /// </summary>
    public IReadOnlyList<Finding> Findings() =>
    [
        .. Regressions.Select(c => new Finding(
            "bench-regression",
            Severity.Critical,
            c.Message,
            $"{OldLabel} → {NewLabel}" + (c.Config.Count > 0 ? $" ({string.Join(", ", c.Config.Select(k => $"{k.Key}: {k.Value}"))})" : ""))),
    ];
}
