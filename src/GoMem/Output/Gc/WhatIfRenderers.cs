using System.Globalization;
using System.Text.Json;
using GoMem.Gc.WhatIf;
using GoMem.Output.Json;
using static GoMem.Output.Text.HumanText;

namespace GoMem.Output.Gc;

/// <summary><c>gomem gc whatif</c> for people and for machines, from the same report.</summary>
public static class WhatIfRenderers
{
    public static void WriteText(TextWriter w, WhatIfReport r)
    {
        var m = r.Workload;
        w.Write($"What if {Describe(r.Settings)} — replayed from {string.Join(", ", r.Sources)}\n\n");
        w.Write($"Workload learned from the trace: {Bytes((long)m.TotalAllocationBytes)} allocated over {m.Cycles} cycles ({Duration(m.WallSeconds)}), live heap {Bytes((long)m.RetainedLive[0])} → {Bytes((long)m.RetainedLive[^1])}, roots {Bytes((long)m.RootBytes)}\n");
        w.Write($"  allocates {m.MarkAllocationPerMarkedByte.ToString("0.00", CultureInfo.InvariantCulture)} bytes per byte marked while a mark runs; mark CPU {(m.MarkCpuSecondsPerByte * 1e9).ToString("0.00", CultureInfo.InvariantCulture)} ns per byte; {Duration(m.PauseSecondsPerCycle)} stop-the-world per cycle\n");
        var gogc = r.Baseline.Gogc is { } g ? $"GOGC ≈ {g.ToString("0", CultureInfo.InvariantCulture)}" : "GOGC unknown";
        w.Write($"Traced under {gogc}{(r.Baseline.LimitBoundCycles > 0 ? $", a memory limit steering {r.Baseline.LimitBoundCycles} cycles" : "")}; the model replayed at those settings gives {r.Backtest.GcCount} cycles (traced {r.Observed.GcCount}) and a peak of {Bytes((long)r.Backtest.PeakHeapBytes)} (traced {Bytes((long)r.Observed.PeakHeapBytes)})\n\n");
        var rows = new List<string[]>
        {
            new[] { "", "traced", "predicted", "range" },
            new[] { "GC cycles", Count(r.Observed.GcCount), Count(r.Predicted.GcCount), $"{Count(r.PredictedLow.GcCount)} – {Count(r.PredictedHigh.GcCount)}" },
            new[] { "peak heap", Bytes((long)r.Observed.PeakHeapBytes), Bytes((long)r.Predicted.PeakHeapBytes), $"{Bytes((long)r.PredictedLow.PeakHeapBytes)} – {Bytes((long)r.PredictedHigh.PeakHeapBytes)}" },
            new[] { "GC CPU", Percent(r.Observed.GcCpuFraction), Percent(r.Predicted.GcCpuFraction), $"{Percent(r.PredictedLow.GcCpuFraction)} – {Percent(r.PredictedHigh.GcCpuFraction)}" },
            new[] { "total STW", Duration(r.Observed.TotalStwSeconds), Duration(r.Predicted.TotalStwSeconds), $"{Duration(r.PredictedLow.TotalStwSeconds)} – {Duration(r.PredictedHigh.TotalStwSeconds)}" },
        };
        var widths = new int[4];
        foreach (var row in rows)
        {
            for (var i = 0; i < 4; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        foreach (var row in rows)
        {
            w.Write($"  {row[0].PadRight(widths[0])}  {row[1].PadLeft(widths[1])}  {row[2].PadLeft(widths[2])}  {row[3].PadLeft(widths[3])}".TrimEnd() + "\n");
        }

        if (r.Predicted.LimitBoundCycles > 0)
        {
            w.Write($"\nThe memory limit sets the goal in {r.Predicted.LimitBoundCycles} of {r.Predicted.GcCount} predicted cycles.\n");
        }

        w.Write("\nAssumptions:\n");
        foreach (var note in r.Assumptions)
        {
            w.Write("  - " + note + "\n");
        }
    }

    public static void WriteJson(Stream stream, WhatIfReport r)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStringArray("sources", r.Sources);
        json.WriteStartObject("settings");
        json.WriteNumberOrNull("gogc", r.Settings.Gogc);
        json.WriteNumberOrNull("memoryLimitBytes", r.Settings.MemoryLimitBytes);
        json.WriteNumberOrNull("nonHeapBytes", r.Settings.NonHeapBytes);
        json.WriteString("workload", r.Settings.Workload == WorkloadKind.Batch ? "batch" : "service");
        if (r.Settings.GoMinor is { } minor)
        {
            json.WriteString("goRelease", $"1.{minor}");
        }
        else
        {
            json.WriteNull("goRelease");
        }

        json.WriteEndObject();
        json.WriteStartObject("baseline");
        json.WriteNumberOrNull("inferredGogc", r.Baseline.Gogc);
        json.WriteNumber("limitBoundCycles", r.Baseline.LimitBoundCycles);
        json.WriteEndObject();
        Result(json, "traced", r.Observed);
        Result(json, "backtest", r.Backtest);
        Result(json, "predicted", r.Predicted);
        Result(json, "predictedLow", r.PredictedLow);
        Result(json, "predictedHigh", r.PredictedHigh);
        var m = r.Workload;
        json.WriteStartObject("workload");
        json.WriteNumber("allocatedBytes", Math.Round(m.TotalAllocationBytes));
        json.WriteNumber("firstLiveBytes", Math.Round(m.RetainedLive[0]));
        json.WriteNumber("lastLiveBytes", Math.Round(m.RetainedLive[^1]));
        json.WriteNumber("rootBytes", Math.Round(m.RootBytes));
        json.WriteNumber("markAllocationPerMarkedByte", m.MarkAllocationPerMarkedByte);
        json.WriteNumber("markCpuSecondsPerByte", m.MarkCpuSecondsPerByte);
        json.WriteNumber("pauseSecondsPerCycle", m.PauseSecondsPerCycle);
        json.WriteNumber("wallSeconds", m.WallSeconds);
        json.WriteNumber("procs", m.Procs);
        json.WriteEndObject();
        json.WriteStringArray("assumptions", r.Assumptions);
        json.WriteEndObject();
    }

    public static string Describe(PacerSettings s)
    {
        var gogc = s.Gogc is { } g ? "GOGC=" + g.ToString("0.##", CultureInfo.InvariantCulture) : "GOGC=off";
        var limit = s.MemoryLimitBytes is { } l ? " GOMEMLIMIT=" + Limit(l) : "";
        var release = s.GoMinor is { } minor ? $" (Go 1.{minor})" : "";
        return gogc + limit + release;
    }

    /// <summary>A limit as GOMEMLIMIT accepts it: the largest whole binary unit.</summary>
    public static string Limit(long bytes) => bytes switch
    {
        _ when bytes % (1L << 30) == 0 => $"{bytes >> 30}GiB",
        _ when bytes % (1L << 20) == 0 => $"{bytes >> 20}MiB",
        _ when bytes % (1L << 10) == 0 => $"{bytes >> 10}KiB",
        _ => $"{bytes}B",
    };

    private static void Result(Utf8JsonWriter json, string name, SimulationResult s)
    {
        json.WriteStartObject(name);
        json.WriteNumber("gcCount", s.GcCount);
        json.WriteNumber("peakHeapBytes", Math.Round(s.PeakHeapBytes));
        json.WriteNumber("gcCpuFraction", s.GcCpuFraction);
        json.WriteNumber("totalStwSeconds", s.TotalStwSeconds);
        json.WriteNumber("limitBoundCycles", s.LimitBoundCycles);
        json.WriteNumber("cpuLimiterCycles", s.LimiterCycles);
        json.WriteBoolean("unbounded", s.Unbounded);
        json.WriteEndObject();
    }

    private static string Count(int value) => value.ToString("#,0", CultureInfo.InvariantCulture);
}
