using System.Text.Json;
using GoMem.Benchmarks.Scaling;
using GoMem.Benchmarks.Units;
using GoMem.Output.Json;
using GoMem.Output.Text;

namespace GoMem.Output.Benchmarks;

/// <summary><c>gomem bench scaling</c> as text (one block per family) and JSON.</summary>
public static class ScalingRenderers
{
    public static void WriteText(TextWriter writer, ScalingReport report)
    {
        foreach (var family in report.Families)
        {
            var sizes = family.Series[0].Sizes;
            writer.Write($"{family.Name}  (size {family.SizeKey}: {sizes.Count} sizes, {GoFormat.Shortest(sizes[0])} to {GoFormat.Shortest(sizes[^1])})\n");
            var unitWidth = Math.Max(4, family.Series.Max(s => s.Unit.Length));
            writer.Write($"  {"unit".PadRight(unitWidth)}  {"exponent",8}  {"R²",5}  {"class",-10}  smallest → largest\n");
            foreach (var series in family.Series)
            {
                var unitClass = BenchmarkUnits.ClassOf(series.Unit);
                var exponent = series.Exponent is { } e ? GoFormat.Fixed(e, 2) : "-";
                var r2 = series.RSquared is { } r ? GoFormat.Fixed(r, 3) : "-";
                var range = $"{UnitScaler.Scale(series.Medians[0], unitClass)} → {UnitScaler.Scale(series.Medians[^1], unitClass)}";
                var flag = series.Superlinear ? "  ⚠ grows faster than linear" : "";
                var note = series.Note is { } n ? $"  ({n})" : "";
                writer.Write($"  {series.Unit.PadRight(unitWidth)}  {exponent,8}  {r2,5}  {ComplexityNames.Of(series.Class),-10}  {range}{flag}{note}\n");
            }

            writer.Write('\n');
        }

        var alarms = report.Alarms.ToList();
        if (alarms.Count > 0)
        {
            writer.Write($"{alarms.Count} memory unit(s) grow faster than linearly with the input:\n");
            foreach (var (family, series) in alarms)
            {
                writer.Write($"  {family.Name}: {series.Unit} {ComplexityNames.Of(series.Class)} (exponent {GoFormat.Fixed(series.Exponent ?? 0, 2)}), e.g. string concatenation or append without preallocation in a loop\n");
            }
        }

        foreach (var note in report.Notes)
        {
            writer.Write(note + "\n");
        }
    }

    public static void WriteJson(Stream stream, ScalingReport report)
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
