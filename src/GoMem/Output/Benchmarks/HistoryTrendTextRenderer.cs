using System.Text;
using GoMem.Benchmarks.History;
using GoMem.Benchmarks.Units;
using GoMem.Output.Text;
using static GoMem.Output.Benchmarks.HistoryText;

namespace GoMem.Output.Benchmarks;

/// <summary>History at a glance: one sparkline per benchmark and unit, oldest run on the left, with the latest median and any change points.</summary>
public static class HistoryTrendTextRenderer
{
    private const string Bars = "▁▂▃▄▅▆▇█";

    public static void Write(TextWriter writer, HistoryReport report)
    {
        if (report.Series.Count == 0)
        {
            writer.Write(report.Runs == 0 ? "the store has no runs yet: record some with gomem bench record FILE\n" : "no stored benchmark matches\n");
            return;
        }

        // The series' names in one column; the sparkline and what follows it as one cell (sparklines differ in length).
        var table = new TextTable(new TextColumn(), new TextColumn(Margin: "  "));
        foreach (var series in report.Series)
        {
            var latest = UnitScaler.Scale(series.Points[^1].Median, BenchmarkUnits.ClassOf(series.Unit));
            var moved = series.Changes.Count == 0 ? "" : "  moved at " + string.Join(", ", series.Changes.Select(c => $"{Short(c.Commit)} ({Change(c)})"));
            var drifted = series.Drift is { } d ? $"  drifted {GoFormat.SignedFixed(d.TotalPercent, 2)}% over {d.Runs} runs" : "";
            table.AddRow(series.Benchmark + " " + series.Unit, $"{Sparkline(series.Points.Select(p => p.Median).ToList())}  {latest}{moved}{drifted}");
        }

        table.WriteTo(writer);
    }

    private static string Sparkline(IReadOnlyList<double> values)
    {
        double min = values.Min(), max = values.Max();
        var text = new StringBuilder(values.Count);
        foreach (var value in values)
        {
            var level = max == min ? 0 : (int)Math.Round((value - min) / (max - min) * (Bars.Length - 1));
            text.Append(Bars[level]);
        }

        return text.ToString();
    }
}
