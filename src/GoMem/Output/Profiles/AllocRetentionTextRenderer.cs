using GoMem.Output.Text;
using GoMem.Profiles.Analysis;
using static GoMem.Output.Text.HumanText;
using static GoMem.Output.Text.TextTable;

namespace GoMem.Output.Profiles;

/// <summary>Writes an <see cref="AllocRetentionReport"/> as a table under pprof's header lines, with a legend.</summary>
public static class AllocRetentionTextRenderer
{
    /// <summary>Numbers right-aligned, words left; three spaces between columns, two before the first.</summary>
    private static readonly TextColumn[] Columns =
    [
        new(Align.Right, "  "),
        new(Align.Right, "   "),
        new(Align.Right, "   "),
        new(Align.Right, "   "),
        new(Align.Right, "   "),
        new(Align.Left, "   "),
        new(Align.Left, "   "),

        // Nothing in it: the rule under the header runs two columns past the widest row.
        new(Align.Left, "  "),
    ];

    public static void Write(TextWriter writer, AllocRetentionReport report, TimeZoneInfo zone)
    {
        foreach (var label in PprofLabels.For(report.Summary, 0, "minimum", zone))
        {
            writer.Write(label);
            writer.Write('\n');
        }

        writer.Write($"Allocated {Bytes(report.TotalAllocSpace)} since start; {Bytes(report.TotalInuseSpace)} in use at the last GC.\n");
        var table = new TextTable(Columns)
            .AddRow("alloc_space", "alloc%", "inuse_space", "inuse%", "alloc/inuse", "verdict", "function")
            .Rule('─');
        foreach (var row in report.Rows)
        {
            table.AddRow(
                Bytes(row.AllocSpace),
                PprofText.Percentage(row.AllocSpace, report.TotalAllocSpace).Trim(),
                Bytes(row.InuseSpace),
                PprofText.Percentage(row.InuseSpace, report.TotalInuseSpace).Trim(),
                row.AllocToInuseRatio is { } ratio ? GoFormat.Fixed(ratio, 1) + "x" : "all freed",
                Verdict(row.Verdict),
                row.Name);
        }

        table.WriteTo(writer);
        writer.Write("churn:     allocates over 100x what it keeps (and at least 1% of all allocation): short-lived garbage that costs GC time.\n");
        writer.Write("           Reuse buffers (sync.Pool), preallocate slices and maps with a capacity, avoid conversions that copy.\n");
        writer.Write("retention: holds at least 5% (and 64kB) of the live heap: a cache, a pool or a leak. Compare two snapshots with `gomem diff`.\n");
    }

    private static string Verdict(MemoryVerdict verdict) => verdict switch
    {
        MemoryVerdict.Churn => "churn",
        MemoryVerdict.Retention => "retention",
        _ => "",
    };
}
