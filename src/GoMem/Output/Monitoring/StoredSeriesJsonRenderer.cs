using System.Text.Json;
using GoMem.Sources;
using GoMem.Storage.Monitoring;

namespace GoMem.Output.Monitoring;

/// <summary><c>gomem history --format json</c>: every target's samples and events; figures in bytes, seconds and counts, unknown ones left out.</summary>
public static class StoredSeriesJsonRenderer
{
    public static void Write(Stream stream, IReadOnlyList<StoredSeries> series)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartArray("targets");
        foreach (var s in series)
        {
            json.WriteStartObject();
            json.WriteString("job", s.Target.Job);
            json.WriteString("instance", s.Target.Instance);
            json.WriteStartObject("labels");
            foreach (var (name, value) in s.Target.Labels)
            {
                json.WriteString(name, value);
            }

            json.WriteEndObject();
            json.WriteString("health", s.Target.Health.State.ToString().ToLowerInvariant());
            json.WriteString("from", s.From);
            json.WriteString("to", s.To);
            json.WriteStartArray("samples");
            foreach (var sample in s.Samples)
            {
                Sample(json, sample);
            }

            json.WriteEndArray();
            json.WriteStartArray("events");
            foreach (var e in s.Events)
            {
                json.WriteStartObject();
                json.WriteString("time", e.Time);
                json.WriteString("kind", e.Kind);
                json.WriteString("detail", e.Detail);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Sample(Utf8JsonWriter json, RuntimeSample s)
    {
        json.WriteStartObject();
        json.WriteString("time", s.Time);
        Number(json, "rssBytes", s.RssBytes);
        Number(json, "heapAllocBytes", s.HeapAllocBytes);
        Number(json, "heapInuseBytes", s.HeapInuseBytes);
        Number(json, "heapIdleBytes", s.HeapIdleBytes);
        Number(json, "heapReleasedBytes", s.HeapReleasedBytes);
        Number(json, "heapSysBytes", s.HeapSysBytes);
        Number(json, "sysBytes", s.SysBytes);
        Number(json, "nextGcBytes", s.NextGcBytes);
        Number(json, "stackInuseBytes", s.StackInuseBytes);
        Number(json, "goroutines", s.Goroutines);
        Number(json, "numGc", s.NumGc);
        Number(json, "totalAllocBytes", s.TotalAllocBytes);
        if (s.GcCpuFraction is { } cpu)
        {
            json.WriteNumber("gcCpuFraction", cpu);
        }

        if (s.PauseP99Seconds is { } p99)
        {
            json.WriteNumber("pauseP99Seconds", p99);
        }

        Number(json, "gogc", s.Gogc);
        Number(json, "gomemlimitBytes", s.GomemlimitBytes);
        Number(json, "containerLimitBytes", s.ContainerLimitBytes);
        json.WriteEndObject();
    }

    private static void Number(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
    }
}
