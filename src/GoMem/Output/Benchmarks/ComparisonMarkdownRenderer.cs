using GoMem.Benchmarks.Comparison;
using GoMem.Benchmarks.Units;
using GoMem.Output.Markdown;
using GoMem.Output.Text;

namespace GoMem.Output.Benchmarks;

/// <summary>
/// A comparison as GitHub-flavoured Markdown (for pull-request comments): one table per configuration and unit with
/// the same figures as the text output, and the warnings as superscript notes under it.
/// </summary>
public static class ComparisonMarkdownRenderer
{
    public static void Write(TextWriter writer, ComparisonReport report)
    {
        ComparisonTable? previous = null;
        foreach (var table in report.Tables)
        {
            var changed = table.Config.Where((entry, i) => previous is null || previous.Config[i].Value != entry.Value).ToList();
            if (changed.Count > 0)
            {
                writer.Write(string.Join(", ", changed.Select(e => $"{MarkdownText.Escape(e.Key)}: `{e.Value.Replace("`", "'", StringComparison.Ordinal)}`")) + "\n\n");
            }

            previous = table;
            WriteTable(writer, table);
            writer.Write('\n');
        }

        foreach (var note in report.Notes)
        {
            writer.Write(MarkdownText.Escape(note) + "\n");
        }
    }

    private static void WriteTable(TextWriter writer, ComparisonTable table)
    {
        var warnings = new List<string>();
        string Mark(IEnumerable<string> messages)
        {
            var marks = new List<string>();
            foreach (var message in messages)
            {
                var index = warnings.IndexOf(message);
                if (index < 0)
                {
                    index = warnings.Count;
                    warnings.Add(message);
                }

                marks.Add(Superscript(index + 1));
            }

            return marks.Count == 0 ? "" : " " + string.Join(" ", marks);
        }

        var header = new List<string> { $"{MarkdownText.Escape(table.Unit)}" };
        for (var c = 0; c < table.Columns.Count; c++)
        {
            header.Add(MarkdownText.Escape(table.Columns[c]));
            if (c > 0)
            {
                header.Add("vs base");
                header.Add("p / n");
            }
        }

        writer.Write("| " + string.Join(" | ", header) + " |\n");
        writer.Write("| --- |" + string.Concat(Enumerable.Repeat(" ---: |", header.Count - 1)) + "\n");
        var unitClass = BenchmarkUnits.ClassOf(table.Unit);
        foreach (var row in table.Rows)
        {
            var scaler = UnitScaler.Common(row.Cells.Where(c => c is not null).Select(c => c!.Summary.Center), unitClass);
            var cells = new List<string> { MarkdownText.Escape(row.Name) };
            for (var c = 0; c < row.Cells.Count; c++)
            {
                var cell = row.Cells[c];
                cells.Add(cell is null ? "" : $"{scaler.Format(cell.Summary.Center)} ± {cell.Summary.RangeText}{Mark([.. cell.SampleWarnings, .. cell.Summary.Warnings, .. OutlierNote(cell.Outliers)])}");
                if (c > 0)
                {
                    var comparison = cell?.Comparison;
                    cells.Add(comparison is null ? "" : Bold(comparison));
                    cells.Add(comparison is null ? "" : comparison.TestText + Mark(comparison.Warnings));
                }
            }

            writer.Write("| " + string.Join(" | ", cells) + " |\n");
        }

        if (table.Rows.Count > 1)
        {
            var cells = new List<string> { "geomean" };
            for (var c = 0; c < table.Summary.Count; c++)
            {
                var summary = table.Summary[c];
                cells.Add((summary.Geomean is { } g ? UnitScaler.Scale(g, unitClass) : "") + Mark(summary.Warnings));
                if (c > 0)
                {
                    cells.Add(summary.Ratio is { } ratio ? GoFormat.SignedFixed((ratio - 1) * 100, 2) + "%" : "?");
                    cells.Add("");
                }
            }

            writer.Write("| " + string.Join(" | ", cells) + " |\n");
        }

        for (var i = 0; i < warnings.Count; i++)
        {
            writer.Write(i == 0 ? "\n" : "");
            // Superscript notes, not "[1]: ..." (Markdown would take that for a hidden link definition).
            writer.Write($"{Superscript(i + 1)} {MarkdownText.Escape(warnings[i])}  \n");
        }
    }

    private static string[] OutlierNote(int outliers) =>
        outliers == 0 ? [] : [outliers == 1 ? "1 outlier beyond 1.5 IQR of the quartiles (kept, as benchstat does)" : $"{outliers} outliers beyond 1.5 IQR of the quartiles (kept, as benchstat does)"];

    private static string Superscript(int number)
    {
        const string digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        return string.Concat(number.ToString(System.Globalization.CultureInfo.InvariantCulture).Select(c => digits[c - '0']));
    }

    private static string Bold(CellComparison comparison) => comparison.Significant && comparison.DeltaPercent is not (null or 0) ? $"**{comparison.DeltaText}**" : comparison.DeltaText;

}
