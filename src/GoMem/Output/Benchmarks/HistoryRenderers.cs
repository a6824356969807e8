using GoMem.Benchmarks.History;
using System.Net;
using System.Text;
using System.Text.Json;
using GoMem.Benchmarks.Units;
using GoMem.Output.Json;
using GoMem.Output.Text;

namespace GoMem.Output.Benchmarks;

/// <summary>History as a self-contained HTML page (inline SVG, no scripts from anywhere), JSON, text and sparklines.</summary>
public static class HistoryRenderers
{
    private const string Bars = "▁▂▃▄▅▆▇█";

    /// <summary>One sparkline per benchmark and unit, oldest run on the left, with the latest median and any change points.</summary>
    public static void WriteTrend(TextWriter writer, HistoryReport report)
    {
        if (report.Series.Count == 0)
        {
            writer.Write(report.Runs == 0 ? "the store has no runs yet: record some with gomem bench record FILE\n" : "no stored benchmark matches\n");
            return;
        }

        var nameWidth = report.Series.Max(s => s.Benchmark.Length + s.Unit.Length + 1);
        foreach (var series in report.Series)
        {
            var label = (series.Benchmark + " " + series.Unit).PadRight(nameWidth);
            var latest = UnitScaler.Scale(series.Points[^1].Median, BenchmarkUnits.ClassOf(series.Unit));
            var moved = series.Changes.Count == 0 ? "" : "  moved at " + string.Join(", ", series.Changes.Select(c => $"{Short(c.Commit)} ({Change(c)})"));
            var drifted = series.Drift is { } d ? $"  drifted {GoFormat.SignedFixed(d.TotalPercent, 2)}% over {d.Runs} runs" : "";
            writer.Write($"{label}  {Sparkline(series.Points.Select(p => p.Median).ToList())}  {latest}{moved}{drifted}\n");
        }
    }

    public static string Sparkline(IReadOnlyList<double> values)
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

    public static void WriteText(TextWriter writer, HistoryReport report)
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

    /// <summary>"3.30KiB → 3.67KiB (+14.08% over 8 runs; 7 steps, the largest +2.16%; p=0.000)".</summary>
    private static string Drift(HistorySeries series)
    {
        var d = series.Drift!;
        var scaler = UnitScaler.Common([d.First, d.Last], BenchmarkUnits.ClassOf(series.Unit));
        return $"{scaler.Format(d.First)} → {scaler.Format(d.Last)} ({GoFormat.SignedFixed(d.TotalPercent, 2)}% over {d.Runs} runs; {d.Steps} steps, the largest {GoFormat.SignedFixed(d.LargestStepPercent, 2)}%; p={GoFormat.Fixed(d.P, 3)})";
    }

    public static void WriteJson(Stream stream, HistoryReport report)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("runs", report.Runs);
        json.WriteNumber("alpha", report.Alpha);
        json.WriteNumber("minChangePercent", report.MinChangePercent);
        json.WriteStartArray("series");
        foreach (var series in report.Series)
        {
            json.WriteStartObject();
            json.WriteString("package", series.Package);
            json.WriteString("benchmark", series.Benchmark);
            json.WriteString("unit", series.Unit);
            json.WriteStartArray("points");
            foreach (var point in series.Points)
            {
                json.WriteStartObject();
                json.WriteString("commit", point.Commit);
                json.WriteString("branch", point.Branch);
                json.WriteString("time", point.Time.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));
                json.WriteNumber("n", point.Count);
                json.WriteNumber("median", point.Median);
                json.WriteFiniteNumberOrNull("ciLow", point.Lo);
                json.WriteFiniteNumberOrNull("ciHigh", point.Hi);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("changePoints");
            foreach (var change in series.Changes)
            {
                json.WriteStartObject();
                json.WriteString("commit", change.Commit);
                json.WriteString("previousCommit", change.PreviousCommit);
                json.WriteNumber("before", change.Before);
                json.WriteNumber("after", change.After);
                json.WriteFiniteNumberOrNull("changePercent", change.ChangePercent);
                json.WriteFiniteNumberOrNull("p", change.P);
                json.WriteBoolean("exact", change.Exact);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (series.Drift is { } drift)
            {
                json.WriteStartObject("drift");
                json.WriteNumber("runs", drift.Runs);
                json.WriteNumber("first", drift.First);
                json.WriteNumber("last", drift.Last);
                json.WriteNumber("totalPercent", drift.TotalPercent);
                json.WriteNumber("largestStepPercent", drift.LargestStepPercent);
                json.WriteNumber("steps", drift.Steps);
                json.WriteNumber("p", drift.P);
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("drift");
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>A page with one chart per benchmark and unit: the median line, its CI band, and change points marked.</summary>
    public static void WriteHtml(TextWriter writer, HistoryReport report)
    {
        writer.Write("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>gomem bench history</title>\n");
        writer.Write("<style>body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}h2{font-size:1em;margin:1.2em 0 .3em}"
            + ".band{fill:#9ecae1;opacity:.5}.line{fill:none;stroke:#08519c;stroke-width:2}.dot{fill:#08519c}.change{stroke:#d62728;stroke-dasharray:4 3}"
            + ".axis{font-size:11px;fill:#555}.note{color:#d62728}table{border-collapse:collapse}td{padding:0 .6em}</style></head><body>\n");
        writer.Write($"<h1>Benchmark history</h1>\n<p>{report.Series.Count} series over {report.Runs} runs. Line: median per run; band: its {Html("95%")} confidence interval; red: change points (p &lt; {GoFormat.Shortest(report.Alpha)} and at least {GoFormat.Shortest(report.MinChangePercent)}%, or any change of a constant count).</p>\n");
        foreach (var series in report.Series)
        {
            writer.Write($"<h2>{Html(series.Benchmark)} <small>{Html(series.Unit)} · {Html(series.Package)}</small></h2>\n");
            WriteChart(writer, series);
            foreach (var change in series.Changes)
            {
                var scaler = UnitScaler.Common([change.Before, change.After], BenchmarkUnits.ClassOf(series.Unit));
                writer.Write($"<p class=\"note\">moved at {Html(Short(change.Commit))}: {Html(scaler.Format(change.Before))} → {Html(scaler.Format(change.After))} ({Html(Change(change))})</p>\n");
            }

            if (series.Drift is not null)
            {
                writer.Write($"<p class=\"note\">drifted: {Html(Drift(series))}</p>\n");
            }
        }

        writer.Write("</body></html>\n");
    }

    private static void WriteChart(TextWriter writer, HistorySeries series)
    {
        const int width = 640, height = 180, left = 70, right = 10, top = 10, bottom = 40;
        var points = series.Points;
        var finite = points.SelectMany(p => new[] { p.Median, p.Lo, p.Hi }).Where(double.IsFinite).ToList();
        double min = Math.Min(0, finite.Min()), max = finite.Max();
        if (max == min)
        {
            max = min + 1;
        }

        double X(int i) => left + (points.Count == 1 ? (width - left - right) / 2.0 : i * (width - left - right) / (double)(points.Count - 1));
        double Y(double v) => top + ((max - Clamp(v, min, max)) / (max - min) * (height - top - bottom));
        var unitClass = BenchmarkUnits.ClassOf(series.Unit);
        var f = System.Globalization.CultureInfo.InvariantCulture;
        writer.Write($"<svg width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\">\n");
        var upper = string.Join(" ", points.Select((p, i) => $"{X(i).ToString("F1", f)},{Y(p.Hi).ToString("F1", f)}"));
        var lower = string.Join(" ", points.Select((p, i) => (p, i)).Reverse().Select(t => $"{X(t.i).ToString("F1", f)},{Y(t.p.Lo).ToString("F1", f)}"));
        writer.Write($"<polygon class=\"band\" points=\"{upper} {lower}\"/>\n");
        writer.Write($"<polyline class=\"line\" points=\"{string.Join(" ", points.Select((p, i) => $"{X(i).ToString("F1", f)},{Y(p.Median).ToString("F1", f)}"))}\"/>\n");
        for (var i = 0; i < points.Count; i++)
        {
            writer.Write($"<circle class=\"dot\" cx=\"{X(i).ToString("F1", f)}\" cy=\"{Y(points[i].Median).ToString("F1", f)}\" r=\"3\"><title>{Html(Short(points[i].Commit))}: {Html(UnitScaler.Scale(points[i].Median, unitClass))}</title></circle>\n");
            writer.Write($"<text class=\"axis\" x=\"{X(i).ToString("F1", f)}\" y=\"{height - 22}\" text-anchor=\"middle\">{Html(Short(points[i].Commit))}</text>\n");
        }

        foreach (var change in series.Changes)
        {
            var x = ((X(change.Index - 1) + X(change.Index)) / 2).ToString("F1", f);
            writer.Write($"<line class=\"change\" x1=\"{x}\" x2=\"{x}\" y1=\"{top}\" y2=\"{height - bottom}\"/>\n");
        }

        writer.Write($"<text class=\"axis\" x=\"{left - 6}\" y=\"{top + 10}\" text-anchor=\"end\">{Html(UnitScaler.Scale(max, unitClass))}</text>\n");
        writer.Write($"<text class=\"axis\" x=\"{left - 6}\" y=\"{height - bottom}\" text-anchor=\"end\">{Html(UnitScaler.Scale(min, unitClass))}</text>\n");
        writer.Write("</svg>\n");
    }

    private static double Clamp(double v, double min, double max) => double.IsFinite(v) ? Math.Clamp(v, min, max) : (v > 0 ? max : min);

    private static string Change(ChangePoint change)
    {
        var size = change.ChangePercent is { } c ? GoFormat.SignedFixed(c, 2) + "%" : "from 0";
        return change.Exact ? size + ", constant within runs" : $"{size}, p={GoFormat.Fixed(change.P ?? 1, 3)}";
    }

    private static string Short(string commit) => commit.Length > 12 ? commit[..12] : commit;

    private static string Html(string text) => WebUtility.HtmlEncode(text);
}
