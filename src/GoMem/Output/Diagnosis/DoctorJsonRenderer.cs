using System.Text.Json;
using GoMem.Diagnosis;
using GoMem.Findings;
using GoMem.Output.Gc;
using GoMem.Output.Goroutines;
using GoMem.Output.Json;
using GoMem.Output.Leaks;
using GoMem.Output.Profiles;
using GoMem.Output.RuntimeStats;

namespace GoMem.Output.Diagnosis;

/// <summary>
/// Writes a <see cref="DoctorReport"/> for machines: the verdict, the ordered findings, and each section as the
/// JSON of the command that owns it (explain, leak, top --compare-alloc, goroutines, gc tune), null when the inputs
/// did not allow it.
/// </summary>
public static class DoctorJsonRenderer
{
    public static void Write(Stream stream, DoctorReport report)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("source", report.Source);
        json.WriteNumber("snapshots", report.Snapshots);
        json.WriteNumber("spanSeconds", report.SpanSeconds);
        json.WriteBoolean("needsAction", report.NeedsAction);
        json.WriteStartArray("findings");
        foreach (var f in report.Findings)
        {
            json.WriteStartObject();
            json.WriteString("section", Name(f.Section));
            json.WriteString("code", f.Finding.Code);
            json.WriteString("severity", f.Finding.Severity.Name());
            json.WriteString("title", f.Finding.Title);
            json.WriteString("detail", f.Finding.Detail);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        Embed(json, "breakdown", report.Breakdown, BreakdownJsonRenderer.Write);
        Embed(json, "leaks", report.Leaks, LeakJsonRenderer.Write);
        Embed(json, "churn", report.Churn, AllocRetentionJsonRenderer.Write);
        Embed(json, "goroutines", report.Goroutines, GoroutineJsonRenderer.Write);
        if (report.Gc is { } gc)
        {
            json.WriteStartObject("gc");
            json.WriteFiniteNumberOrNull("gcCpuFraction", gc.GcCpuFraction);
            json.WriteFiniteNumberOrNull("gcPerMinute", gc.GcPerMinute);
            json.WriteFiniteNumberOrNull("allocBytesPerSecond", gc.AllocBytesPerSecond);
            json.WriteNumber("nextGcBytes", gc.NextGcBytes);
            json.WriteFiniteNumberOrNull("gogcPercent", gc.GogcPercent);
            json.WriteNumberOrNull("gomemlimitBytes", gc.GoMemLimitBytes);
            if (gc.Pauses is { } pauses)
            {
                json.WriteStartObject("pauses");
                json.WriteNumber("count", pauses.Count);
                json.WriteNumber("p50Seconds", pauses.P50Seconds);
                json.WriteNumberOrNull("p99Seconds", pauses.P99Seconds);
                json.WriteNumber("maxSeconds", pauses.MaxSeconds);
                json.WriteString("source", pauses.Source);
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("pauses");
            }

            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("gc");
        }

        Embed(json, "tuning", report.Tuning is { } tuning ? new[] { tuning } : null, TuneJsonRenderer.Write);
        json.WriteStringArray("notes", report.Notes);
        json.WriteEndObject();
    }

    /// <summary>The section name in JSON and style classes: "leaks", "memory", "gc", "tuning", "goroutines", "churn".</summary>
    public static string Name(DoctorSection section) => section.ToString().ToLowerInvariant();

    /// <summary>A section as its own command's JSON writes it, re-indented into this document; null when absent.</summary>
    private static void Embed<T>(Utf8JsonWriter json, string name, T? section, Action<Stream, T> write)
        where T : class
    {
        if (section is null)
        {
            json.WriteNull(name);
            return;
        }

        using var buffer = new MemoryStream();
        write(buffer, section);
        using var document = JsonDocument.Parse(buffer.ToArray());
        json.WritePropertyName(name);
        document.RootElement.WriteTo(json);
    }
}
