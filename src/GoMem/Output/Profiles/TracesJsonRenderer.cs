using System.Text.Json;
using GoMem.Profiles.Analysis;

namespace GoMem.Output.Profiles;

/// <summary>Writes a <see cref="TracesReport"/> as JSON: each trace's value, labels (numbers as numbers) and stack.</summary>
public static class TracesJsonRenderer
{
    public static void Write(Stream stream, TracesReport report)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        JsonFields.WriteSummary(json, report.Summary);
        json.WriteStartArray("traces");
        foreach (var trace in report.Traces)
        {
            json.WriteStartObject();
            json.WriteNumber("value", trace.Value);
            json.WriteStartObject("labels");
            foreach (var label in trace.Labels)
            {
                json.WriteStartArray(label.Key);
                if (label.Numbers is { } numbers)
                {
                    foreach (var n in numbers)
                    {
                        json.WriteNumberValue(n);
                    }
                }
                else
                {
                    foreach (var v in label.Texts)
                    {
                        json.WriteStringValue(v);
                    }
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteStartArray("stack");
            foreach (var frame in trace.Frames)
            {
                json.WriteStartObject();
                json.WriteString("name", frame.Name);
                if (frame.Inline)
                {
                    json.WriteBoolean("inline", true);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }
}
