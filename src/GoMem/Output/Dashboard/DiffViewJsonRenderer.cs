using System.Text.Json;
using GoMem.Dashboard;
using GoMem.Output.Profiles;

namespace GoMem.Output.Dashboard;

/// <summary>
/// Writes a <see cref="DiffView"/> for the dashboard: the target, the kind, the two ranges with their snapshots,
/// <c>top</c> exactly as <c>gomem diff --format json</c> writes it, and <c>flame</c>, the diff's tree in the form the
/// shared flame graph code draws (<see cref="FlameDataJsonRenderer"/>, base and new per node).
/// </summary>
public static class DiffViewJsonRenderer
{
    public static void Write(Stream stream, DiffView view)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { MaxDepth = int.MaxValue });
        json.WriteStartObject();
        ProfileViewJsonRenderer.WriteTarget(json, view.Target);
        json.WriteString("kind", view.Kind);
        Range(json, "base", view.Base);
        Range(json, "new", view.New);
        ProfileViewJsonRenderer.WriteReports(json, view.Top, view.Flame);
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }

    private static void Range(Utf8JsonWriter json, string name, ProfileRangeView range)
    {
        json.WriteStartObject(name);
        json.WriteString("from", ProfileViewJsonRenderer.Time(range.From));
        json.WriteString("to", ProfileViewJsonRenderer.Time(range.To));
        json.WriteStartArray("snapshots");
        foreach (var time in range.Snapshots)
        {
            json.WriteStringValue(ProfileViewJsonRenderer.Time(time));
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
