using GoMem.Output.Text;
using static GoMem.Output.Text.TextTable;

namespace GoMem.Tests.Output.Text;

/// <summary>The one table writer: fitted, minimum and fixed (printf-like) widths, rules, margins, no padding at line ends.</summary>
public sealed class TextTableTests
{
    [Fact]
    public void Columns_fit_their_widest_cell_with_their_alignment_and_margin()
    {
        var table = new TextTable(new TextColumn(Align.Left, "  "), new TextColumn(Align.Right, "  "))
            .AddRow("", "traced")
            .AddRow("GC cycles", "1,024")
            .AddRow("peak", "3MB");

        Assert.Equal("             traced\n  GC cycles   1,024\n  peak          3MB\n", Write(table));
    }

    [Fact]
    public void A_fixed_width_never_widens_and_a_longer_cell_pushes_only_its_own_row()
    {
        var table = new TextTable(new TextColumn(Align.Left, "", 4, Fixed: true), new TextColumn(Align.Right, " ", 3, Fixed: true), new TextColumn(Align.Left, "  "))
            .AddRow("ab", "1", "x")
            .AddRow("abcdef", "22", "y")
            .AddRow("c", "4444", "z");

        // As Go's "%-4s %3s  %s".
        Assert.Equal("ab     1  x\nabcdef  22  y\nc    4444  z\n", Write(table));
    }

    [Fact]
    public void A_minimum_width_holds_until_content_is_wider()
    {
        var narrow = new TextTable(new TextColumn(Align.Left, "", 4), new TextColumn(Align.Left, "  ")).AddRow("ab", "x");
        var wide = new TextTable(new TextColumn(Align.Left, "", 4), new TextColumn(Align.Left, "  ")).AddRow("abcdef", "x").AddRow("a", "y");

        Assert.Equal("ab    x\n", Write(narrow));
        Assert.Equal("abcdef  x\na       y\n", Write(wide));
    }

    [Fact]
    public void A_rule_spans_the_whole_table_and_a_cell_can_start_at_a_later_column()
    {
        var table = new TextTable(new TextColumn(Align.Right), new TextColumn(Align.Left, " "))
            .AddRow("10", "a")
            .Rule('─');
        table.Row().Col(1).Cell("note");

        Assert.Equal("10 a\n───────\n   note\n", Write(table));
    }

    [Fact]
    public void Empty_cells_leave_no_trailing_spaces()
    {
        var table = new TextTable(new TextColumn(Align.Left, "", 6, Fixed: true), new TextColumn(Align.Right, " ", 4, Fixed: true))
            .AddRow("a", "")
            .AddRow("b", "1");

        Assert.Equal("a\nb         1\n", Write(table));
    }

    private static string Write(TextTable table)
    {
        var writer = new StringWriter();
        table.WriteTo(writer);
        return writer.ToString();
    }
}
