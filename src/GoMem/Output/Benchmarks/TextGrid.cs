using System.Text;

namespace GoMem.Output.Benchmarks;

/// <summary>
/// Fixed-width table layout with cells spanning columns, per-column left margins and "shrink" columns that
/// never widen for a spanning cell: the layout benchstat's text tables use, so ours line up identically.
/// </summary>
internal sealed class TextGrid
{
    public enum Align
    {
        Left,
        Center,
        Right,
    }

    private readonly List<GridCell> _cells = [];
    private readonly List<bool> _shrink = [];
    private int _columns;
    private int _row;

    public int CurrentColumn { get; private set; }

    public TextGrid Row()
    {
        if (_cells.Count > 0)
        {
            _row++;
        }

        CurrentColumn = 0;
        return this;
    }

    public TextGrid Col(int column)
    {
        if (column < CurrentColumn)
        {
            throw new InvalidOperationException($"cannot move from column {CurrentColumn} back to {column}");
        }

        CurrentColumn = column;
        return this;
    }

    public TextGrid Cell(string value, Align align = Align.Left, string? leftMargin = null) => Span(1, value, align, leftMargin);

    /// <summary>Adds a cell over <paramref name="span"/> columns; the default margin is one space except in column 0 or for empty cells.</summary>
    public TextGrid Span(int span, string value, Align align = Align.Left, string? leftMargin = null)
    {
        var margin = leftMargin ?? (CurrentColumn == 0 || value.Length == 0 ? "" : " ");
        _cells.Add(new GridCell(_row, CurrentColumn, span, value, margin, align));
        CurrentColumn += span;
        _columns = Math.Max(_columns, CurrentColumn);
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
        var margins = new int[_columns];
        foreach (var cell in _cells)
        {
            margins[cell.Column] = Math.Max(margins[cell.Column], Width(cell.LeftMargin));
        }

        // Widths from single cells first, then spanning cells widen their non-shrink columns, widest first.
        var widths = new int[_columns];
        foreach (var cell in _cells.OrderBy(c => c.Span))
        {
            var need = Width(cell.Value) + margins[cell.Column];
            if (cell.Span == 1)
            {
                widths[cell.Column] = Math.Max(widths[cell.Column], need);
                continue;
            }

            var total = 0;
            for (var c = cell.Column; c < cell.Column + cell.Span; c++)
            {
                total += widths[c];
            }

            if (total >= need)
            {
                continue;
            }

            var growable = new List<int>();
            for (var c = cell.Column; c < cell.Column + cell.Span; c++)
            {
                if (c < _shrink.Count && _shrink[c])
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

        var offsets = new int[_columns + 1];
        for (var c = 0; c < _columns; c++)
        {
            offsets[c + 1] = offsets[c] + widths[c];
        }

        var line = new StringBuilder();
        var row = 0;
        var position = 0;
        foreach (var cell in _cells.OrderBy(c => c.Row).ThenBy(c => c.Column))
        {
            if (cell.Value.Trim().Length == 0 && cell.LeftMargin.Trim().Length == 0)
            {
                continue;
            }

            while (cell.Row > row)
            {
                writer.Write(line.Append('\n').ToString());
                line.Clear();
                row++;
                position = 0;
            }

            var spaces = offsets[cell.Column] - position;
            line.Append(' ', Math.Max(0, spaces));
            line.Append(' ', Math.Max(0, margins[cell.Column] - Width(cell.LeftMargin))).Append(cell.LeftMargin);
            position += spaces + margins[cell.Column];
            var width = offsets[cell.Column + cell.Span] - offsets[cell.Column] - margins[cell.Column];
            var padded = Pad(cell.Value, width, cell.Align);
            line.Append(padded);
            position += Width(padded);
        }

        if (_cells.Count > 0)
        {
            writer.Write(line.Append('\n').ToString());
        }
    }

    private static string Pad(string value, int width, Align align) => align switch
    {
        Align.Center => new string(' ', Math.Max(0, (width - Width(value)) / 2)) + value,
        Align.Right => new string(' ', Math.Max(0, width - Width(value))) + value,
        _ => value,
    };

    /// <summary>Width in runes (benchstat counts code points, and its box-drawing and µ are one column each).</summary>
    private static int Width(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }

    private sealed record GridCell(int Row, int Column, int Span, string Value, string LeftMargin, Align Align);
}
