using System.Text;
using GoMem.Benchmarks.Comparison;
using GoMem.Benchmarks.Units;
using GoMem.Output.Text;

namespace GoMem.Output.Benchmarks;

/// <summary>
/// benchstat's CSV: full-precision numbers (Go's %v), CI percentages, the change and test columns; warnings go to
/// a separate writer prefixed with spreadsheet cell references (B6: ...), so the CSV stays a clean table.
/// </summary>
public static class ComparisonCsvRenderer
{
    private const int LabelColumns = 1;
    private const int CenterColumns = 2;
    private const int DeltaColumns = 2;

    public static void Write(TextWriter writer, TextWriter warnings, ComparisonReport report)
    {
        var rowNumber = 1;
        ComparisonTable? previous = null;
        foreach (var table in report.Tables)
        {
            if (previous is not null)
            {
                WriteRow(writer, [""]);
                rowNumber++;
            }

            for (var i = 0; i < table.Config.Count; i++)
            {
                if (previous is null || previous.Config[i].Value != table.Config[i].Value)
                {
                    WriteRow(writer, [$"{table.Config[i].Key}: {table.Config[i].Value}"]);
                    rowNumber++;
                }
            }

            previous = table;
            rowNumber += WriteTable(writer, warnings, table, rowNumber);
        }
    }

    private static int StartColumn(int experiment) =>
        experiment == 0 ? LabelColumns : LabelColumns + CenterColumns + ((experiment - 1) * (CenterColumns + DeltaColumns));

    private static int WriteTable(TextWriter writer, TextWriter warnings, ComparisonTable table, int startRow)
    {
        var rows = 0;
        var row = new List<string>();
        void ClearTo(int column)
        {
            while (row.Count < column)
            {
                row.Add("");
            }
        }

        void Emit()
        {
            // Every table row spans the full width, trailing empty cells included.
            ClearTo(StartColumn(table.Columns.Count));
            WriteRow(writer, row);
            row.Clear();
            rows++;
        }

        void Warn(IEnumerable<string> messages)
        {
            foreach (var message in messages)
            {
                warnings.Write($"{ColumnName(row.Count)}{startRow + rows}: {message}\n");
            }
        }

        for (var c = 0; c < table.Columns.Count; c++)
        {
            ClearTo(StartColumn(c));
            row.Add(table.Columns[c]);
        }

        Emit();
        for (var c = 0; c < table.Columns.Count; c++)
        {
            ClearTo(StartColumn(c));
            row.Add(table.Unit);
            row.Add("CI");
            if (c > 0)
            {
                row.Add("vs base");
                row.Add("P");
            }
        }

        Emit();
        foreach (var benchmark in table.Rows)
        {
            row.Add(benchmark.Name);
            for (var c = 0; c < benchmark.Cells.Count; c++)
            {
                if (benchmark.Cells[c] is not { } cell)
                {
                    continue;
                }

                ClearTo(StartColumn(c));
                Warn(cell.SampleWarnings);
                Warn(cell.Summary.Warnings);
                row.Add(GoFormat.Shortest(cell.Summary.Center));
                row.Add(cell.Summary.RangeText);
                if (c > 0 && cell.Comparison is { } comparison)
                {
                    Warn(comparison.Warnings);
                    row.Add(comparison.DeltaText);
                    row.Add(comparison.TestText);
                }
            }

            Emit();
        }

        row.Add("geomean");
        for (var c = 0; c < table.Summary.Count; c++)
        {
            var summary = table.Summary[c];
            ClearTo(StartColumn(c));
            Warn(summary.Warnings);
            if (summary.Geomean is { } geomean)
            {
                row.Add(GoFormat.Shortest(geomean));
            }

            if (c > 0)
            {
                ClearTo(StartColumn(c) + CenterColumns);
                row.Add(summary.Ratio is { } ratio ? GoFormat.SignedFixed((ratio - 1) * 100, 2) + "%" : "?");
            }
        }

        Emit();
        return rows;
    }

    /// <summary>Spreadsheet column letters for a zero-based index, as benchstat computes them.</summary>
    private static string ColumnName(int index)
    {
        var name = new StringBuilder();
        for (var x = index; x > 0; x /= 26)
        {
            name.Insert(0, (char)('A' + (x % 26)));
        }

        return name.Length == 0 ? "A" : name.ToString();
    }

    /// <summary>RFC 4180 quoting as Go's encoding/csv writes it: quote fields holding a comma, quote, CR/LF, or a leading space.</summary>
    private static void WriteRow(TextWriter writer, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            var field = fields[i];
            var quote = field.Length > 0 && (field.IndexOfAny([',', '"', '\r', '\n']) >= 0 || field[0] == ' ' || field[0] == '\t');
            writer.Write(quote ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field);
        }

        writer.Write('\n');
    }
}
