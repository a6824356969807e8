using System.Globalization;
using GoMem.Leaks;

namespace GoMem.Output.Leaks;

/// <summary>Writes a <see cref="LeakReport"/> for people: one block per finding, then the verdict.</summary>
public static class LeakTextRenderer
{
    public static void Write(TextWriter writer, LeakReport report)
    {
        var c = CultureInfo.InvariantCulture;
        writer.WriteLine($"Leak check: {report.Snapshots.ToString(c)} snapshots over {Duration(report.SpanSeconds)} (times from {SeriesAnalysis.Describe(report.TimeSource)}); tested {report.HeapSitesTested.ToString(c)} heap sites, {report.GoroutineGroupsTested.ToString(c)} goroutine groups, live heap, goroutines, RSS");
        foreach (var skipped in report.Skipped)
        {
            writer.WriteLine($"Skipped: {skipped.Problem}");
        }

        foreach (var note in report.Notes)
        {
            writer.WriteLine("Note: " + note);
        }

        foreach (var finding in report.Findings)
        {
            writer.WriteLine();
            var where = finding.File.Length > 0 ? $"  {finding.File}:{finding.Line.ToString(c)}" : "";
            writer.WriteLine(finding.Kind == LeakKind.Process ? $"LEAK {Kind(finding)}" : $"LEAK {Kind(finding)}: {finding.Site}{where}");
            var t = finding.Trend;
            writer.WriteLine($"  {Amount(t.SlopePerMinute, finding.Unit, signed: true)}/min (95% CI {Amount(t.LowSlopePerMinute, finding.Unit, true)}/min to {Amount(t.HighSlopePerMinute, finding.Unit, true)}/min), p = {PValue(t.PValue)}; {Amount(t.FirstValue, finding.Unit, false)} -> {Amount(t.LastValue, finding.Unit, false)}");
            if (finding.Objects is { } o)
            {
                writer.WriteLine($"  objects {Amount(o.SlopePerMinute, "objects", true)}/min, p = {PValue(o.PValue)}; {o.FirstValue.ToString(c)} -> {o.LastValue.ToString(c)}");
            }

            if (finding.States.Count > 0)
            {
                var states = string.Join(", ", finding.States.Select(s => $"{s.State} {s.Count.ToString(c)}"));
                var wait = finding.MaxWaitMinutes is { } m ? $", waiting up to {m.ToString(c)} min" : "";
                writer.WriteLine($"  states in the last dump: {states}{wait}");
            }

            if (finding.SecondsToLimit is { } seconds)
            {
                writer.WriteLine(seconds <= 0 ? "  already over --limit" : $"  reaches --limit {Amount(report.LimitBytes ?? 0, "bytes", false)} in {Duration(seconds)} at this rate");
            }

            foreach (var frame in finding.Stack.Take(12))
            {
                writer.WriteLine($"    {frame.Function}  {frame.File}:{frame.Line.ToString(c)}");
            }

            if (finding.Stack.Count > 12)
            {
                writer.WriteLine($"    ... {(finding.Stack.Count - 12).ToString(c)} more frames (--format json has them all)");
            }

            if (finding.CreatedBy is { } creator)
            {
                writer.WriteLine($"  created by {creator.Function}  {creator.File}:{creator.Line.ToString(c)}");
            }
        }

        writer.WriteLine();
        writer.WriteLine(report.Findings.Count == 0
            ? "No leak: nothing grows significantly and steadily (churn and caches that plateau are not leaks)."
            : $"{report.Findings.Count.ToString(c)} leak finding{(report.Findings.Count == 1 ? "" : "s")}.");
    }

    private static string Kind(LeakFinding finding) => finding.Kind switch
    {
        LeakKind.Heap => "heap site",
        LeakKind.Goroutine => "goroutines",
        _ => finding.Metric switch
        {
            "live_heap" => "process live heap",
            "rss" => "process RSS",
            _ => "process goroutines",
        },
    };

    private static string PValue(double p) => p < 0.0001 ? p.ToString("0.0e+0", CultureInfo.InvariantCulture) : p.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Amount(double value, string unit, bool signed)
    {
        var sign = signed && value > 0 ? "+" : "";
        if (unit != "bytes")
        {
            return sign + value.ToString(Math.Abs(value) >= 100 ? "0" : "0.#", CultureInfo.InvariantCulture) + (unit == "goroutines" ? " goroutines" : "");
        }

        var abs = Math.Abs(value);
        var (scaled, suffix) = abs >= 1 << 30 ? (value / (1 << 30), "GiB") : abs >= 1 << 20 ? (value / (1 << 20), "MiB") : abs >= 1 << 10 ? (value / 1024, "KiB") : (value, "B");
        return sign + scaled.ToString("0.##", CultureInfo.InvariantCulture) + " " + suffix;
    }

    private static string Duration(double seconds)
    {
        var c = CultureInfo.InvariantCulture;
        return seconds switch
        {
            < 120 => seconds.ToString("0.#", c) + " s",
            < 7200 => (seconds / 60).ToString("0.#", c) + " min",
            < 172800 => (seconds / 3600).ToString("0.#", c) + " h",
            _ => (seconds / 86400).ToString("0.#", c) + " days",
        };
    }
}
