using System.Globalization;
using System.Text;
using GoMem.Findings;
using GoMem.Gc.Analysis;
using static GoMem.Output.Text.HumanText;

namespace GoMem.Output.Gc;

/// <summary>Writes <c>gomem gc stats</c> for people: the same figures as the JSON, grouped by question.</summary>
public static class GcStatsTextRenderer
{
    public static void Write(TextWriter w, GcStatsReport r)
    {
        w.Write($"GC trace: {string.Join(", ", r.Sources)}\n");
        var runs = r.RunCount > 1 ? $" in {r.RunCount} runs (the cycle count restarted: several processes or a restart)" : "";
        var rate = r.GcPerMinute is { } perMinute ? $" ({Number(perMinute)} GCs/min)" : "";
        w.Write($"{r.GcCount} cycles over {Duration(r.WallSeconds)}{rate}{runs}, {r.Procs} P; {r.ForcedCount} forced, {r.PeriodicCount} periodic\n");
        w.Write("Settings, from the goals: " + Settings(r.Inferred) + "\n\n");

        var p = r.Pauses;
        w.Write("Stop-the-world pauses (sweep termination + mark termination)\n");
        w.Write($"  p50 {Duration(p.P50Seconds)}  p90 {Duration(p.P90Seconds)}  p99 {Duration(p.P99Seconds)}  max {Duration(p.MaxSeconds)} (gc {p.MaxCycle})  total {Duration(p.TotalSeconds)}\n");
        w.Write($"Concurrent mark: {Duration(r.ConcurrentMark.TotalSeconds)} in all, p50 {Duration(r.ConcurrentMark.P50Seconds)}, max {Duration(r.ConcurrentMark.MaxSeconds)}\n\n");

        var cpu = r.GcCpuFraction is { } fraction ? $"{Percent(fraction)} of {r.Procs} P over the trace" : "not measurable (one cycle)";
        w.Write($"GC CPU: {cpu} (the runtime's own figure since start: {r.RuntimeReportedPercent}%)\n");
        var c = r.Cpu;
        var mark = c.AssistSeconds + c.BackgroundSeconds + c.IdleSeconds;
        if (mark > 0)
        {
            w.Write($"  mark CPU {Duration(mark)}: assist {Percent(c.AssistSeconds / mark)}, background {Percent(c.BackgroundSeconds / mark)}, idle {Percent(c.IdleSeconds / mark)}; STW CPU {Duration(c.SweepTerminationSeconds + c.MarkTerminationSeconds)}\n");
        }

        if (r.GcCpuOverTime.Count > 0)
        {
            var over = new StringBuilder("  over time (tenths of the trace):");
            foreach (var window in r.GcCpuOverTime)
            {
                over.Append(' ').Append(Percent(window.Fraction));
            }

            w.Write(over.Append('\n').ToString());
        }

        var h = r.Heap;
        w.Write("\nHeap (the runtime prints whole MiB)\n");
        w.Write($"  peak {Bytes(h.PeakHeapBytes)} at end of mark; " + (h.PeakGoalBytes is { } goal ? $"highest goal {Bytes(goal)}\n" : "no goal (the GC was off)\n"));
        w.Write($"  median per cycle: {Bytes(h.MedianStartBytes)} at start, {Bytes(h.MedianEndOfMarkBytes)} at end of mark, {Bytes(h.MedianLiveBytes)} live\n");
        if (h.MaxStacksBytes is { } stacks)
        {
            w.Write($"  roots: stacks up to {Whole(stacks)}, globals up to {Whole(h.MaxGlobalsBytes ?? 0)}\n");
        }

        var t = r.LiveHeap;
        var verdict = t.Growing ? "growing" : "not growing steadily";
        w.Write($"  live heap: {Bytes(t.FirstBytes)} → {Bytes(t.LastBytes)}; over the later half of the cycles {Signed(t.SlopeBytesPerMinute)}/min ({(t.GrowthFraction >= 0 ? "+" : "")}{Percent(t.GrowthFraction)} in {Duration(t.WindowSeconds)}{(t.PValue is { } pv ? $", trend p={pv.ToString(pv < 0.001 ? "0.0e0" : "0.000", CultureInfo.InvariantCulture)}" : "")}): {verdict}\n");

        var rejoined = r.Noise.RejoinedCycles > 0 ? $"; {r.Noise.RejoinedCycles} cycle lines cut by application output, joined again" : "";
        w.Write($"\nOther lines: {r.Noise.OtherLines} of application output, {r.Noise.ScavengerLines} scavenger, {r.Noise.RuntimeLines} runtime; {r.UnparsedCount} unreadable{rejoined}\n");
        if (r.Findings.Count > 0)
        {
            w.Write("\nFindings:\n");
            foreach (var finding in r.Findings)
            {
                w.Write($"  {finding.Severity.Label()} [{finding.Code}] {finding.Title}\n");
                w.Write($"           {finding.Detail}\n");
            }
        }
    }

    private static string Settings(InferredSettings s)
    {
        var gogc = s.Gogc is { } g ? $"GOGC ≈ {g.ToString("0", CultureInfo.InvariantCulture)}"
            : s.GcOffCycles > 0 ? $"the GC off (GOGC=off, no memory limit) in {s.GcOffCycles} cycles"
            : "GOGC not measurable (off, or too few free cycles)";
        var limit = s.LimitBoundCycles > 0 ? $"a memory limit held {s.LimitBoundCycles} goals near {Bytes(s.LimitHeapGoalBytes ?? 0)}" : "no memory limit steering the goals";
        return gogc + "; " + limit;
    }

    /// <summary>A size the runtime printed in whole MiB: 0 means under one.</summary>
    private static string Whole(long bytes) => bytes == 0 ? "<1MB" : Bytes(bytes);

    private static string Number(double value) => value.ToString(value < 10 ? "0.0" : "#,0", CultureInfo.InvariantCulture);
}
