using GoMem.Gc.Model;
using GoMem.IO;
using GoMem.Statistics;

namespace GoMem.Gc.Analysis;

/// <summary>The statistics of <c>gomem gc stats</c>, computed from a parsed trace: pure and deterministic.</summary>
public static class GcStatsAnalysis
{
    /// <summary>How many stretches the trace is cut into for "GC CPU over time".</summary>
    public const int CpuWindows = 10;

    public static GcStatsReport Analyze(GcTrace trace)
    {
        var cycles = AllCycles(trace);
        if (cycles.Count == 0)
        {
            throw new BadInputException(string.Join(", ", trace.Sources), "a GC trace with no cycle has no statistics");
        }

        var wallSeconds = 0.0;
        var capacityCpuSeconds = 0.0;
        foreach (var run in trace.Runs)
        {
            wallSeconds += run.SpanSeconds;
            capacityCpuSeconds += run.SpanSeconds * run.Cycles[^1].Procs;
        }

        var charged = 0.0;
        double sweep = 0, assist = 0, background = 0, idle = 0, markTermination = 0;
        var forced = 0;
        var periodic = 0;
        var pauses = new double[cycles.Count];
        var marks = new double[cycles.Count];
        var starts = new double[cycles.Count];
        var ends = new double[cycles.Count];
        var lives = new double[cycles.Count];
        long peakHeap = 0;
        long? peakGoal = null;
        long? maxStacks = null, maxGlobals = null;
        long maxPauseCycle = 0;
        var maxPause = -1.0;
        for (var i = 0; i < cycles.Count; i++)
        {
            var cycle = cycles[i];
            charged += cycle.ChargedCpuMs;
            sweep += cycle.SweepTerminationCpuMs;
            assist += cycle.AssistCpuMs;
            background += cycle.BackgroundCpuMs;
            idle += cycle.IdleCpuMs;
            markTermination += cycle.MarkTerminationCpuMs;
            forced += cycle.Trigger == GcTrigger.Forced ? 1 : 0;
            periodic += cycle.Trigger == GcTrigger.Periodic ? 1 : 0;
            pauses[i] = cycle.PauseMs / 1000;
            marks[i] = cycle.ConcurrentMarkMs / 1000;
            starts[i] = cycle.HeapStartBytes;
            ends[i] = cycle.HeapEndBytes;
            lives[i] = cycle.LiveBytes;
            peakHeap = Math.Max(peakHeap, cycle.HeapEndBytes);
            peakGoal = cycle.HasGoal ? Math.Max(peakGoal ?? 0, (long)cycle.GoalBytes) : peakGoal;
            maxStacks = cycle.StacksBytes is { } s ? Math.Max(maxStacks ?? 0, s) : maxStacks;
            maxGlobals = cycle.GlobalsBytes is { } g ? Math.Max(maxGlobals ?? 0, g) : maxGlobals;
            if (pauses[i] > maxPause)
            {
                maxPause = pauses[i];
                maxPauseCycle = cycle.Number;
            }
        }

        var pauseTotal = Sum(pauses);
        var markTotal = Sum(marks);
        Array.Sort(pauses);
        Array.Sort(marks);
        var markCpu = assist + background + idle;
        var last = cycles[^1];
        var timeline = Timeline(trace);
        var report = new GcStatsReport(
            trace.Sources,
            trace.Runs.Count,
            cycles.Count,
            forced,
            periodic,
            last.Procs,
            wallSeconds,
            cycles.Count > 1 && wallSeconds > 0 ? (cycles.Count - trace.Runs.Count) / wallSeconds * 60 : null,
            new PauseSummary(cycles.Count, Quantiles.OfSorted(pauses, 0.5), Quantiles.OfSorted(pauses, 0.9), Quantiles.OfSorted(pauses, 0.99), pauses[^1], pauseTotal, maxPauseCycle),
            new MarkSummary(markTotal, Quantiles.OfSorted(marks, 0.5), marks[^1]),
            new GcCpuSplit(sweep / 1000, assist / 1000, background / 1000, idle / 1000, markTermination / 1000, markCpu > 0 ? assist / markCpu : 0),
            capacityCpuSeconds > 0 ? charged / 1000 / capacityCpuSeconds : null,
            last.CpuPercentSinceStart,
            CpuOverTime(trace, timeline),
            new HeapSummary(peakHeap, peakGoal, (long)Quantiles.Of(starts, 0.5), (long)Quantiles.Of(ends, 0.5), (long)Quantiles.Of(lives, 0.5), maxStacks, maxGlobals),
            LiveTrend(trace),
            GcSettingsInference.Infer(trace.Runs),
            [],
            trace.Noise,
            trace.UnparsedCount,
            trace.UnparsedSamples,
            timeline);
        return report with { Findings = GcFindings.For(report) };
    }

    /// <summary>
    /// The cycles of every run in order. A single run (the usual case) is used as it is: copying a million cycles
    /// cost 168 MB. The concrete list type matters too: indexing through IReadOnlyList made the loops below 50% slower.
    /// </summary>
    private static List<GcCycle> AllCycles(GcTrace trace)
    {
        if (trace.Runs is [{ Cycles: List<GcCycle> only }])
        {
            return only;
        }

        var all = new List<GcCycle>(trace.CycleCount);
        foreach (var run in trace.Runs)
        {
            all.AddRange(run.Cycles);
        }

        return all;
    }

    /// <summary>Every cycle on one time axis: runs laid end to end, each from its first cycle.</summary>
    private static List<GcTimelinePoint> Timeline(GcTrace trace)
    {
        var points = new List<GcTimelinePoint>(trace.CycleCount);
        var offset = 0.0;
        foreach (var run in trace.Runs)
        {
            var origin = run.Cycles[0].StartSeconds;
            foreach (var c in run.Cycles)
            {
                points.Add(new GcTimelinePoint(c.Number, offset + c.StartSeconds - origin, c.HeapStartBytes, c.HeapEndBytes, c.LiveBytes, c.HasGoal ? (long)c.GoalBytes : null, c.PauseMs, c.CpuPercentSinceStart, c.Trigger != GcTrigger.Heap));
            }

            offset += run.SpanSeconds;
        }

        return points;
    }

    /// <summary>GC CPU (as the runtime charges it) over capacity (wall × P), in equal stretches of the timeline.</summary>
    private static List<GcCpuWindow> CpuOverTime(GcTrace trace, List<GcTimelinePoint> timeline)
    {
        var windows = new List<GcCpuWindow>();
        var total = 0.0;
        foreach (var run in trace.Runs)
        {
            total += run.SpanSeconds;
        }

        if (total <= 0 || timeline.Count < 2)
        {
            return windows;
        }

        var width = total / CpuWindows;
        var charged = new double[CpuWindows];
        var procs = trace.Runs[^1].Cycles[^1].Procs;
        var index = 0;
        foreach (var run in trace.Runs)
        {
            foreach (var cycle in run.Cycles)
            {
                var slot = Math.Min(CpuWindows - 1, (int)(timeline[index++].Seconds / width));
                charged[slot] += cycle.ChargedCpuMs / 1000;
            }
        }

        for (var i = 0; i < CpuWindows; i++)
        {
            windows.Add(new GcCpuWindow(i * width, (i + 1) * width, charged[i] / (width * procs)));
        }

        return windows;
    }

    /// <summary>
    /// The live heap's current trend, in the longest run (a restart resets the heap, so runs are not mixed). Each
    /// cycle's marked heap includes what was allocated while it marked (allocate-black), which swings with the mark's
    /// duration, so that allocation is taken off first. Then, over the later half of the cycles (a warm-up that fills
    /// caches and levels off is not growth): the Theil–Sen slope, robust to the odd slow cycle, and the Mann–Kendall
    /// test. Growing means a significant upward trend (p &lt; 0.05) that adds at least 10% of the level over that half.
    /// Long runs are thinned to 1,000 evenly spaced cycles.
    /// </summary>
    private static LiveHeapTrend LiveTrend(GcTrace trace)
    {
        var run = trace.Runs[0];
        foreach (var candidate in trace.Runs)
        {
            run = candidate.Cycles.Count > run.Cycles.Count ? candidate : run;
        }

        var cycles = run.Cycles;
        var first = cycles[0].LiveBytes;
        var lastLive = cycles[^1].LiveBytes;
        // The later half of the cycles: cycles come fastest while the heap is small, so this leaves the warm-up out.
        var from = cycles.Count / 2;

        var step = Math.Max(1, (cycles.Count - from) / 1000);
        var times = new List<double>();
        var levels = new List<double>();
        for (var i = from; i < cycles.Count; i += step)
        {
            var c = cycles[i];
            times.Add(c.StartSeconds);
            levels.Add(Math.Max(0, c.LiveBytes - Math.Max(0, c.HeapEndBytes - c.HeapStartBytes)));
        }

        if (times.Count < 4)
        {
            return new LiveHeapTrend(first, lastLive, 0, times.Count > 0 ? times[^1] - times[0] : 0, 0, null, false);
        }

        var x = times.ToArray();
        var y = levels.ToArray();
        var slopePerSecond = TheilSen.Fit(x, y).Slope;
        var trend = MannKendall.Test(x, y);
        var window = x[^1] - x[0];
        var sorted = levels.ToArray();
        Array.Sort(sorted);
        var level = Math.Max(Quantiles.MedianOfSorted(sorted), 1);
        var growth = slopePerSecond * window / level;
        return new LiveHeapTrend(first, lastLive, slopePerSecond * 60, window, growth, trend.PIncreasing, growth >= 0.10 && trend.PIncreasing < 0.05);
    }

    private static double Sum(double[] values)
    {
        var sum = 0.0;
        foreach (var v in values)
        {
            sum += v;
        }

        return sum;
    }
}
