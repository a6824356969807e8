using System.Globalization;
using GoMem.Gc.WhatIf;
using GoMem.Output.Text;
using static GoMem.Output.Gc.GcSettingsText;
using static GoMem.Output.Text.HumanText;
using static GoMem.Output.Text.TextTable;

namespace GoMem.Output.Gc;

/// <summary><c>gomem gc whatif</c> for people: the workload learned, traced against predicted, and the assumptions.</summary>
public static class WhatIfTextRenderer
{
    /// <summary>The figure's name, then traced, predicted and the predicted range, right-aligned.</summary>
    private static readonly TextColumn[] Columns = [new(Align.Left, "  "), new(Align.Right, "  "), new(Align.Right, "  "), new(Align.Right, "  ")];

    public static void Write(TextWriter w, WhatIfReport r)
    {
        var m = r.Workload;
        w.Write($"What if {Describe(r.Settings)} — replayed from {string.Join(", ", r.Sources)}\n\n");
        w.Write($"Workload learned from the trace: {Bytes((long)m.TotalAllocationBytes)} allocated over {m.Cycles} cycles ({Duration(m.WallSeconds)}), live heap {Bytes((long)m.RetainedLive[0])} → {Bytes((long)m.RetainedLive[^1])}, roots {Bytes((long)m.RootBytes)}\n");
        w.Write($"  allocates {m.MarkAllocationPerMarkedByte.ToString("0.00", CultureInfo.InvariantCulture)} bytes per byte marked while a mark runs; mark CPU {(m.MarkCpuSecondsPerByte * 1e9).ToString("0.00", CultureInfo.InvariantCulture)} ns per byte; {Duration(m.PauseSecondsPerCycle)} stop-the-world per cycle\n");
        var gogc = r.Baseline.Gogc is { } g ? $"GOGC ≈ {g.ToString("0", CultureInfo.InvariantCulture)}"
            : r.Baseline.GcOffCycles > 0 ? "the GC off (GOGC=off, no memory limit)" : "GOGC unknown";
        var backtest = r.Backtest is { } b
            ? $"the model replayed at those settings gives {b.GcCount} cycles (traced {r.Observed.GcCount}) and a peak of {Bytes((long)b.PeakHeapBytes)} (traced {Bytes((long)r.Observed.PeakHeapBytes)})"
            : $"its {r.Observed.GcCount} cycles were all forced by the program, which no replay of the pacer reproduces (no backtest)";
        w.Write($"Traced under {gogc}{(r.Baseline.LimitBoundCycles > 0 ? $", a memory limit steering {r.Baseline.LimitBoundCycles} cycles" : "")}; {backtest}\n\n");
        new TextTable(Columns)
            .AddRow("", "traced", "predicted", "range")
            .AddRow("GC cycles", Count(r.Observed.GcCount), Count(r.Predicted.GcCount), $"{Count(r.PredictedLow.GcCount)} – {Count(r.PredictedHigh.GcCount)}")
            .AddRow("peak heap", Bytes((long)r.Observed.PeakHeapBytes), Bytes((long)r.Predicted.PeakHeapBytes), $"{Bytes((long)r.PredictedLow.PeakHeapBytes)} – {Bytes((long)r.PredictedHigh.PeakHeapBytes)}")
            .AddRow("GC CPU", Percent(r.Observed.GcCpuFraction), Percent(r.Predicted.GcCpuFraction), $"{Percent(r.PredictedLow.GcCpuFraction)} – {Percent(r.PredictedHigh.GcCpuFraction)}")
            .AddRow("total STW", Duration(r.Observed.TotalStwSeconds), Duration(r.Predicted.TotalStwSeconds), $"{Duration(r.PredictedLow.TotalStwSeconds)} – {Duration(r.PredictedHigh.TotalStwSeconds)}")
            .WriteTo(w);

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

    /// <summary>The settings replayed, as they would be set: "GOGC=50 GOMEMLIMIT=1GiB (Go 1.21)".</summary>
    private static string Describe(PacerSettings s)
    {
        var gogc = s.Gogc is { } g ? "GOGC=" + g.ToString("0.##", CultureInfo.InvariantCulture) : "GOGC=off";
        var limit = s.MemoryLimitBytes is { } l ? " GOMEMLIMIT=" + GoSize(l) : "";
        var release = s.GoMinor is { } minor ? $" (Go 1.{minor})" : "";
        return gogc + limit + release;
    }

    private static string Count(int value) => value.ToString("#,0", CultureInfo.InvariantCulture);
}
