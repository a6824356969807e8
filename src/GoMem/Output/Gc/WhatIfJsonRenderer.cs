using System.Text.Json;
using GoMem.Gc.WhatIf;
using GoMem.Output.Json;

namespace GoMem.Output.Gc;

/// <summary><c>gomem gc whatif</c> for machines: the settings, the traced, backtest and predicted results, the workload model.</summary>
public static class WhatIfJsonRenderer
{
    public static void Write(Stream stream, WhatIfReport r)
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
        json.WriteNumber("gcOffCycles", r.Baseline.GcOffCycles);
        json.WriteEndObject();
        Result(json, "traced", r.Observed);
        if (r.Backtest is { } backtest)
        {
            Result(json, "backtest", backtest);
        }
        else
        {
            json.WriteNull("backtest");
        }

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
        json.WriteNumber("pacedCycles", m.PacedCycles);
        json.WriteEndObject();
        json.WriteStringArray("assumptions", r.Assumptions);
        json.WriteEndObject();
    }

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
}
