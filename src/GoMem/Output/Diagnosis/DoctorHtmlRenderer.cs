using System.Globalization;
using System.Text;
using GoMem.Diagnosis;
using GoMem.Findings;
using GoMem.Leaks;
using GoMem.Output.Html;
using GoMem.RuntimeStats.Breakdown;
using static GoMem.Output.Gc.GcSettingsText;
using static GoMem.Output.Text.HumanText;

namespace GoMem.Output.Diagnosis;

/// <summary>
/// <c>gomem doctor -o doctor.html</c>: one self-contained page (inline style pinned by its hash, no script, nothing
/// loaded) with the verdict, the findings most important first and a table per section, with the numbers of the text
/// report. Every name from a profile or a file is HTML-encoded.
/// </summary>
public static class DoctorHtmlRenderer
{
    private const string Style = """
        body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1000px;color:#222;padding:0 12px}
        h1{font-size:20px}h2{font-size:16px;margin-top:28px;border-bottom:1px solid #ddd}
        table{border-collapse:collapse}td,th{padding:3px 10px;border-bottom:1px solid #eee;text-align:left;vertical-align:top}
        td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        code{font-size:12px}.d1{padding-left:26px}.d2{padding-left:42px}.d3{padding-left:58px}
        .verdict{font-size:16px;font-weight:600;padding:8px 12px;border-radius:4px}
        .verdict.action{background:#fdecea}.verdict.healthy{background:#e8f5e9}
        .finding{border-left:4px solid #999;padding:4px 10px;margin:8px 0}
        .finding .code{color:#666;font-size:12px}
        .warning{border-color:#d68a00}.critical{border-color:#c0392b}.info{border-color:#3a7bd5}
        """;

    public static void Write(Stream stream, DoctorReport report)
    {
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
        h.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"").Append(HtmlPage.ContentSecurityPolicy(Style)).Append("\">\n");
        h.Append("<meta name=\"referrer\" content=\"no-referrer\">\n");
        h.Append("<title>gomem doctor: ").Append(E(report.Source)).Append("</title>\n<style>").Append(Style).Append("</style></head>\n<body>\n");
        h.Append("<h1>gomem doctor</h1>\n<p>").Append(E(report.Source)).Append(", ")
            .Append(report.Snapshots.ToString(CultureInfo.InvariantCulture)).Append(" snapshots over ").Append(E(Duration(report.SpanSeconds))).Append("</p>\n");
        h.Append("<p class=\"verdict ").Append(report.NeedsAction ? "action" : "healthy").Append("\">").Append(E(DoctorTextRenderer.Verdict(report))).Append("</p>\n");
        if (report.Findings.Count > 0)
        {
            h.Append("<h2>Findings, most important first</h2>\n");
            foreach (var f in report.Findings)
            {
                h.Append("<div class=\"finding ").Append(f.Finding.Severity.Name()).Append("\"><b>").Append(E(f.Finding.Title)).Append("</b> <span class=\"code\">")
                    .Append(E($"{f.Finding.Severity.Name()} · {f.Finding.Code} · {DoctorJsonRenderer.Name(f.Section)}")).Append("</span>");
                if (f.Finding.Detail is { Length: > 0 } detail)
                {
                    h.Append("<br>").Append(E(detail));
                }

                h.Append("</div>\n");
            }
        }

        if (report.Breakdown is { } breakdown)
        {
            Breakdown(h, breakdown);
        }

        if (report.Leaks is { } leaks)
        {
            Leaks(h, leaks);
        }

        Tables(h, report);
        if (report.Notes.Count > 0)
        {
            h.Append("<h2>Notes</h2>\n<ul>");
            foreach (var note in report.Notes)
            {
                h.Append("<li>").Append(E(note)).Append("</li>");
            }

            h.Append("</ul>\n");
        }

        h.Append("<p><small>Made by gomem doctor. Each section is what the gomem command named in its title says.</small></p>\n</body></html>\n");
        stream.Write(Encoding.UTF8.GetBytes(h.ToString()));
    }

    private static void Breakdown(StringBuilder h, MemoryBreakdown b)
    {
        h.Append("<h2>Memory breakdown (gomem explain)</h2>\n<table>");
        Node(h, b.Root, 0);
        h.Append("</table>\n");
    }

    private static void Node(StringBuilder h, BreakdownNode node, int depth)
    {
        var percent = node.PercentOfRss is { } p ? p.ToString("0.0", CultureInfo.InvariantCulture) + "%" : "";
        h.Append("<tr><td class=\"d").Append(Math.Min(depth, 3).ToString(CultureInfo.InvariantCulture)).Append("\">").Append(E(node.Label)).Append("</td><td class=\"n\">")
            .Append(E(Bytes(node.Bytes))).Append("</td><td class=\"n\">").Append(percent).Append("</td></tr>");
        foreach (var child in node.Children)
        {
            Node(h, child, depth + 1);
        }
    }

    private static void Leaks(StringBuilder h, LeakReport leaks)
    {
        h.Append("<h2>Leaks (gomem leak)</h2>\n<p>").Append(E($"{leaks.Snapshots} snapshots; tested {leaks.HeapSitesTested} heap sites, {leaks.GoroutineGroupsTested} goroutine groups, live heap, goroutines, RSS")).Append("</p>\n");
        if (leaks.Findings.Count == 0)
        {
            h.Append("<p>Nothing grows.</p>\n");
            return;
        }

        h.Append("<table><tr><th>what</th><th>where</th><th>per minute</th><th>first → last</th><th>p</th></tr>");
        foreach (var f in leaks.Findings)
        {
            var where = f.File.Length > 0 ? $"{f.File}:{f.Line.ToString(CultureInfo.InvariantCulture)}" : "";
            Row(h, [$"{f.Kind.ToString().ToLowerInvariant()} {f.Site}", where, Amount(f.Trend.SlopePerMinute, f.Unit, signed: true), $"{Amount(f.Trend.FirstValue, f.Unit, false)} → {Amount(f.Trend.LastValue, f.Unit, false)}", f.Trend.PValue.ToString("0.##e0", CultureInfo.InvariantCulture)]);
        }

        h.Append("</table>\n");
    }

    private static void Tables(StringBuilder h, DoctorReport report)
    {
        if (report.Churn is { } churn)
        {
            h.Append("<h2>Churn vs retention (gomem top --compare-alloc)</h2>\n<p>").Append(E($"Allocated {Bytes(churn.TotalAllocSpace)} since start; {Bytes(churn.TotalInuseSpace)} in use at the last GC.")).Append("</p>\n");
            h.Append("<table><tr><th>function</th><th>alloc_space</th><th>inuse_space</th><th>verdict</th></tr>");
            foreach (var row in churn.Rows)
            {
                Row(h, [row.Name, Bytes(row.AllocSpace), Bytes(row.InuseSpace), row.Verdict == GoMem.Profiles.Analysis.MemoryVerdict.None ? "" : row.Verdict.ToString().ToLowerInvariant()]);
            }

            h.Append("</table>\n");
        }

        if (report.Goroutines is { } g)
        {
            h.Append("<h2>Goroutine groups (gomem goroutines)</h2>\n<p>").Append(E($"{g.Total} goroutines; {g.Shown} shown in {g.Groups.Count} groups")).Append("</p>\n");
            h.Append("<table><tr><th>count</th><th>parked in</th><th>created by</th></tr>");
            foreach (var group in g.Groups)
            {
                Row(h, [group.Count.ToString(CultureInfo.InvariantCulture), group.TopFunction, group.CreatedBy?.ToString() ?? ""]);
            }

            h.Append("</table>\n");
        }

        if (report.Gc is { } gc)
        {
            h.Append("<h2>GC</h2>\n<ul>");
            foreach (var line in DoctorTextRenderer.GcLines(gc))
            {
                h.Append("<li>").Append(E(line)).Append("</li>");
            }

            h.Append("</ul>\n");
        }

        if (report.Tuning is { } t)
        {
            h.Append("<h2>GOGC and GOMEMLIMIT (gomem gc tune)</h2>\n<table>");
            Row(h, ["limit", $"{Bytes(t.Container.LimitBytes ?? 0)} ({t.Container.Source})"]);
            Row(h, [$"GOMEMLIMIT={Limit(t.GoMemLimitBytes)}", t.GoMemLimitRule]);
            Row(h, [$"GOGC={Gogc(t.Gogc)}", t.GogcRule]);
            h.Append("</table>\n");
        }
    }

    private static void Row(StringBuilder h, string[] cells)
    {
        h.Append("<tr>");
        foreach (var cell in cells)
        {
            h.Append("<td>").Append(E(cell)).Append("</td>");
        }

        h.Append("</tr>");
    }

    private static string Amount(double value, string unit, bool signed) => unit == "bytes"
        ? (signed ? Signed(value) : Bytes((long)Math.Round(value)))
        : (signed && value >= 0 ? "+" : "") + value.ToString("0.#", CultureInfo.InvariantCulture);

    private static string E(string text) => HtmlPage.Encode(text);
}
