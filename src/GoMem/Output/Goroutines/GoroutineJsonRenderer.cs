using System.Text.Json;
using GoMem.Goroutines;
using GoMem.Output.Json;

namespace GoMem.Output.Goroutines;

/// <summary>Writes a <see cref="GoroutineReport"/> as JSON: the same groups, counts and order as the text.</summary>
public static class GoroutineJsonRenderer
{
    private const int FlushBytes = 1 << 16;

    public static void Write(Stream stream, GoroutineReport report)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("source", report.Source);
        json.WriteString("format", GoroutineText.FormatName(report.Format));
        json.WriteString("groupBy", report.Grouping switch
        {
            GoroutineGrouping.TopFunction => "top",
            GoroutineGrouping.CreationSite => "created-by",
            _ => "stack",
        });
        json.WriteNumber("total", report.Total);
        json.WriteNumber("shown", report.Shown);
        json.WriteNumber("hiddenRuntime", report.HiddenRuntime);
        json.WriteNumber("hiddenIgnored", report.HiddenIgnored);
        json.WriteBoolean("truncated", report.Truncated);
        json.WriteBoolean("hasStates", report.HasStates);
        WriteStates(json, report.States);
        json.WriteStringArray("ignoredTops", report.IgnoredTops);
        json.WriteStartArray("groups");
        foreach (var group in report.Groups)
        {
            json.WriteStartObject();
            json.WriteString("key", group.Key);
            json.WriteNumber("count", group.Count);
            json.WriteString("topFunction", group.TopFunction);
            json.WriteString("labels", group.Labels);
            WriteStates(json, group.States);
            json.WriteNumberOrNull("minWaitMinutes", group.MinWaitMinutes);
            json.WriteNumberOrNull("maxWaitMinutes", group.MaxWaitMinutes);
            json.WriteNumber("lockedToThread", group.LockedToThread);
            json.WriteNumber("distinctStacks", group.DistinctStacks);
            json.WritePropertyName("createdBy");
            if (group.CreatedBy is { } creator)
            {
                GoroutineFrameJson.Write(json, creator);
            }
            else
            {
                json.WriteNullValue();
            }

            json.WriteStartArray("stack");
            foreach (var frame in group.Stack)
            {
                GoroutineFrameJson.Write(json, frame);
            }

            json.WriteEndArray();
            WriteAncestries(json, group);
            json.WriteEndObject();
            if (json.BytesPending > FlushBytes)
            {
                // Utf8JsonWriter keeps everything until flushed: a million groups (--top 0) would be held whole.
                json.Flush();
            }
        }

        json.WriteEndArray();
        json.WriteNumber("omittedGroups", report.OmittedGroups);
        WriteThreads(json, report);
        json.WriteEndObject();
    }

    /// <summary>The threads' own stacks (goroutine 0), as the text lists them, with their whole stacks.</summary>
    private static void WriteThreads(Utf8JsonWriter json, GoroutineReport report)
    {
        json.WriteStartArray("threads");
        foreach (var thread in report.Threads)
        {
            json.WriteStartObject();
            json.WriteNumberOrNull("m", thread.M);
            json.WriteString("signal", thread.Signal);
            json.WriteString("state", thread.State);
            json.WriteString("topFunction", GoroutineFrames.TopFunction(thread.Frames));
            json.WriteStartArray("stack");
            foreach (var frame in thread.Frames)
            {
                GoroutineFrameJson.Write(json, frame);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("moreThreads", report.MoreThreads);
    }

    /// <summary>The lines of descent (GODEBUG=tracebackancestors): each ancestor nearest first, with its goroutine ids, stack and creator.</summary>
    private static void WriteAncestries(Utf8JsonWriter json, GoroutineGroup group)
    {
        json.WriteStartArray("ancestries");
        foreach (var ancestry in group.Ancestries)
        {
            json.WriteStartObject();
            json.WriteNumber("count", ancestry.Count);
            json.WriteStartArray("ancestors");
            foreach (var ancestor in ancestry.Ancestors)
            {
                json.WriteStartObject();
                json.WriteStartArray("goroutineIds");
                foreach (var id in ancestor.GoroutineIds)
                {
                    json.WriteNumberValue(id);
                }

                json.WriteEndArray();
                json.WriteBoolean("moreGoroutineIds", ancestor.MoreGoroutineIds);
                json.WriteStartArray("stack");
                foreach (var frame in ancestor.Frames)
                {
                    GoroutineFrameJson.Write(json, frame);
                }

                json.WriteEndArray();
                json.WritePropertyName("createdBy");
                if (ancestor.CreatedBy is { } creator)
                {
                    GoroutineFrameJson.Write(json, creator);
                }
                else
                {
                    json.WriteNullValue();
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("unlistedAncestries", group.UnlistedAncestries);
    }

    private static void WriteStates(Utf8JsonWriter json, IReadOnlyList<StateCount> states)
    {
        json.WriteStartArray("states");
        foreach (var state in states)
        {
            json.WriteStartObject();
            json.WriteString("state", state.State);
            json.WriteNumber("count", state.Count);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
