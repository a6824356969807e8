using System.Text;

namespace GoMem.Output.Text;

/// <summary>
/// The one text table layout of GoMem. Columns are as wide as their widest cell (or as declared with
/// <see cref="TextColumn"/>); cells can span columns, carry their own left margin and alignment; "shrink" columns never
/// widen for a spanning cell. That is the layout benchstat's text tables use, so ours line up identically, and it
/// also serves plain column tables (<see cref="AddRow"/>) and full-width rules (<see cref="Rule"/>). Widths count
/// runes; no line ends in padding.
/// </summary>
public sealed class TextTable(params TextColumn[] columns)
{
    public enum Align
    {
        Left,
        Center,
        Right,
    }

    private readonly TextColumn[] _declared = columns;
    private readonly List<TableCell> _cells = [];
    private readonly List<bool> _shrink = [];
    private int _cellColumns;
    private int _row;

    public int CurrentColumn { get; private set; }

    public TextTable Row()
    {
        if (_cells.Count > 0)
        {
            _row++;
        }

        CurrentColumn = 0;
        return this;
    }

    /// <summary>A new row with one cell per value, from the first column, each laid out as its column says.</summary>
    public TextTable AddRow(params string[] values)
    {
        Row();
        foreach (var value in values)
        {
            Cell(value);
        }

        return this;
    }

    /// <summary>A row that is a line of <paramref name="fill"/> across the table's full width.</summary>
    public TextTable Rule(char fill)
    {
        Row();
        _cells.Add(new TableCell(_row, 0, 0, "", "", Align.Left, fill));
        return this;
    }

    public TextTable Col(int column)
    {
        if (column < CurrentColumn)
        {
            throw new InvalidOperationException($"cannot move from column {CurrentColumn} back to {column}");
        }

        CurrentColumn = column;
        return this;
    }

    public TextTable Cell(string value, Align? align = null, string? leftMargin = null) => Span(1, value, align, leftMargin);

    /// <summary>
    /// Adds a cell over <paramref name="span"/> columns. Alignment and margin default to the column's; in an undeclared
    /// column, left and one space, except in column 0 or for empty cells.
    /// </summary>
    public TextTable Span(int span, string value, Align? align = null, string? leftMargin = null)
    {
        var declared = CurrentColumn < _declared.Length ? _declared[CurrentColumn] : null;
        var margin = leftMargin ?? declared?.Margin ?? (CurrentColumn == 0 || value.Length == 0 ? "" : " ");
        _cells.Add(new TableCell(_row, CurrentColumn, span, value, margin, align ?? declared?.Align ?? Align.Left));
        CurrentColumn += span;
        _cellColumns = Math.Max(_cellColumns, CurrentColumn);
        return this;
    }

    public void SetShrink(int column)
    {
        while (_shrink.Count <= column)
        {
            _shrink.Add(false);
        }

        _shrink[column] = true;
    }

    public void WriteTo(TextWriter writer)
    {
        var offsets = Offsets();
        var end = offsets.Starts[^1];
        var line = new StringBuilder();
        var row = 0;
        var position = 0;

        // Cells are kept in the order they were added, which is already row by row, left to right (Col never moves back).
        foreach (var cell in _cells)
        {
            if (cell.Fill is null && cell.Blank)
            {
                continue;
            }

            while (cell.Row > row)
            {
                writer.Write(line.Append('\n'));
                line.Clear();
                row++;
                position = 0;
            }

            if (cell.Fill is { } fill)
            {
                line.Append(fill, end);
                position = end;
                continue;
            }

            var margin = offsets.Margins[cell.Column];
            var spaces = offsets[cell.Column] - position;
            line.Append(' ', Math.Max(0, spaces));
            line.Append(' ', Math.Max(0, margin - cell.MarginWidth)).Append(cell.LeftMargin);
            position += spaces + margin;
            var width = offsets[cell.Column + cell.Span] - offsets[cell.Column] - margin;
            var lead = cell.Align switch
            {
                Align.Center => Math.Max(0, (width - cell.Width) / 2),
                Align.Right => Math.Max(0, width - cell.Width),
                _ => 0,
            };
            line.Append(' ', lead).Append(cell.Value);
            position += lead + cell.Width;
        }

        if (_cells.Count > 0)
        {
            writer.Write(line.Append('\n'));
        }
    }

    /// <summary>Where each column starts (and, at index column count, where the table ends), with each column's margin.</summary>
    private ColumnOffsets Offsets()
    {
        var count = Math.Max(_cellColumns, _declared.Length);
        var margins = new int[count];
        var widths = new int[count];
        for (var c = 0; c < _declared.Length; c++)
        {
            margins[c] = Width(_declared[c].Margin);
        }

        var maxSpan = 0;
        foreach (var cell in _cells)
        {
            if (cell.Fill is null)
            {
                margins[cell.Column] = Math.Max(margins[cell.Column], cell.MarginWidth);
                maxSpan = Math.Max(maxSpan, cell.Span);
            }
        }

        for (var c = 0; c < _declared.Length; c++)
        {
            widths[c] = margins[c] + _declared[c].Width;
        }

        // Widths from single cells first, then spanning cells widen their growable columns, narrowest span first
        // and in order of addition within a span (one pass per span length: there are only a few).
        for (var span = 0; span <= maxSpan; span++)
        {
            foreach (var cell in _cells)
            {
                if (cell.Fill is null && cell.Span == span)
                {
                    Widen(cell, margins, widths);
                }
            }
        }

        var offsets = new int[count + 1];
        for (var c = 0; c < count; c++)
        {
            offsets[c + 1] = offsets[c] + widths[c];
        }

        return new ColumnOffsets(offsets, margins);
    }

    private void Widen(TableCell cell, int[] margins, int[] widths)
    {
        var need = cell.Width + margins[cell.Column];
        if (cell.Span == 1)
        {
            if (!IsFixed(cell.Column))
            {
                widths[cell.Column] = Math.Max(widths[cell.Column], need);
            }

            return;
        }

        var total = 0;
        for (var c = cell.Column; c < cell.Column + cell.Span; c++)
        {
            total += widths[c];
        }

        if (total >= need)
        {
            return;
        }

        var growable = new List<int>();
        for (var c = cell.Column; c < cell.Column + cell.Span; c++)
        {
            if ((c < _shrink.Count && _shrink[c]) || IsFixed(c))
            {
                need -= widths[c];
            }
            else
            {
                growable.Add(c);
            }
        }

        // A stable sort, widest first, matching the reference layout's tie order for equal widths.
        growable = [.. growable.OrderByDescending(c => widths[c])];
        var remaining = growable.Count;
        foreach (var c in growable)
        {
            var average = (need + remaining - 1) / remaining;
            widths[c] = Math.Max(widths[c], average);
            need -= widths[c];
            remaining--;
        }
    }

    private bool IsFixed(int column) => column < _declared.Length && _declared[column].Fixed;

    /// <summary>Width in runes (benchstat counts code points, and its box-drawing and µ are one column each).</summary>
    private static int Width(string text)
    {
        // Only surrogate pairs make runes and chars differ: most text has none, so no rune walk.
        if (text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0)
        {
            return text.Length;
        }

        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    /// <summary>One cell, with its widths measured once (a table can hold millions).</summary>
    private readonly record struct TableCell(int Row, int Column, int Span, string Value, string LeftMargin, Align Align, char? Fill = null)
    {
        public int Width { get; } = TextTable.Width(Value);

        public int MarginWidth { get; } = TextTable.Width(LeftMargin);

        /// <summary>Nothing to print: value and margin are both blank (only a fill makes such a cell show).</summary>
        public bool Blank { get; } = Value.AsSpan().Trim().IsEmpty && LeftMargin.AsSpan().Trim().IsEmpty;
    }

    private sealed record ColumnOffsets(int[] Starts, int[] Margins)
    {
        public int this[int column] => Starts[column];
    }
}
