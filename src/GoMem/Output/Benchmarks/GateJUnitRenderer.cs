using System.Globalization;
using System.Text;
using System.Xml;
using GoMem.Benchmarks.Gate;

namespace GoMem.Output.Benchmarks;

/// <summary>The gate's report as JUnit XML: one test case per check, regressions as failures, missing benchmarks skipped.</summary>
public static class GateJUnitRenderer
{
    public static void Write(Stream stream, GateReport report)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), NewLineChars = "\n" };
        using var xml = XmlWriter.Create(stream, settings);
        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", "gomem bench gate");
        xml.WriteAttributeString("tests", report.Checks.Count.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("failures", report.Regressions.Count.ToString(CultureInfo.InvariantCulture));
        xml.WriteAttributeString("skipped", report.Checks.Count(c => c.Status == GateStatus.Missing).ToString(CultureInfo.InvariantCulture));
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
}
