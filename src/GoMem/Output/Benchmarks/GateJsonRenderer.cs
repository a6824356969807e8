using System.Text.Json;
using GoMem.Benchmarks.Gate;
using GoMem.Output.Json;

namespace GoMem.Output.Benchmarks;

/// <summary>The gate's report as JSON: the verdict, the limits and every check with its numbers.</summary>
public static class GateJsonRenderer
{
    public static void Write(Stream stream, GateReport report)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteBoolean("failed", report.Failed);
        json.WriteNumber("regressions", report.Regressions.Count);
        json.WriteNumber("alpha", report.Alpha);
        json.WriteString("old", report.OldLabel);
        json.WriteString("new", report.NewLabel);
        json.WriteStringArray("thresholds", report.Thresholds);
        json.WriteStartArray("checks");
        foreach (var check in report.Checks)
        {
            json.WriteStartObject();
            json.WriteString("benchmark", check.Benchmark);
            json.WriteString("unit", check.Unit);
            json.WriteStartObject("config");
            foreach (var c in check.Config)
            {
                json.WriteString(c.Key, c.Value);
            }

            json.WriteEndObject();
            json.WriteFiniteNumberOrNull("old", check.Old);
            json.WriteFiniteNumberOrNull("new", check.New);
            json.WriteFiniteNumberOrNull("changePercent", check.ChangePercent);
            json.WriteFiniteNumberOrNull("p", check.P);
            json.WriteBoolean("significant", check.Significant);
            json.WriteString("threshold", check.Threshold);
            json.WriteFiniteNumberOrNull("limit", check.Limit);
            json.WriteString("status", check.Status switch
            {
                GateStatus.Regression => "regression",
                GateStatus.NotSignificant => "notSignificant",
                GateStatus.Missing => "missing",
                _ => "pass",
            });
            json.WriteString("message", check.Message);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
