using System.Globalization;
using GoMem.Findings;
using GoMem.Gc.Tuning;
using GoMem.Output.Text;
using static GoMem.Output.Gc.GcSettingsText;
using static GoMem.Output.Text.HumanText;
using static GoMem.Output.Text.TextTable;

namespace GoMem.Output.Gc;

/// <summary><c>gomem gc tune</c> for people: the advice per container, with the lines to paste.</summary>
public static class TuneTextRenderer
{
    /// <summary>GOGC, GCs, peak heap, GC CPU, limit-steered cycles, then the notes of a row.</summary>
    private static readonly TextColumn[] CandidateColumns =
    [
        new(Align.Left, "  ", 5, Fixed: true),
        new(Align.Right, " ", 6, Fixed: true),
        new(Align.Right, "  ", 10, Fixed: true),
        new(Align.Right, "  ", 7, Fixed: true),
        new(Align.Right, "   ", 6, Fixed: true),
        new(Align.Left),
    ];

    public static void Write(TextWriter w, IReadOnlyList<TuningAdvice> advice)
    {
        for (var i = 0; i < advice.Count; i++)
        {
            if (i > 0)
            {
                w.Write("\n" + new string('─', 72) + "\n\n");
            }

            Write(w, advice[i]);
        }
    }

    private static void Write(TextWriter w, TuningAdvice a)
    {
        var c = a.Container;
        w.Write($"{c.Name} ({c.Source})\n");
        var request = c.RequestBytes is { } r ? $", request {Bytes(r)}" : "";
        var current = c.EnvironmentKnown ? $"; now GOMEMLIMIT={c.GoMemLimit ?? "unset"}, GOGC={c.Gogc ?? "unset"}" : "";
        w.Write($"  limit {Bytes(c.LimitBytes ?? 0)}{request}{current}; goal: {a.Goal.ToString().ToLowerInvariant()}\n\n");
        w.Write("Recommended:\n");
        w.Write($"  GOMEMLIMIT={HumanText.GoSize(a.GoMemLimitBytes)}  — {a.GoMemLimitRule}\n");
        w.Write($"  GOGC={Gogc(a.Gogc)}  — {a.GogcRule}\n");
        w.Write($"  heap budget under GOMEMLIMIT: about {Bytes(a.HeapBudgetBytes)}\n");
        if (a.Candidates.Count > 0)
        {
            w.Write($"\nCandidates replayed on the trace, under GOMEMLIMIT={HumanText.GoSize(a.GoMemLimitBytes)}:\n");
            var table = new TextTable(CandidateColumns).AddRow("GOGC", "GCs", "peak heap", "GC CPU", "limit-steered");
            foreach (var candidate in a.Candidates)
            {
                var p = candidate.Prediction;
                var limiter = p.LimiterCycles > 0 ? " (CPU limiter)" : "";
                var mark = candidate.Gogc == a.Gogc ? " ◀" : "";
                table.AddRow(
                    Gogc(candidate.Gogc),
                    p.GcCount.ToString(CultureInfo.InvariantCulture),
                    Bytes((long)p.PeakHeapBytes),
                    Percent(p.GcCpuFraction),
                    p.LimitBoundCycles.ToString(CultureInfo.InvariantCulture),
                    limiter + mark);
            }

            table.WriteTo(w);
        }

        if (a.Warnings.Count > 0)
        {
            w.Write("\nWarnings:\n");
            foreach (var warning in a.Warnings)
            {
                w.Write($"  {warning.Severity.Label()} [{warning.Code}] {warning.Title}\n");
            }
        }

        w.Write("\nEnvironment:\n");
        w.Write($"  GOMEMLIMIT={HumanText.GoSize(a.GoMemLimitBytes)}\n  GOGC={Gogc(a.Gogc)}\n");
        w.Write("\nGo, at the start of main (import \"runtime/debug\"):\n");
        w.Write($"  debug.SetMemoryLimit({GoBytes(a.GoMemLimitBytes)})\n  debug.SetGCPercent({(a.Gogc is { } g ? g.ToString("0", CultureInfo.InvariantCulture) : "-1")})\n");
        w.Write($"\nKubernetes{(c.ManifestPath is { } where ? $" ({where})" : "")}, in the container:\n");
        w.Write(KubernetesEnv(a));
    }

    /// <summary>A byte count as Go source: shifts for whole MiB or GiB, so the number reads at a glance.</summary>
    private static string GoBytes(long bytes) => bytes % (1L << 30) == 0 ? $"{bytes >> 30} << 30" : bytes % (1L << 20) == 0 ? $"{bytes >> 20} << 20" : bytes.ToString(CultureInfo.InvariantCulture);
}
