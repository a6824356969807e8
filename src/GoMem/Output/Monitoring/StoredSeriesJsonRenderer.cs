using System.Text.Json;
using GoMem.Monitoring.Retention;
using GoMem.Sources;
using GoMem.Storage.Monitoring;

namespace GoMem.Output.Monitoring;

/// <summary>
/// <c>gomem history --format json</c>: every target's samples, rollups and events; figures in bytes, seconds and
/// counts, unknown ones left out. <c>stretches</c> says which resolution covers which time ("raw" for every sample);
/// a rollup holds per gauge its min, average, max and how many samples had it, per counter its min, max and last value.
/// </summary>
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
            json.WriteStartArray("stretches");
            foreach (var stretch in s.Stretches)
            {
                json.WriteStartObject();
                json.WriteString("resolution", stretch.Resolution is { } r ? RetentionTiers.Format(r) : "raw");
                json.WriteNumber("resolutionSeconds", stretch.Resolution?.TotalSeconds ?? 0);
                json.WriteString("from", stretch.From);
                json.WriteString("to", stretch.To);
                json.WriteNumber("rows", stretch.Count);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("rollups");
            foreach (var rollup in s.Rollups)
            {
                Rollup(json, rollup);
            }

            json.WriteEndArray();
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

    private static void Rollup(Utf8JsonWriter json, RuntimeRollup r)
    {
        json.WriteStartObject();
        json.WriteString("time", r.Time);
        json.WriteString("resolution", RetentionTiers.Format(r.Resolution));
        json.WriteNumber("samples", r.SampleCount);
        json.WriteString("firstSample", r.FirstSample);
        json.WriteString("lastSample", r.LastSample);
        foreach (var figure in RuntimeSeriesFigures.Gauges)
        {
            if (r[figure.Key] is { } gauge)
            {
                json.WriteStartObject(figure.JsonName);
                Figure(json, "min", gauge.Min, figure.IsWhole);
                json.WriteNumber("avg", gauge.Average);
                Figure(json, "max", gauge.Max, figure.IsWhole);
                json.WriteNumber("count", gauge.Count);
                json.WriteEndObject();
            }
        }

        foreach (var figure in RuntimeSeriesFigures.Counters)
        {
            if (r[figure.Key] is { } counter)
            {
                json.WriteStartObject(figure.JsonName);
                json.WriteNumber("min", counter.Min);
                json.WriteNumber("max", counter.Max);
                json.WriteNumber("last", counter.Last);
                json.WriteEndObject();
            }
        }

        json.WriteEndObject();
    }

    private static void Figure(Utf8JsonWriter json, string name, double value, bool whole)
    {
        if (whole)
        {
            json.WriteNumber(name, (long)value);
        }
        else
        {
            json.WriteNumber(name, value);
        }
    }

    private static void Number(Utf8JsonWriter json, string name, long? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
    }
}
