using System.Text.Json;
using GoMem.Output.Json;
using GoMem.Output.Terminal;
using GoMem.Profiles;
using GoMem.Profiles.Analysis;
using Spectre.Console;
using static GoMem.Output.Text.HumanText;
using GoMem.Output.Text;

namespace GoMem.Output.Profiles;

/// <summary>Writes an <see cref="AllocRetentionReport"/> as a terminal table with a legend, or as JSON.</summary>
public static class AllocRetentionRenderers
{
    public static void WriteText(TextWriter writer, AllocRetentionReport report, bool interactive, TimeZoneInfo zone)
    {
        foreach (var label in PprofLabels.For(report.Summary, 0, "minimum", zone))
        {
            writer.Write(label);
            writer.Write('\n');
        }

        writer.Write($"Allocated {Bytes(report.TotalAllocSpace)} since start; {Bytes(report.TotalInuseSpace)} in use at the last GC.\n");
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumn(new TableColumn("alloc_space").RightAligned());
        table.AddColumn(new TableColumn("alloc%").RightAligned());
        table.AddColumn(new TableColumn("inuse_space").RightAligned());
        table.AddColumn(new TableColumn("inuse%").RightAligned());
        table.AddColumn(new TableColumn("alloc/inuse").RightAligned());
        table.AddColumn(new TableColumn("verdict"));
        table.AddColumn(new TableColumn("function"));
        foreach (var row in report.Rows)
        {
            table.AddRow(
                Bytes(row.AllocSpace),
                PprofText.Percentage(row.AllocSpace, report.TotalAllocSpace).Trim(),
                Bytes(row.InuseSpace),
                PprofText.Percentage(row.InuseSpace, report.TotalInuseSpace).Trim(),
                row.AllocToInuseRatio is { } ratio ? GoFormat.Fixed(ratio, 1) + "x" : "all freed",
                Verdict(row.Verdict),
                Markup.Escape(row.Name));
        }

        TerminalConsole.Write(writer, table, interactive);
        writer.Write("churn:     allocates over 100x what it keeps (and at least 1% of all allocation): short-lived garbage that costs GC time.\n");
        writer.Write("           Reuse buffers (sync.Pool), preallocate slices and maps with a capacity, avoid conversions that copy.\n");
        writer.Write("retention: holds at least 5% (and 64kB) of the live heap: a cache, a pool or a leak. Compare two snapshots with `gomem diff`.\n");
    }

    public static void WriteJson(Stream stream, AllocRetentionReport report)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        JsonFields.WriteSummary(json, report.Summary);
        json.WriteNumber("totalAllocSpace", report.TotalAllocSpace);
        json.WriteNumber("totalInuseSpace", report.TotalInuseSpace);
        json.WriteNumber("churnRatio", AllocRetentionReport.ChurnRatio);
        json.WriteStartArray("rows");
        foreach (var row in report.Rows)
        {
            json.WriteStartObject();
            json.WriteString("name", row.Name);
            json.WriteNumber("allocSpace", row.AllocSpace);
            json.WriteNumber("allocObjects", row.AllocObjects);
            json.WriteNumber("inuseSpace", row.InuseSpace);
            json.WriteNumber("inuseObjects", row.InuseObjects);
            json.WriteNumberOrNull("allocToInuseRatio", row.AllocToInuseRatio);
            json.WriteString("verdict", row.Verdict.ToString().ToLowerInvariant());
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }

    private static string Verdict(MemoryVerdict verdict) => verdict switch
    {
        MemoryVerdict.Churn => "churn",
        MemoryVerdict.Retention => "retention",
        _ => "",
    };
}
