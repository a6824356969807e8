using System.Globalization;
using System.Text.Json;
using GoMem.Dashboard;
using GoMem.Output.Profiles;
using FlameGraph = GoMem.Profiles.Analysis.FlameGraph;
using TopReport = GoMem.Profiles.Analysis.TopReport;

namespace GoMem.Output.Dashboard;

/// <summary>
/// Writes a <see cref="ProfileView"/> for the dashboard: the target, the snapshot, <c>top</c> exactly as
/// <c>gomem top --format json</c> writes it, and <c>flame</c> in the form the shared flame graph code draws
/// (<see cref="FlameDataJsonRenderer"/>).
/// </summary>
public static class ProfileViewJsonRenderer
{
    public static void Write(Stream stream, ProfileView view)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { MaxDepth = int.MaxValue });
        json.WriteStartObject();
        WriteTarget(json, view.Target);
        json.WriteStartObject("snapshot");
        json.WriteNumber("id", view.Snapshot.Id);
        json.WriteString("kind", view.Snapshot.Kind);
        json.WriteString("time", Time(view.Snapshot.Time));
        json.WriteStartArray("sampleTypes");
        foreach (var type in view.Snapshot.SampleTypes)
        {
            json.WriteStringValue(type.Type);
        }

        json.WriteEndArray();
        json.WriteString("defaultSampleType", view.Snapshot.DefaultSampleType);
        json.WriteNumber("samples", view.Snapshot.SampleCount);
        json.WriteEndObject();
        WriteReports(json, view.Top, view.Flame);
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }

    internal static void WriteTarget(Utf8JsonWriter json, TargetRef target)
    {
        json.WriteStartObject("target");
        json.WriteNumber("id", target.Id);
        json.WriteString("job", target.Job);
        json.WriteString("instance", target.Instance);
        json.WriteStartObject("labels");
        foreach (var (name, value) in target.Labels)
        {
            json.WriteString(name, value);
        }

        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>"top" as <see cref="TopJsonRenderer"/> writes it and "flame" as <see cref="FlameDataJsonRenderer"/> does.</summary>
    internal static void WriteReports(Utf8JsonWriter json, TopReport top, FlameGraph flame)
    {
        using var topJson = new MemoryStream();
        TopJsonRenderer.Write(topJson, top);
        json.WritePropertyName("top");
        json.WriteRawValue(topJson.GetBuffer().AsSpan(0, (int)topJson.Length));
        json.WritePropertyName("flame");
        FlameDataJsonRenderer.Write(json, flame);
    }

    internal static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
