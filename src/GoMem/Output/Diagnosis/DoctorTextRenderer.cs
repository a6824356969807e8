using System.Globalization;
using GoMem.Diagnosis;
using GoMem.Findings;
using GoMem.Output.Gc;
using GoMem.Output.Goroutines;
using GoMem.Output.Leaks;
using GoMem.Output.Profiles;
using GoMem.Output.RuntimeStats;
using static GoMem.Output.Text.HumanText;

namespace GoMem.Output.Diagnosis;

/// <summary>
/// Writes a <see cref="DoctorReport"/> for people: the verdict, every finding most important first, then each
/// section as the command that owns it writes it (explain, leak, top --compare-alloc, goroutines, gc tune), so the
/// numbers are those of that command.
/// </summary>
public static class DoctorTextRenderer
{
    public static void Write(TextWriter w, DoctorReport report, TimeZoneInfo zone)
    {
        var c = CultureInfo.InvariantCulture;
        w.WriteLine($"Doctor: {report.Source}, {report.Snapshots.ToString(c)} snapshots over {Duration(report.SpanSeconds)}");
        w.WriteLine("Verdict: " + Verdict(report));
        if (report.Findings.Count > 0)
        {
            w.WriteLine();
            w.WriteLine("Findings, most important first:");
            foreach (var f in report.Findings)
            {
                w.WriteLine($"  {f.Finding.Severity.Label()} [{f.Finding.Code}] {f.Finding.Title}");
                if (f.Finding.Detail is { Length: > 0 } detail)
                {
                    w.WriteLine($"           {detail}");
                }
            }
        }

        if (report.Breakdown is { } breakdown)
        {
            Section(w, "Memory breakdown (as gomem explain: the last snapshot, rates across the window)");
            BreakdownTextRenderer.Write(w, breakdown);
        }

        if (report.Leaks is { } leaks)
        {
            Section(w, "Leaks (as gomem leak)");
            LeakTextRenderer.Write(w, leaks);
        }

        if (report.Churn is { } churn)
        {
            Section(w, "Churn vs retention (as gomem top --compare-alloc: the last heap profile)");
            AllocRetentionTextRenderer.Write(w, churn, zone);
        }

        if (report.Goroutines is { } goroutines)
        {
            Section(w, "Goroutine groups (as gomem goroutines: the last dump)");
            GoroutineTextRenderer.Write(w, goroutines);
        }

        if (report.Gc is { } gc)
        {
            Section(w, "GC");
            foreach (var line in GcLines(gc))
            {
                w.WriteLine(line);
            }
        }

        if (report.Tuning is { } tuning)
        {
            Section(w, "GOGC and GOMEMLIMIT (as gomem gc tune)");
            TuneTextRenderer.Write(w, [tuning]);
        }

        if (report.Notes.Count > 0)
        {
            Section(w, "Notes");
            foreach (var note in report.Notes)
            {
                w.WriteLine("  " + note);
            }
        }
    }

    /// <summary>"needs action: 2 critical, 1 warning" or "healthy: nothing needs action (3 remarks)".</summary>
    public static string Verdict(DoctorReport report)
    {
        var critical = report.Findings.Count(f => f.Finding.Severity == Severity.Critical);
        var warnings = report.Findings.Count(f => f.Finding.Severity == Severity.Warning);
        var info = report.Findings.Count - critical - warnings;
        var remarks = info > 0 ? $" ({Count(info, "remark")})" : "";
        if (!report.NeedsAction)
        {
            return "healthy: nothing needs action" + remarks;
        }

        var parts = new List<string>(2);
        if (critical > 0)
        {
            parts.Add(critical.ToString(CultureInfo.InvariantCulture) + " critical");
        }

        if (warnings > 0)
        {
            parts.Add(Count(warnings, "warning"));
        }

        return "needs action: " + string.Join(", ", parts) + remarks;
    }

    /// <summary>The GC figures as lines of text (the HTML page shows the same ones).</summary>
    public static IEnumerable<string> GcLines(DoctorGcFigures gc)
    {
        var c = CultureInfo.InvariantCulture;
        var cpu = gc.GcCpuFraction is { } f ? $"GC CPU {Percent(f)} since the process started" : "GC CPU not reported";
        var rate = gc.GcPerMinute is { } m ? $"; {m.ToString("0.##", c)} GCs per minute across the window" : "";
        var alloc = gc.AllocBytesPerSecond is { } a ? $"; allocation {Bytes((long)Math.Round(a))}/s" : "";
        yield return cpu + rate + alloc;
        if (gc.Pauses is { } p)
        {
            var p99 = p.P99Seconds is { } q ? $", p99 {Duration(q)}" : "";
            yield return $"Pauses (last {p.Count.ToString(c)}, from {p.Source}): p50 {Duration(p.P50Seconds)}{p99}, max {Duration(p.MaxSeconds)}";
        }

        var gogc = gc.GogcPercent switch
        {
            null => "not reported",
            < 0 => "off",
            { } percent => percent.ToString("0", c),
        };
        var limit = gc.GoMemLimitBytes switch
        {
            null => "not reported",
            long.MaxValue => "not set",
            { } bytes => Bytes(bytes),
        };
        yield return $"Next GC at {Bytes(gc.NextGcBytes)}; GOGC {gogc}; GOMEMLIMIT {limit}";
    }

    private static string Count(int n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? "" : "s");

    private static void Section(TextWriter w, string title)
    {
        w.WriteLine();
        w.WriteLine("── " + title + " " + new string('─', Math.Max(3, 100 - title.Length)));
        w.WriteLine();
    }
}
