using System.Globalization;
using System.Text.Json;
using GoMem.Dashboard;
using GoMem.Output.Profiles;

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
        using var top = new MemoryStream();
        TopJsonRenderer.Write(top, view.Top);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { MaxDepth = int.MaxValue });
        json.WriteStartObject();
        json.WriteStartObject("target");
        json.WriteNumber("id", view.Target.Id);
        json.WriteString("job", view.Target.Job);
        json.WriteString("instance", view.Target.Instance);
        json.WriteStartObject("labels");
        foreach (var (name, value) in view.Target.Labels)
        {
            json.WriteString(name, value);
        }

        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteStartObject("snapshot");
        json.WriteNumber("id", view.Snapshot.Id);
        json.WriteString("kind", view.Snapshot.Kind);
        json.WriteString("time", view.Snapshot.Time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
        json.WriteStartArray("sampleTypes");
        foreach (var type in view.Snapshot.SampleTypes)
        {
            json.WriteStringValue(type.Type);
        }

        json.WriteEndArray();
        json.WriteString("defaultSampleType", view.Snapshot.DefaultSampleType);
        json.WriteNumber("samples", view.Snapshot.SampleCount);
        json.WriteEndObject();
        json.WritePropertyName("top");
        json.WriteRawValue(top.GetBuffer().AsSpan(0, (int)top.Length));
        json.WritePropertyName("flame");
        FlameDataJsonRenderer.Write(json, view.Flame);
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }
}
