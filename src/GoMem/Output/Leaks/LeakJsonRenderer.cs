using System.Text.Json;
using GoMem.Leaks;
using GoMem.Output.Goroutines;
using GoMem.Output.Json;

namespace GoMem.Output.Leaks;

/// <summary>Writes a <see cref="LeakReport"/> as JSON: the finding fields the README documents, plus the trend details and the series' notes.</summary>
public static class LeakJsonRenderer
{
    public static void Write(Stream stream, LeakReport report)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartArray("findings");
        foreach (var finding in report.Findings)
        {
            json.WriteStartObject();
            json.WriteString("kind", finding.Kind.ToString().ToLowerInvariant());
            json.WriteString("metric", finding.Metric);
            json.WriteString("site", finding.Site);
            json.WriteString("file", finding.File);
            json.WriteNumber("line", finding.Line);
            json.WriteStartArray("stack");
            foreach (var frame in finding.Stack)
            {
                GoroutineFrameJson.Write(json, frame);
            }

            json.WriteEndArray();
            json.WriteNumber("slopePerMinute", finding.Trend.SlopePerMinute);
            json.WriteString("unit", finding.Unit);
            json.WriteNumber("pValue", finding.Trend.PValue);
            json.WriteNumber("firstValue", finding.Trend.FirstValue);
            json.WriteNumber("lastValue", finding.Trend.LastValue);
            json.WriteNumber("lowSlopePerMinute", finding.Trend.LowSlopePerMinute);
            json.WriteNumber("highSlopePerMinute", finding.Trend.HighSlopePerMinute);
            json.WriteNumber("recentSlopePerMinute", finding.Trend.RecentSlopePerMinute);
            json.WriteNumber("growth", finding.Trend.Growth);
            json.WriteNumber("recentGrowth", finding.Trend.RecentGrowth);
            if (finding.Objects is { } objects)
            {
                json.WriteNumber("objectsSlopePerMinute", objects.SlopePerMinute);
                json.WriteNumber("objectsPValue", objects.PValue);
                json.WriteNumber("firstObjects", objects.FirstValue);
                json.WriteNumber("lastObjects", objects.LastValue);
            }

            if (finding.Kind == LeakKind.Goroutine)
            {
                json.WriteStartArray("states");
                foreach (var state in finding.States)
                {
                    json.WriteStartObject();
                    json.WriteString("state", state.State);
                    json.WriteNumber("count", state.Count);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteNumberOrNull("maxWaitMinutes", finding.MaxWaitMinutes);
                json.WritePropertyName("createdBy");
                if (finding.CreatedBy is { } creator)
                {
                    GoroutineFrameJson.Write(json, creator);
                }
                else
                {
                    json.WriteNullValue();
                }
            }

            if (finding.SecondsToLimit is { } seconds)
            {
                json.WriteNumber("secondsToLimit", seconds);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("snapshots", report.Snapshots);
        json.WriteNumber("spanSeconds", report.SpanSeconds);
        json.WriteString("timeSource", report.TimeSource switch
        {
            SnapshotTimeSource.ProfileTime => "profile",
            SnapshotTimeSource.VarsLastGc => "vars-lastgc",
            SnapshotTimeSource.FileTime => "mtime",
            _ => "name-order",
        });
        json.WriteStringArray("snapshotNames", report.SnapshotNames);
        json.WriteNumber("heapSitesTested", report.HeapSitesTested);
        json.WriteNumber("goroutineGroupsTested", report.GoroutineGroupsTested);
        if (report.LimitBytes is { } limit)
        {
            json.WriteNumber("limitBytes", limit);
        }

        json.WriteStartArray("skipped");
        foreach (var skipped in report.Skipped)
        {
            json.WriteStartObject();
            json.WriteString("file", skipped.File);
            json.WriteString("problem", skipped.Problem);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStringArray("notes", report.Notes);
        json.WriteEndObject();
    }
}
