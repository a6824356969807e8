using GoMem.Benchmarks.Units;
using GoMem.Findings;
using GoMem.Output.Text;

namespace GoMem.Benchmarks.History;

/// <summary>One run of one benchmark and unit: the commit and the median with its confidence interval.</summary>
public sealed record HistoryPoint(string Commit, string Branch, DateTimeOffset Time, int Count, double Median, double Lo, double Hi);

/// <summary>A metric that moved between two consecutive runs, named by the commit where it moved.</summary>
public sealed record ChangePoint(int Index, string Commit, string PreviousCommit, double Before, double After, double? ChangePercent, double? P, bool Exact);

/// <summary>
/// A slow, steady move across the runs that no single step makes: a per-commit gate passes each one, and together
/// they add up. <see cref="TotalPercent"/> is from the first run's median to the last's; the largest step and the
/// trend test (Mann–Kendall on the medians, in the direction of the move) say it is a drift and not noise.
/// </summary>
public sealed record Drift(int Runs, double First, double Last, double TotalPercent, double LargestStepPercent, int Steps, double P);

/// <summary>One benchmark and unit across every recorded run, oldest first, with the change points found and any drift.</summary>
public sealed record HistorySeries(string Package, string Benchmark, string Unit, IReadOnlyList<HistoryPoint> Points, IReadOnlyList<ChangePoint> Changes, Drift? Drift = null);

public sealed record HistoryReport(IReadOnlyList<HistorySeries> Series, int Runs, double Alpha, double MinChangePercent)
{
    /// <summary>
    /// The drifting series in the shared shape: <c>bench-drift</c>, a warning because no single commit shows it and
    /// a per-commit gate lets it through (a drift down, an improvement, is reported too: a steady move nobody made
    /// on purpose deserves a look either way).
    /// </summary>
    public IReadOnlyList<Finding> Findings() =>
    [
        .. Series.Where(s => s.Drift is not null).Select(s => new Finding(
            "bench-drift",
            Severity.Warning,
            $"{s.Benchmark} {s.Unit} drifted {GoFormat.SignedFixed(s.Drift!.TotalPercent, 2)}% over {s.Drift.Runs} runs",
            $"{s.Package}: {s.Drift.Steps} steps, none as large as half of the whole move (the largest {GoFormat.SignedFixed(s.Drift.LargestStepPercent, 2)}%); Mann–Kendall p={GoFormat.Fixed(s.Drift.P, 3)}")),
    ];
}
