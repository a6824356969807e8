using GoMem.Benchmarks.Gate;
using GoMem.Output.Ci;
using GoMem.Output.Markdown;
using System.Text.Json;
using System.Xml;
using GoMem.Benchmarks.Units;
using GoMem.Output.Json;
using GoMem.Output.Text;

namespace GoMem.Output.Benchmarks;

/// <summary>The gate's report in every shape CI wants: terminal text, a Markdown summary, GitHub annotations, JUnit XML and JSON.</summary>
public static class GateRenderers
{
    public static void WriteText(TextWriter writer, GateReport report)
    {
        var regressions = report.Regressions;
        writer.Write($"gomem bench gate: {report.OldLabel} → {report.NewLabel}, limits {string.Join(" ", report.Thresholds)}, α={GoFormat.Shortest(report.Alpha)}\n");
        foreach (var check in report.Checks.Where(c => c.Status != GateStatus.Pass))
        {
            var mark = check.Status switch
            {
                GateStatus.Regression => "FAIL",
                GateStatus.NotSignificant => "noise",
                _ => "note",
            };
            writer.Write($"  {mark,-5} {check.Message}\n");
        }

        var passed = report.Checks.Count(c => c.Status == GateStatus.Pass);
        writer.Write(regressions.Count == 0
            ? $"PASS: no regression in {report.Checks.Count} checks ({passed} within limits)\n"
            : $"FAIL: {regressions.Count} regression{(regressions.Count == 1 ? "" : "s")} in {report.Checks.Count} checks\n");
    }

    /// <summary>For a pull-request comment or $GITHUB_STEP_SUMMARY.</summary>
    public static void WriteMarkdown(TextWriter writer, GateReport report)
    {
        var regressions = report.Regressions;
        writer.Write(regressions.Count == 0 ? "### ✅ gomem bench gate: no regression\n\n" : $"### ❌ gomem bench gate: {regressions.Count} regression{(regressions.Count == 1 ? "" : "s")}\n\n");
        writer.Write($"`{Code(report.OldLabel)}` → `{Code(report.NewLabel)}`, limits {string.Join(", ", report.Thresholds.Select(t => $"`{Code(t)}`"))}, α = {GoFormat.Shortest(report.Alpha)}\n\n");
        writer.Write("| | benchmark | unit | old | new | change | p | limit |\n| --- | --- | --- | ---: | ---: | ---: | ---: | --- |\n");
        foreach (var check in report.Checks.OrderBy(c => c.Status switch { GateStatus.Regression => 0, GateStatus.NotSignificant => 1, GateStatus.Missing => 2, _ => 3 }))
        {
            var icon = check.Status switch
            {
                GateStatus.Regression => "❌",
                GateStatus.NotSignificant => "〰️",
                GateStatus.Missing => "➖",
                _ => "✅",
            };
            var scaler = UnitScaler.Common(new[] { check.Old ?? 0, check.New ?? 0 }, BenchmarkUnits.ClassOf(check.Unit));
            writer.Write($"| {icon} | {MarkdownText.Escape(check.Benchmark)} | {MarkdownText.Escape(check.Unit)} | {(check.Old is { } o ? scaler.Format(o) : "")} | {(check.New is { } n ? scaler.Format(n) : "")} | {(check.ChangePercent is { } c ? GoFormat.SignedFixed(c, 2) + "%" : "")} | {(check.P is { } p ? GoFormat.Fixed(p, 3) : "")} | {MarkdownText.Escape(check.Threshold)} |\n");
        }
    }

    /// <summary>GitHub Actions workflow commands: one <c>::error</c> per regression (a line starting with "::" on stdout).</summary>
    public static void WriteAnnotations(TextWriter writer, GateReport report)
    {
        foreach (var check in report.Regressions)
        {
            writer.Write($"::error title={GithubCommands.Property($"benchmark regression: {check.Benchmark} {check.Unit}")}::{GithubCommands.Data(check.Message)}\n");
        }
    }

    public static void WriteJUnit(Stream stream, GateReport report)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false), NewLineChars = "\n" };
        using var xml = XmlWriter.Create(stream, settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", "gomem bench gate");
        xml.WriteAttributeString("tests", report.Checks.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", report.Regressions.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        xml.WriteAttributeString("skipped", report.Checks.Count(c => c.Status == GateStatus.Missing).ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var check in report.Checks)
        {
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("classname", check.Unit);
            xml.WriteAttributeString("name", check.Benchmark);
            if (check.Status == GateStatus.Regression)
            {
                xml.WriteStartElement("failure");
                xml.WriteAttributeString("message", check.Message);
                xml.WriteString(check.Message);
                xml.WriteEndElement();
            }
            else if (check.Status == GateStatus.Missing)
            {
                xml.WriteStartElement("skipped");
                xml.WriteAttributeString("message", check.Message);
                xml.WriteEndElement();
            }
            else
            {
                xml.WriteElementString("system-out", check.Message);
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndDocument();
    }

    public static void WriteJson(Stream stream, GateReport report)
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



    private static string Code(string text) => text.Replace("`", "'", StringComparison.Ordinal);

}
