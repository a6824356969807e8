using GoMem.Benchmarks.Comparison;
using GoMem.Benchmarks.Units;
using GoMem.Output.Text;

namespace GoMem.Output.Benchmarks;

/// <summary>
/// benchstat's text output: configuration lines where they change, then per table a header with the column labels
/// and unit, one row per benchmark (centre ± CI, change and test), the geomean row, and numbered footnotes.
/// </summary>
public static class ComparisonTextRenderer
{
    private const int LabelColumns = 1;
    private const int CenterColumns = 3;
    private const int DeltaColumns = 3;

    public static void Write(TextWriter writer, ComparisonReport report)
    {
        ComparisonTable? previous = null;
        foreach (var table in report.Tables)
        {
            if (previous is not null)
            {
                writer.Write('\n');
            }

            for (var i = 0; i < table.Config.Count; i++)
            {
                if (previous is null || previous.Config[i].Value != table.Config[i].Value)
                {
                    writer.Write($"{table.Config[i].Key}: {table.Config[i].Value}\n");
                }
            }

            previous = table;
            WriteTable(writer, table);
        }

        foreach (var note in report.Notes)
        {
            writer.Write(note + "\n");
        }
    }

    private static int StartColumn(int experiment) =>
        experiment == 0 ? LabelColumns : LabelColumns + CenterColumns + ((experiment - 1) * (CenterColumns + DeltaColumns));

    private static void WriteTable(TextWriter writer, ComparisonTable table)
    {
        var grid = new TextTable();
        var footnotes = new Footnotes();
        var rightEdge = StartColumn(table.Columns.Count + 1);

        grid.Row();
        for (var c = 0; c < table.Columns.Count; c++)
        {
            var left = StartColumn(c);
            grid.Col(left).Span(StartColumn(c + 1) - left, table.Columns[c], TextTable.Align.Center, " │ ");
        }

        grid.Col(rightEdge).Cell("", leftMargin: " │");

        grid.Row();
        for (var c = 0; c < table.Columns.Count; c++)
        {
            var left = StartColumn(c);
            grid.Col(left).Span(CenterColumns, table.Unit, TextTable.Align.Center, " │ ");
            if (c > 0)
            {
                grid.Span(DeltaColumns, "vs base", TextTable.Align.Left, "  ");
            }

            for (var j = left + 1; j < grid.CurrentColumn; j++)
            {
                grid.SetShrink(j);
            }
        }

        grid.Col(rightEdge).Cell("", leftMargin: " │");

        var unitClass = BenchmarkUnits.ClassOf(table.Unit);
        foreach (var row in table.Rows)
        {
            grid.Row();
            grid.Cell(row.Name);
            var scaler = UnitScaler.Common(row.Cells.Where(c => c is not null).Select(c => c!.Summary.Center), unitClass);
            for (var c = 0; c < row.Cells.Count; c++)
            {
                if (row.Cells[c] is not { } cell)
                {
                    continue;
                }

                grid.Col(StartColumn(c));
                grid.Cell(scaler.Format(cell.Summary.Center), TextTable.Align.Right);
                grid.Cell(cell.Summary.RangeText, TextTable.Align.Right, " ± ");
                grid.Cell(footnotes.Mark(cell.SampleWarnings, cell.Summary.Warnings));
                if (c > 0 && cell.Comparison is { } comparison)
                {
                    grid.Cell(comparison.DeltaText, TextTable.Align.Right);
                    grid.Cell("(" + comparison.TestText + ")");
                    grid.Cell(footnotes.Mark(comparison.Warnings));
                }
            }
        }

        if (table.Rows.Count > 1)
        {
            grid.Row();
            grid.Cell("geomean");
            for (var c = 0; c < table.Summary.Count; c++)
            {
                var summary = table.Summary[c];
                if (summary.Geomean is { } geomean)
                {
                    grid.Col(StartColumn(c));
                    grid.Cell(UnitScaler.Scale(geomean, unitClass), TextTable.Align.Right);
                }

                if (c > 0)
                {
                    grid.Col(StartColumn(c) + CenterColumns);
                    grid.Cell(summary.Ratio is { } ratio ? GoFormat.SignedFixed((ratio - 1) * 100, 2) + "%" : "?", summary.Ratio is null ? TextTable.Align.Left : TextTable.Align.Right);
                }

                grid.Col(StartColumn(c + 1) - 1);
                grid.Cell(footnotes.Mark(summary.Warnings));
            }
        }

        grid.WriteTo(writer);
        footnotes.WriteTo(writer);
    }

    /// <summary>Numbers each distinct warning in order of first use, shown as superscripts.</summary>
    private sealed class Footnotes
    {
        private readonly List<string> _messages = [];

        public string Mark(params IReadOnlyList<string>[] groups)
        {
            var marks = new List<string>();
            foreach (var group in groups)
            {
                foreach (var message in group)
                {
                    var index = _messages.IndexOf(message);
                    if (index < 0)
                    {
                        index = _messages.Count;
                        _messages.Add(message);
                    }

                    marks.Add(Superscript(index + 1));
                }
            }

            return string.Join(" ", marks);
        }

        public void WriteTo(TextWriter writer)
        {
            for (var i = 0; i < _messages.Count; i++)
            {
                writer.Write($"{Superscript(i + 1)} {_messages[i]}\n");
            }
        }

        private static string Superscript(int number)
        {
            const string digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
            var text = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var result = new char[text.Length];
            for (var i = 0; i < text.Length; i++)
            {
                result[i] = digits[text[i] - '0'];
            }

            return new string(result);
        }
    }
}
