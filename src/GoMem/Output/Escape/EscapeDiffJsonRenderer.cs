using System.Text.Json;
using GoMem.Escape.Analysis;

namespace GoMem.Output.Escape;

/// <summary>The diff as JSON: counts and every change with its OLD and NEW finding (null where absent).</summary>
public static class EscapeDiffJsonRenderer
{
    public static void Write(Stream stream, EscapeDiff d)
    {
        using var json = new Utf8JsonWriter(stream, EscapeJson.Options);
        json.WriteStartObject();
        json.WriteString("old", EscapeText.DisplayName(d.OldSource));
        json.WriteString("new", EscapeText.DisplayName(d.NewSource));
        json.WriteNumber("oldEscapes", d.OldEscapes);
        json.WriteNumber("newEscapes", d.NewEscapes);
        json.WriteNumber("unchangedEscapes", d.UnchangedEscapes);
        json.WriteStartObject("counts");
        foreach (var kind in Enum.GetValues<EscapeChangeKind>())
        {
            json.WriteNumber(EscapeChangeKinds.Name(kind), d.Count(kind));
        }

        json.WriteEndObject();
        json.WriteStartArray("changes");
        foreach (var c in d.Changes)
        {
            json.WriteStartObject();
            json.WriteString("change", EscapeChangeKinds.Name(c.Kind));
            json.WriteString("message", EscapeDiffText.Message(c));
            Side(json, "old", c.Old);
            Side(json, "new", c.New);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Side(Utf8JsonWriter json, string name, ExplainedFinding? finding)
    {
        json.WritePropertyName(name);
        if (finding is null)
        {
            json.WriteNullValue();
        }
        else
        {
            EscapeFindingJson.Write(json, finding);
        }
    }
}
