using System.Text.Json;
using GoMem.Escape.Analysis;

namespace GoMem.Output.Escape;

/// <summary>The hot report as JSON: totals, ranked sites with their findings, and the largest unexplained lines.</summary>
public static class EscapeHotJsonRenderer
{
    public static void Write(Stream stream, EscapeHotReport r, int limit)
    {
        using var json = new Utf8JsonWriter(stream, EscapeJson.Options);
        json.WriteStartObject();
        json.WriteString("log", EscapeText.DisplayName(r.LogSource));
        json.WriteString("profile", EscapeText.DisplayName(r.ProfileSource));
        json.WriteString("bytesType", r.BytesType);
        json.WriteString("objectsType", r.ObjectsType);
        json.WriteNumber("totalBytes", r.TotalBytes);
        json.WriteNumber("totalObjects", r.TotalObjects);
        json.WriteNumber("escapeBytes", r.MatchedBytes);
        json.WriteNumber("escapeObjects", r.MatchedObjects);
        json.WriteNumber("escapeSites", r.EscapeSites);
        json.WriteNumber("sitesWithAllocations", r.Sites.Length);
        json.WriteStartArray("sites");
        foreach (var site in r.Sites.Take(limit > 0 ? limit : int.MaxValue))
        {
            json.WriteStartObject();
            json.WriteString("package", site.Package);
            json.WriteString("file", site.File);
            json.WriteNumber("line", site.Line);
            json.WriteString("function", site.Function);
            json.WriteNumber("bytes", site.Bytes);
            json.WriteNumber("objects", site.Objects);
            json.WriteStartArray("findings");
            foreach (var e in site.Findings)
            {
                EscapeFindingJson.Write(json, e);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("unexplained");
        foreach (var u in r.Unexplained)
        {
            json.WriteStartObject();
            json.WriteString("function", u.Function);
            json.WriteString("file", u.File);
            json.WriteNumber("line", u.Line);
            json.WriteNumber("bytes", u.Bytes);
            json.WriteNumber("objects", u.Objects);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
