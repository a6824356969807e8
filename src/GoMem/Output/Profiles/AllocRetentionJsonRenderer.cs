using System.Text.Json;
using GoMem.Output.Json;
using GoMem.Profiles.Analysis;

namespace GoMem.Output.Profiles;

/// <summary>Writes an <see cref="AllocRetentionReport"/> as JSON.</summary>
public static class AllocRetentionJsonRenderer
{
    public static void Write(Stream stream, AllocRetentionReport report)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        JsonFields.WriteSummary(json, report.Summary);
        json.WriteNumber("totalAllocSpace", report.TotalAllocSpace);
        json.WriteNumber("totalInuseSpace", report.TotalInuseSpace);
        json.WriteNumber("churnRatio", AllocRetentionReport.ChurnRatio);
        json.WriteStartArray("rows");
        foreach (var row in report.Rows)
        {
            json.WriteStartObject();
            json.WriteString("name", row.Name);
            json.WriteNumber("allocSpace", row.AllocSpace);
            json.WriteNumber("allocObjects", row.AllocObjects);
            json.WriteNumber("inuseSpace", row.InuseSpace);
            json.WriteNumber("inuseObjects", row.InuseObjects);
            json.WriteNumberOrNull("allocToInuseRatio", row.AllocToInuseRatio);
            json.WriteString("verdict", row.Verdict.ToString().ToLowerInvariant());
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }
}
