using GoMem.IO;
using GoMem.Output.Text;
using GoMem.Profiles;
using GoMem.Profiles.Analysis;

namespace GoMem.Output.Profiles;

/// <summary>Writes a <see cref="TracesReport"/> as <c>go tool pprof -traces</c> prints it.</summary>
public static class TracesTextRenderer
{
    private const string Separator = "-----------+-------------------------------------------------------";

    public static void Write(TextWriter writer, TracesReport report, TimeZoneInfo? zone = null)
    {
        // Traces format each value in its own best unit (pprof never fixes an output unit for -traces).
        foreach (var label in PprofLabels.For(report.Summary, report.Total, "minimum", zone ?? TimeZoneInfo.Local))
        {
            writer.Write(label);
            writer.Write('\n');
        }

        var lines = new List<string>();
        foreach (var trace in report.Traces)
        {
            writer.Write(Separator);
            writer.Write('\n');
            lines.Clear();
            foreach (var label in trace.Labels)
            {
                lines.Add(GoFormat.PadLeft(label.Key, 10) + ":  " + string.Join(' ', LabelValues(label)) + "\n");
            }

            lines.Sort(ByteStrings.Compare); // Go's sort.Strings: by bytes
            foreach (var line in lines)
            {
                writer.Write(line);
            }

            for (var i = 0; i < trace.Frames.Count; i++)
            {
                var value = i == 0 ? PprofText.ScaledLabel(SampleUnits.Scale(trace.Value, report.Summary.SampleUnit, "minimum")) : "";
                writer.Write(GoFormat.PadLeft(value, 10));
                writer.Write("   ");
                writer.Write(trace.Frames[i].Name);
                if (trace.Frames[i].Inline)
                {
                    writer.Write(" (inline)");
                }

                writer.Write('\n');
            }
        }

        writer.Write(Separator);
        writer.Write('\n');
    }

    /// <summary>A label's values as pprof prints them: texts as they are, numbers scaled in their unit's best unit.</summary>
    internal static IEnumerable<string> LabelValues(TraceLabel label) =>
        label.Numbers is { } numbers ? numbers.Select(n => PprofText.ScaledLabel(SampleUnits.Scale(n, label.Unit ?? "", "auto"))) : label.Texts;
}
