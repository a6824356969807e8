using System.Text.Json;
using GoMem.Findings;
using GoMem.Output.Json;
using GoMem.RuntimeStats.Breakdown;

namespace GoMem.Output.RuntimeStats;

/// <summary>Writes a <see cref="MemoryBreakdown"/> as JSON: every figure of the text, raw bytes, seconds as numbers.</summary>
public static class BreakdownJsonRenderer
{
    public static void Write(Stream stream, MemoryBreakdown b)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumberOrNull("rssBytes", b.RssBytes);
        json.WriteNumberOrNull("peakRssBytes", b.PeakRssBytes);
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
        json.WriteNumberOrNull("nonGoBytes", b.NonGoBytes);
        json.WriteNumberOrNull("nonGoFileBytes", b.NonGoFileBytes);
        json.WriteNumberOrNull("runtimeOvercountBytes", b.RuntimeOvercountBytes);
        json.WriteNumberOrNull("profileInuseBytes", b.ProfileInuseBytes);
        json.WriteNumberOrNull("liveHeapEstimateBytes", b.LiveHeapEstimateBytes);
        json.WriteNumberOrNull("garbageEstimateBytes", b.GarbageEstimateBytes);
        json.WriteNumber("nextGcBytes", b.NextGcBytes);
        json.WriteNumber("headroomToNextGcBytes", b.HeadroomToNextGcBytes);
        json.WriteNumberOrNull("limitBytes", b.LimitBytes);
        json.WriteNumberOrNull("headroomToLimitBytes", b.HeadroomToLimitBytes);
        json.WriteFiniteNumberOrNull("fragmentationRatio", b.FragmentationRatio);
        json.WriteFiniteNumberOrNull("gcCpuFraction", b.GcCpuFraction);
        json.WriteFiniteNumberOrNull("averageObjectBytes", b.AverageObjectBytes);
        if (b.Pauses is { } pauses)
        {
            json.WriteStartObject("pauses");
            json.WriteNumber("count", pauses.Count);
            json.WriteNumber("p50Seconds", pauses.P50Seconds);
            json.WriteNumberOrNull("p99Seconds", pauses.P99Seconds);
            json.WriteNumber("maxSeconds", pauses.MaxSeconds);
            json.WriteString("source", pauses.Source);
            json.WriteEndObject();
        }

        if (b.Rates is { } rates)
        {
            json.WriteStartObject("rates");
            json.WriteNumber("snapshots", rates.Snapshots);
            json.WriteNumber("spanSeconds", rates.SpanSeconds);
            json.WriteFiniteNumberOrNull("allocBytesPerSecond", rates.AllocBytesPerSecond);
            json.WriteFiniteNumberOrNull("gcPerMinute", rates.GcPerMinute);
            json.WriteNumber("heapAllocGrowthBytesPerMinute", rates.HeapAllocGrowthBytesPerMinute);
            json.WriteFiniteNumberOrNull("rssGrowthBytesPerMinute", rates.RssGrowthBytesPerMinute);
            json.WriteStringArray("restarts", rates.Restarts);
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
            json.WriteString("severity", finding.Severity.Name());
            json.WriteString("message", finding.Title);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStringArray("missingInputs", b.MissingInputs);
        json.WriteStringArray("sources", b.Sources);
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
        json.WriteFiniteNumberOrNull("percentOfRss", node.PercentOfRss);
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
}
