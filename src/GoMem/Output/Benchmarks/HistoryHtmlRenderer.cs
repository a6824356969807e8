using System.Globalization;
using System.Net;
using GoMem.Benchmarks.History;
using GoMem.Benchmarks.Units;
using GoMem.Output.Text;
using static GoMem.Output.Benchmarks.HistoryText;

namespace GoMem.Output.Benchmarks;

/// <summary>History as a self-contained HTML page (inline SVG, no scripts from anywhere): one chart per benchmark and unit, the median line, its CI band, and change points marked.</summary>
public static class HistoryHtmlRenderer
{
    public static void Write(TextWriter writer, HistoryReport report)
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
        var f = CultureInfo.InvariantCulture;
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

    private static string Html(string text) => WebUtility.HtmlEncode(text);
}
