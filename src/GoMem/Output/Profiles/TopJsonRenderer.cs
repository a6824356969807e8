using System.Text.Json;
using GoMem.Output.Json;
using GoMem.Profiles.Analysis;

namespace GoMem.Output.Profiles;

/// <summary>
/// Writes a <see cref="TopReport"/> as JSON: raw integer values in the profile's unit and unrounded percentages,
/// the same rows and order as the text report.
/// </summary>
public static class TopJsonRenderer
{
    public static void Write(Stream stream, TopReport report)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        JsonFields.WriteSummary(json, report.Summary);
        json.WriteNumber("total", report.Total);
        json.WriteNumber("shownTotal", report.ShownTotal);
        json.WriteNumber("droppedNodes", report.DroppedNodes);
        json.WriteNumber("dropCutoff", report.DropCutoff);
        json.WriteBoolean("diff", report.IsDiff);
        json.WriteStringArray("filters", report.ActiveFilters);
        json.WriteStartArray("rows");
        long sum = 0;
        foreach (var row in report.Rows)
        {
            sum += row.Flat;
            json.WriteStartObject();
            json.WriteString("name", row.Name);
            if (row.Inline != InlineMark.None)
            {
                json.WriteString("inline", row.Inline == InlineMark.Inline ? "inline" : "partial-inline");
            }

            json.WriteNumber("flat", row.Flat);
            json.WriteNumber("flatPercent", JsonFields.Percent(row.Flat, report.Total));
            json.WriteNumber("sumPercent", JsonFields.Percent(sum, report.Total));
            json.WriteNumber("cum", row.Cum);
            json.WriteNumber("cumPercent", JsonFields.Percent(row.Cum, report.Total));
            if (report.IsDiff)
            {
                json.WriteNumber("base", row.BaseFlat);
                json.WriteNumber("new", row.NewFlat);
                json.WriteNumber("baseCum", row.BaseCum);
                json.WriteNumber("newCum", row.NewCum);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }
}
