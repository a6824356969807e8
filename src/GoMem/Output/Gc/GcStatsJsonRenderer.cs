using System.Text.Json;
using GoMem.Findings;
using GoMem.Gc.Analysis;
using GoMem.Output.Json;

namespace GoMem.Output.Gc;

/// <summary>Writes <c>gomem gc stats</c> as JSON: bytes as integers, times in seconds, fractions 0..1.</summary>
public static class GcStatsJsonRenderer
{
    public static void Write(Stream stream, GcStatsReport r, bool timeline = false)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStringArray("sources", r.Sources);
        json.WriteNumber("runs", r.RunCount);
        json.WriteNumber("gcCount", r.GcCount);
        json.WriteNumber("forcedCount", r.ForcedCount);
        json.WriteNumber("periodicCount", r.PeriodicCount);
        json.WriteNumber("procs", r.Procs);
        json.WriteNumber("wallSeconds", r.WallSeconds);
        json.WriteNumberOrNull("gcPerMinute", r.GcPerMinute);
        json.WriteStartObject("pauses");
        json.WriteNumber("count", r.Pauses.Count);
        json.WriteNumber("p50Seconds", r.Pauses.P50Seconds);
        json.WriteNumber("p90Seconds", r.Pauses.P90Seconds);
        json.WriteNumber("p99Seconds", r.Pauses.P99Seconds);
        json.WriteNumber("maxSeconds", r.Pauses.MaxSeconds);
        json.WriteNumber("maxCycle", r.Pauses.MaxCycle);
        json.WriteNumber("totalSeconds", r.Pauses.TotalSeconds);
        json.WriteEndObject();
        json.WriteStartObject("concurrentMark");
        json.WriteNumber("totalSeconds", r.ConcurrentMark.TotalSeconds);
        json.WriteNumber("p50Seconds", r.ConcurrentMark.P50Seconds);
        json.WriteNumber("maxSeconds", r.ConcurrentMark.MaxSeconds);
        json.WriteEndObject();
        json.WriteStartObject("cpuSeconds");
        json.WriteNumber("sweepTermination", r.Cpu.SweepTerminationSeconds);
        json.WriteNumber("assist", r.Cpu.AssistSeconds);
        json.WriteNumber("background", r.Cpu.BackgroundSeconds);
        json.WriteNumber("idle", r.Cpu.IdleSeconds);
        json.WriteNumber("markTermination", r.Cpu.MarkTerminationSeconds);
        json.WriteEndObject();
        json.WriteNumber("assistFraction", r.Cpu.AssistFraction);
        json.WriteNumberOrNull("gcCpuFraction", r.GcCpuFraction);
        json.WriteNumber("runtimeReportedGcCpuPercent", r.RuntimeReportedPercent);
        json.WriteStartArray("gcCpuOverTime");
        foreach (var window in r.GcCpuOverTime)
        {
            json.WriteStartObject();
            json.WriteNumber("startSeconds", window.StartSeconds);
            json.WriteNumber("endSeconds", window.EndSeconds);
            json.WriteNumber("fraction", window.Fraction);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("peakHeapBytes", r.Heap.PeakHeapBytes);
        json.WriteNumberOrNull("peakGoalBytes", r.Heap.PeakGoalBytes);
        json.WriteStartObject("medianHeap");
        json.WriteNumber("startBytes", r.Heap.MedianStartBytes);
        json.WriteNumber("endOfMarkBytes", r.Heap.MedianEndOfMarkBytes);
        json.WriteNumber("liveBytes", r.Heap.MedianLiveBytes);
        json.WriteEndObject();
        json.WriteNumberOrNull("maxStacksBytes", r.Heap.MaxStacksBytes);
        json.WriteNumberOrNull("maxGlobalsBytes", r.Heap.MaxGlobalsBytes);
        json.WriteStartObject("liveHeap");
        json.WriteNumber("firstBytes", r.LiveHeap.FirstBytes);
        json.WriteNumber("lastBytes", r.LiveHeap.LastBytes);
        json.WriteNumber("slopeBytesPerMinute", Math.Round(r.LiveHeap.SlopeBytesPerMinute));
        json.WriteNumber("windowSeconds", r.LiveHeap.WindowSeconds);
        json.WriteNumber("growthFraction", r.LiveHeap.GrowthFraction);
        json.WriteNumberOrNull("pValue", r.LiveHeap.PValue);
        json.WriteBoolean("growing", r.LiveHeap.Growing);
        json.WriteEndObject();
        json.WriteStartObject("inferred");
        json.WriteNumberOrNull("gogc", r.Inferred.Gogc);
        json.WriteNumber("limitBoundCycles", r.Inferred.LimitBoundCycles);
        json.WriteNumber("gcOffCycles", r.Inferred.GcOffCycles);
        json.WriteNumberOrNull("limitHeapGoalBytes", r.Inferred.LimitHeapGoalBytes);
        json.WriteEndObject();
        json.WriteStartArray("findings");
        foreach (var f in r.Findings)
        {
            json.WriteStartObject();
            json.WriteString("severity", f.Severity.Name());
            json.WriteString("code", f.Code);
            json.WriteString("title", f.Title);
            json.WriteString("detail", f.Detail);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartObject("skippedLines");
        json.WriteNumber("application", r.Noise.OtherLines);
        json.WriteNumber("scavenger", r.Noise.ScavengerLines);
        json.WriteNumber("runtime", r.Noise.RuntimeLines);
        json.WriteNumber("unreadable", r.UnparsedCount);
        json.WriteNumber("rejoinedCycles", r.Noise.RejoinedCycles);
        json.WriteStartArray("unreadableLines");
        foreach (var line in r.Unparsed)
        {
            json.WriteStartObject();
            json.WriteString("source", line.Source);
            json.WriteNumber("line", line.LineNumber);
            json.WriteString("problem", line.Problem);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        if (timeline)
        {
            json.WriteStartArray("timeline");
            foreach (var point in r.Timeline)
            {
                json.WriteStartObject();
                json.WriteNumber("gc", point.Number);
                json.WriteNumber("seconds", point.Seconds);
                json.WriteNumber("heapStartBytes", point.HeapStartBytes);
                json.WriteNumber("heapEndBytes", point.HeapEndBytes);
                json.WriteNumber("liveBytes", point.LiveBytes);
                json.WriteNumberOrNull("goalBytes", point.GoalBytes);
                json.WriteNumber("pauseSeconds", point.PauseMs / 1000);
                json.WriteNumber("runtimeGcCpuPercent", point.RuntimePercent);
                json.WriteBoolean("forced", point.Forced);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }
}
