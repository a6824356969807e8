using System.Globalization;
using System.Text.Json;
using GoMem.Benchmarks.History;
using GoMem.Output.Json;

namespace GoMem.Output.Benchmarks;

/// <summary>History as JSON: every series with its points, change points and drift.</summary>
public static class HistoryJsonRenderer
{
    public static void Write(Stream stream, HistoryReport report)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteNumber("runs", report.Runs);
        json.WriteNumber("alpha", report.Alpha);
        json.WriteNumber("minChangePercent", report.MinChangePercent);
        json.WriteStartArray("series");
        foreach (var series in report.Series)
        {
            json.WriteStartObject();
            json.WriteString("package", series.Package);
            json.WriteString("benchmark", series.Benchmark);
            json.WriteString("unit", series.Unit);
            json.WriteStartArray("points");
            foreach (var point in series.Points)
            {
                json.WriteStartObject();
                json.WriteString("commit", point.Commit);
                json.WriteString("branch", point.Branch);
                json.WriteString("time", point.Time.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                json.WriteNumber("n", point.Count);
                json.WriteNumber("median", point.Median);
                json.WriteFiniteNumberOrNull("ciLow", point.Lo);
                json.WriteFiniteNumberOrNull("ciHigh", point.Hi);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("changePoints");
            foreach (var change in series.Changes)
            {
                json.WriteStartObject();
                json.WriteString("commit", change.Commit);
                json.WriteString("previousCommit", change.PreviousCommit);
                json.WriteNumber("before", change.Before);
                json.WriteNumber("after", change.After);
                json.WriteFiniteNumberOrNull("changePercent", change.ChangePercent);
                json.WriteFiniteNumberOrNull("p", change.P);
                json.WriteBoolean("exact", change.Exact);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (series.Drift is { } drift)
            {
                json.WriteStartObject("drift");
                json.WriteNumber("runs", drift.Runs);
                json.WriteNumber("first", drift.First);
                json.WriteNumber("last", drift.Last);
                json.WriteNumber("totalPercent", drift.TotalPercent);
                json.WriteNumber("largestStepPercent", drift.LargestStepPercent);
                json.WriteNumber("steps", drift.Steps);
                json.WriteNumber("p", drift.P);
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("drift");
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
