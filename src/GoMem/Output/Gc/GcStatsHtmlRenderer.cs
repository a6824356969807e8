using System.Globalization;
using System.Net;
using System.Text;
using GoMem.Findings;
using GoMem.Gc.Analysis;
using GoMem.Output.Html;
using static GoMem.Output.Text.HumanText;

namespace GoMem.Output.Gc;

/// <summary>
/// <c>gomem gc stats -o report.html</c>: one self-contained page (inline CSS and SVG, no script, no network) with the
/// summary, the findings and the timelines of heap, pauses and GC CPU. File names from the command line are escaped.
/// </summary>
public static class GcStatsHtmlRenderer
{
    private const string Style = """
        body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:940px;color:#222}
        h1{font-size:20px}h2{font-size:16px;margin-top:28px}
        table{border-collapse:collapse}td,th{padding:3px 10px;border-bottom:1px solid #ddd;text-align:left}
        td.n{text-align:right;font-variant-numeric:tabular-nums}
        .chart{width:100%;height:auto;border:1px solid #eee;margin:8px 0}
        .chart .title{font-weight:600;font-size:13px}.chart .axis{font-size:11px;fill:#555}.chart .legend{font-size:11px}
        .chart .grid{stroke:#eee}
        .finding{border-left:4px solid #999;padding:4px 10px;margin:8px 0}
        .warning{border-color:#d68a00}.critical{border-color:#c0392b}.info{border-color:#3a7bd5}
        """;

    public static void Write(Stream stream, GcStatsReport r)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">");
        html.Append("<title>GC report: ").Append(E(string.Join(", ", r.Sources))).Append("</title><style>").Append(Style).Append("</style></head><body>");
        html.Append("<h1>GC report</h1><p>").Append(E(string.Join(", ", r.Sources))).Append("</p>");
        Summary(html, r);
        if (r.Findings.Count > 0)
        {
            html.Append("<h2>Findings</h2>");
            foreach (var f in r.Findings)
            {
                html.Append("<div class=\"finding ").Append(E(f.Severity.Name())).Append("\"><b>").Append(E(f.Title)).Append("</b><br>").Append(E(f.Detail ?? "")).Append("</div>");
            }
        }

        html.Append("<h2>Timelines</h2>");
        Charts(html, r);
        html.Append("<p><small>Made by gomem gc stats. Heap sizes are whole MiB as the runtime prints them; time is seconds from the first cycle.</small></p></body></html>\n");
        var bytes = Encoding.UTF8.GetBytes(html.ToString());
        stream.Write(bytes);
    }

    private static void Summary(StringBuilder html, GcStatsReport r)
    {
        html.Append("<table>");
        Row(html, "Cycles", $"{r.GcCount} over {Duration(r.WallSeconds)}" + (r.GcPerMinute is { } m ? $" ({m.ToString("0.#", CultureInfo.InvariantCulture)} per minute)" : ""));
        Row(html, "Forced / periodic", $"{r.ForcedCount} / {r.PeriodicCount}");
        Row(html, "STW pause p50 / p90 / p99 / max", $"{Duration(r.Pauses.P50Seconds)} / {Duration(r.Pauses.P90Seconds)} / {Duration(r.Pauses.P99Seconds)} / {Duration(r.Pauses.MaxSeconds)}");
        Row(html, "STW pause total", Duration(r.Pauses.TotalSeconds));
        Row(html, "Concurrent mark total / p50 / max", $"{Duration(r.ConcurrentMark.TotalSeconds)} / {Duration(r.ConcurrentMark.P50Seconds)} / {Duration(r.ConcurrentMark.MaxSeconds)}");
        Row(html, "GC CPU over the trace", r.GcCpuFraction is { } f ? $"{Percent(f)} of {r.Procs} P (runtime: {r.RuntimeReportedPercent}% since start)" : "n/a");
        Row(html, "Mark work done by assists", Percent(r.Cpu.AssistFraction));
        Row(html, "Peak heap (end of mark) / highest goal", $"{Bytes(r.Heap.PeakHeapBytes)} / {(r.Heap.PeakGoalBytes is { } peakGoal ? Bytes(peakGoal) : "none (the GC was off)")}");
        Row(html, "Live heap first → last", $"{Bytes(r.LiveHeap.FirstBytes)} → {Bytes(r.LiveHeap.LastBytes)} ({Signed(r.LiveHeap.SlopeBytesPerMinute)}/min{(r.LiveHeap.Growing ? ", growing" : "")})");
        Row(html, "Inferred GOGC", r.Inferred.Gogc is { } g ? g.ToString("0", CultureInfo.InvariantCulture) : r.Inferred.GcOffCycles > 0 ? $"off (no goal in {r.Inferred.GcOffCycles} cycles)" : "not measurable");
        Row(html, "Cycles steered by a memory limit", r.Inferred.LimitBoundCycles.ToString(CultureInfo.InvariantCulture));
        html.Append("</table>");
    }

    private static void Charts(StringBuilder html, GcStatsReport r)
    {
        var start = new List<(double, double)>(r.Timeline.Count);
        var end = new List<(double, double)>(r.Timeline.Count);
        var live = new List<(double, double)>(r.Timeline.Count);
        var goal = new List<(double, double)>(r.Timeline.Count);
        var pauses = new List<(double, double)>(r.Timeline.Count);
        var runtimeCpu = new List<(double, double)>(r.Timeline.Count);
        foreach (var p in r.Timeline)
        {
            start.Add((p.Seconds, p.HeapStartBytes));
            end.Add((p.Seconds, p.HeapEndBytes));
            live.Add((p.Seconds, p.LiveBytes));
            if (p.GoalBytes is { } g)
            {
                goal.Add((p.Seconds, g));
            }

            pauses.Add((p.Seconds, p.PauseMs));
            runtimeCpu.Add((p.Seconds, p.RuntimePercent));
        }

        html.Append(SvgLineChart.Render("Heap per cycle", "seconds", [new("goal", "#bbbbbb", goal), new("at end of mark", "#d35400", end), new("at start", "#f39c12", start), new("live (marked)", "#2e86de", live)], y => Bytes((long)y)));
        html.Append(SvgLineChart.Render("Stop-the-world pause per cycle", "seconds", [new("pause (ms)", "#8e44ad", pauses, Bars: true)], y => y.ToString("0.##", CultureInfo.InvariantCulture) + " ms"));
        var windows = new List<(double, double)>();
        foreach (var w in r.GcCpuOverTime)
        {
            windows.Add(((w.StartSeconds + w.EndSeconds) / 2, w.Fraction * 100));
        }

        html.Append(SvgLineChart.Render("GC CPU", "seconds", [new("per tenth of the trace (%)", "#a3d9a5", windows, Bars: true), new("runtime's since start (%)", "#27ae60", runtimeCpu)], y => y.ToString("0.#", CultureInfo.InvariantCulture) + "%"));
    }

    private static void Row(StringBuilder html, string label, string value) =>
        html.Append("<tr><th>").Append(E(label)).Append("</th><td>").Append(E(value)).Append("</td></tr>");

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
