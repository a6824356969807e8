using System.Text.Json;
using GoMem.RuntimeStats.Breakdown;

namespace GoMem.Output.RuntimeStats;

/// <summary>Writes a <see cref="MemoryBreakdown"/> as JSON: every figure of the text, raw bytes, seconds as numbers.</summary>
public static class BreakdownJsonRenderer
{
    public static void Write(Stream stream, MemoryBreakdown b)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        Optional(json, "rssBytes", b.RssBytes);
        Optional(json, "peakRssBytes", b.PeakRssBytes);
        json.WriteNumber("goResidentBytes", b.GoResidentBytes);
        json.WriteNumber("heapAllocBytes", b.HeapAllocBytes);
        json.WriteNumber("heapFragmentationBytes", b.HeapFragmentationBytes);
        json.WriteNumber("heapFreeBytes", b.HeapFreeBytes);
        json.WriteNumber("heapReleasedBytes", b.HeapReleasedBytes);
        json.WriteNumber("stackBytes", b.StackBytes);
        json.WriteNumber("gcMetadataBytes", b.GcMetadataBytes);
        json.WriteNumber("spanAndCacheBytes", b.SpanAndCacheBytes);
        json.WriteNumber("profilingBucketBytes", b.ProfilingBucketBytes);
        json.WriteNumber("otherRuntimeBytes", b.OtherRuntimeBytes);
        Optional(json, "nonGoBytes", b.NonGoBytes);
        Optional(json, "nonGoFileBytes", b.NonGoFileBytes);
        Optional(json, "runtimeOvercountBytes", b.RuntimeOvercountBytes);
        Optional(json, "profileInuseBytes", b.ProfileInuseBytes);
        Optional(json, "liveHeapEstimateBytes", b.LiveHeapEstimateBytes);
        Optional(json, "garbageEstimateBytes", b.GarbageEstimateBytes);
        json.WriteNumber("nextGcBytes", b.NextGcBytes);
        json.WriteNumber("headroomToNextGcBytes", b.HeadroomToNextGcBytes);
        Optional(json, "limitBytes", b.LimitBytes);
        Optional(json, "headroomToLimitBytes", b.HeadroomToLimitBytes);
        Optional(json, "fragmentationRatio", b.FragmentationRatio);
        Optional(json, "gcCpuFraction", b.GcCpuFraction);
        Optional(json, "averageObjectBytes", b.AverageObjectBytes);
        if (b.Pauses is { } pauses)
        {
            json.WriteStartObject("pauses");
            json.WriteNumber("count", pauses.Count);
            json.WriteNumber("p50Seconds", pauses.P50Seconds);
            json.WriteNumber("p99Seconds", pauses.P99Seconds);
            json.WriteNumber("maxSeconds", pauses.MaxSeconds);
            json.WriteEndObject();
        }

        if (b.Rates is { } rates)
        {
            json.WriteStartObject("rates");
            json.WriteNumber("snapshots", rates.Snapshots);
            json.WriteNumber("spanSeconds", rates.SpanSeconds);
            Optional(json, "allocBytesPerSecond", rates.AllocBytesPerSecond);
            Optional(json, "gcPerMinute", rates.GcPerMinute);
            json.WriteNumber("heapAllocGrowthBytesPerMinute", rates.HeapAllocGrowthBytesPerMinute);
            Optional(json, "rssGrowthBytesPerMinute", rates.RssGrowthBytesPerMinute);
            WriteStrings(json, "restarts", rates.Restarts);
            json.WriteEndObject();
        }

        json.WriteStartArray("sizeClasses");
        foreach (var c in b.TopSizeClasses)
        {
            json.WriteStartObject();
            json.WriteNumber("objectBytes", c.ObjectSize);
            json.WriteNumber("liveObjects", c.LiveObjects);
            json.WriteNumber("liveBytes", c.LiveBytes);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WritePropertyName("tree");
        WriteNode(json, b.Root);
        json.WriteStartArray("findings");
        foreach (var finding in b.Findings)
        {
            json.WriteStartObject();
            json.WriteString("code", finding.Code);
            json.WriteString("severity", finding.Severity.ToString().ToLowerInvariant());
            json.WriteString("message", finding.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        WriteStrings(json, "missingInputs", b.MissingInputs);
        WriteStrings(json, "sources", b.Sources);
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }

    private static void WriteNode(Utf8JsonWriter json, BreakdownNode node)
    {
        json.WriteStartObject();
        json.WriteString("key", node.Key);
        json.WriteString("label", node.Label);
        json.WriteNumber("bytes", node.Bytes);
        Optional(json, "percentOfRss", node.PercentOfRss);
        if (node.Children.Count > 0)
        {
            json.WriteStartArray("children");
            foreach (var child in node.Children)
            {
                WriteNode(json, child);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static void Optional(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void Optional(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
