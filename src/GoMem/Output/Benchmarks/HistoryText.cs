using GoMem.Benchmarks.History;
using GoMem.Benchmarks.Units;
using GoMem.Output.Text;

namespace GoMem.Output.Benchmarks;

/// <summary>How the history renderers write a change point, a drift and a commit.</summary>
internal static class HistoryText
{
    /// <summary>"3.30KiB → 3.67KiB (+14.08% over 8 runs; 7 steps, the largest +2.16%; p=0.000)".</summary>
    public static string Drift(HistorySeries series)
    {
        var d = series.Drift!;
        var scaler = UnitScaler.Common([d.First, d.Last], BenchmarkUnits.ClassOf(series.Unit));
        return $"{scaler.Format(d.First)} → {scaler.Format(d.Last)} ({GoFormat.SignedFixed(d.TotalPercent, 2)}% over {d.Runs} runs; {d.Steps} steps, the largest {GoFormat.SignedFixed(d.LargestStepPercent, 2)}%; p={GoFormat.Fixed(d.P, 3)})";
    }

    /// <summary>A change point's size and evidence: "+12.50%, p=0.002", or "from 0, constant within runs".</summary>
    public static string Change(ChangePoint change)
    {
        var size = change.ChangePercent is { } c ? GoFormat.SignedFixed(c, 2) + "%" : "from 0";
        return change.Exact ? size + ", constant within runs" : $"{size}, p={GoFormat.Fixed(change.P ?? 1, 3)}";
    }

    /// <summary>A commit as people quote it: its first 12 characters.</summary>
    public static string Short(string commit) => commit.Length > 12 ? commit[..12] : commit;
}
