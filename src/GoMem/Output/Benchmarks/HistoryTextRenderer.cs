using GoMem.Benchmarks.History;
using GoMem.Benchmarks.Units;
using GoMem.Output.Text;
using static GoMem.Output.Benchmarks.HistoryText;

namespace GoMem.Output.Benchmarks;

/// <summary>History for people: the change points and drifts of every series.</summary>
public static class HistoryTextRenderer
{
    public static void Write(TextWriter writer, HistoryReport report)
    {
        writer.Write($"{report.Series.Count} series over {report.Runs} runs; change points (p < {GoFormat.Shortest(report.Alpha)}, at least {GoFormat.Shortest(report.MinChangePercent)}%, or any change of a constant count):\n");
        var any = false;
        foreach (var series in report.Series)
        {
            foreach (var change in series.Changes)
            {
                any = true;
                var scaler = UnitScaler.Common([change.Before, change.After], BenchmarkUnits.ClassOf(series.Unit));
                writer.Write($"  {series.Benchmark} {series.Unit}: {scaler.Format(change.Before)} → {scaler.Format(change.After)} ({Change(change)}) at {Short(change.Commit)} (after {Short(change.PreviousCommit)})\n");
            }
        }

        if (!any)
        {
            writer.Write("  none\n");
        }

        var drifts = report.Series.Where(s => s.Drift is not null).ToList();
        if (drifts.Count > 0)
        {
            writer.Write($"drifts (a steady move of at least {GoFormat.Shortest(report.MinChangePercent)}% overall, no step as large as half of it; Mann–Kendall p < {GoFormat.Shortest(report.Alpha)}):\n");
            foreach (var series in drifts)
            {
                writer.Write($"  {series.Benchmark} {series.Unit}: {Drift(series)}\n");
            }
        }
    }
}
