using System.Text.Json;
using GoMem.Benchmarks.Scaling;
using GoMem.Output.Json;

namespace GoMem.Output.Benchmarks;

/// <summary><c>gomem bench scaling</c> as JSON: per family and unit the sizes, medians and fitted growth.</summary>
public static class ScalingJsonRenderer
{
    public static void Write(Stream stream, ScalingReport report)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteStartArray("families");
        foreach (var family in report.Families)
        {
            json.WriteStartObject();
            json.WriteString("name", family.Name);
            json.WriteString("sizeKey", family.SizeKey);
            json.WriteStartArray("series");
            foreach (var series in family.Series)
            {
                json.WriteStartObject();
                json.WriteString("unit", series.Unit);
                json.WriteStartArray("sizes");
                foreach (var size in series.Sizes)
                {
                    json.WriteNumberValue(size);
                }

                json.WriteEndArray();
                json.WriteStartArray("medians");
                foreach (var median in series.Medians)
                {
                    json.WriteNumberValue(median);
                }

                json.WriteEndArray();
                json.WriteNumberOrNull("exponent", series.Exponent);
                json.WriteNumberOrNull("rSquared", series.RSquared);
                json.WriteString("class", ComplexityNames.Of(series.Class));
                json.WriteBoolean("superlinear", series.Superlinear);
                if (series.Note is { } note)
                {
                    json.WriteString("note", note);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStringArray("notes", report.Notes);
        json.WriteEndObject();
    }
}
