using GoMem.Output.Text;
using GoMem.Profiles;
using GoMem.Profiles.Analysis;

namespace GoMem.Output.Profiles;

/// <summary>Writes a <see cref="TopReport"/> exactly as <c>go tool pprof -top</c> prints it.</summary>
public static class TopTextRenderer
{
    /// <summary>
    /// Writes the report. With <paramref name="compactLabels"/> (pprof's -compact_labels) the profile header lines
    /// (File, Build ID, comments, Type, Time, Duration) are left out; the filter and node-count lines stay.
    /// </summary>
    public static void Write(TextWriter writer, TopReport report, TimeZoneInfo? zone = null, bool compactLabels = false)
    {
        string Format(long value) => PprofText.ScaledLabel(SampleUnits.Scale(value, report.Summary.SampleUnit, report.OutputUnit));

        var labels = compactLabels ? [] : PprofLabels.For(report.Summary, report.Total, report.OutputUnit, zone ?? TimeZoneInfo.Local);
        if (report.ActiveFilters.Count > 0)
        {
            labels.Add("Active filters:");
            foreach (var filter in report.ActiveFilters)
            {
                labels.Add("   " + (filter.Length > 80 ? filter[..80] + "…" : filter));
            }
        }

        labels.Add($"Showing nodes accounting for {Format(report.ShownTotal)}, {PprofText.Percentage(report.ShownTotal, report.Total).Trim()} of {Format(report.Total)} total");
        if (report.Total != 0)
        {
            if (report.DroppedNodes > 0)
            {
                labels.Add($"Dropped {report.DroppedNodes} {(report.DroppedNodes > 1 ? "nodes" : "node")} (cum <= {Format(report.DropCutoff)})");
            }

            if (report.Rows.Count > 0 && report.Rows.Count < report.CandidateNodeCount)
            {
                labels.Add($"Showing top {report.Rows.Count} nodes out of {report.CandidateNodeCount}");
            }
        }

        foreach (var label in labels)
        {
            writer.Write(label);
            writer.Write('\n');
        }

        writer.Write("      flat  flat%   sum%        cum   cum%\n");
        long sum = 0;
        foreach (var row in report.Rows)
        {
            sum += row.Flat;
            writer.Write(GoFormat.PadLeft(Format(row.Flat), 10));
            writer.Write(' ');
            writer.Write(PprofText.Percentage(row.Flat, report.Total));
            writer.Write(' ');
            writer.Write(PprofText.Percentage(sum, report.Total));
            writer.Write(' ');
            writer.Write(GoFormat.PadLeft(Format(row.Cum), 10));
            writer.Write(' ');
            writer.Write(PprofText.Percentage(row.Cum, report.Total));
            writer.Write("  ");
            writer.Write(row.Name);
            writer.Write(InlineSuffix(row.Inline));
            writer.Write('\n');
        }
    }

    private static string InlineSuffix(InlineMark mark) => mark switch
    {
        InlineMark.Inline => " (inline)",
        InlineMark.PartialInline => " (partial-inline)",
        _ => "",
    };
}
