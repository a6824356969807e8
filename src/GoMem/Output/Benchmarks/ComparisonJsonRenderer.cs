using System.Text.Json;
using GoMem.Benchmarks.Comparison;
using GoMem.Output.Json;

namespace GoMem.Output.Benchmarks;

/// <summary>A comparison as JSON: every table, row and cell with raw values in base units (seconds, bytes), the CI, p-values and warnings.</summary>
public static class ComparisonJsonRenderer
{
    public static void Write(Stream stream, ComparisonReport report)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("alpha", report.Alpha);
        json.WriteNumber("confidence", report.Confidence);
        json.WriteStringArray("inputs", report.Inputs);
        json.WriteStartArray("tables");
        foreach (var table in report.Tables)
        {
            WriteTable(json, table);
        }

        json.WriteEndArray();
        json.WriteStringArray("notes", report.Notes);
        json.WriteEndObject();
    }

    private static void WriteTable(Utf8JsonWriter json, ComparisonTable table)
    {
        json.WriteStartObject();
        json.WriteStartObject("config");
        foreach (var entry in table.Config)
        {
            json.WriteString(entry.Key, entry.Value);
        }

        json.WriteEndObject();
        json.WriteString("unit", table.Unit);
        json.WriteString("assumption", table.Assumption == UnitAssumption.Exact ? "exact" : "nothing");
        json.WriteStringArray("columns", table.Columns);
        json.WriteStartArray("rows");
        foreach (var row in table.Rows)
        {
            json.WriteStartObject();
            json.WriteString("name", row.Name);
            json.WriteStartArray("cells");
            foreach (var cell in row.Cells)
            {
                if (cell is null)
                {
                    json.WriteNullValue();
                    continue;
                }

                WriteCell(json, cell);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("geomean");
        foreach (var summary in table.Summary)
        {
            json.WriteStartObject();
            json.WriteString("column", summary.Column);
            json.WriteFiniteNumberOrNull("value", summary.Geomean);
            json.WriteFiniteNumberOrNull("ratio", summary.Ratio);
            json.WriteStringArray("warnings", summary.Warnings);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteCell(Utf8JsonWriter json, ComparisonCell cell)
    {
        json.WriteStartObject();
        json.WriteString("column", cell.Column);
        json.WriteNumber("n", cell.Summary.Count);
        json.WriteNumber("center", cell.Summary.Center);
        json.WriteFiniteNumberOrNull("ciLow", double.IsInfinity(cell.Summary.Lo) ? null : cell.Summary.Lo);
        json.WriteFiniteNumberOrNull("ciHigh", double.IsInfinity(cell.Summary.Hi) ? null : cell.Summary.Hi);
        json.WriteNumber("ciConfidence", cell.Summary.Confidence);
        json.WriteString("ciText", cell.Summary.RangeText);
        json.WriteNumber("outliers", cell.Outliers);
        json.WriteStartArray("values");
        foreach (var value in cell.Values)
        {
            json.WriteNumberValue(value);
        }

        json.WriteEndArray();
        if (cell.Comparison is { } comparison)
        {
            json.WriteStartObject("vsBase");
            json.WriteNumber("p", comparison.P);
            json.WriteNumber("n1", comparison.N1);
            json.WriteNumber("n2", comparison.N2);
            json.WriteNumber("alpha", comparison.Alpha);
            json.WriteBoolean("significant", comparison.Significant);
            json.WriteFiniteNumberOrNull("changePercent", comparison.DeltaPercent);
            json.WriteString("text", comparison.DeltaText);
            json.WriteStringArray("warnings", comparison.Warnings);
            json.WriteEndObject();
        }

        json.WriteStringArray("warnings", [.. cell.SampleWarnings, .. cell.Summary.Warnings]);
        json.WriteEndObject();
    }
}
