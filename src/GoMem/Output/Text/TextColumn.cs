namespace GoMem.Output.Text;

/// <summary>
/// How a <see cref="TextTable"/> column lays out its cells unless a cell says otherwise: alignment, the text before
/// each cell (<paramref name="Margin"/>), and a width. The width is a minimum that content widens; a
/// <paramref name="Fixed"/> width never widens, and a longer cell pushes only the rest of its own row, as Go's
/// <c>%-8s</c> and <c>%10s</c> do.
/// </summary>
public sealed record TextColumn(TextTable.Align Align = TextTable.Align.Left, string Margin = "", int Width = 0, bool Fixed = false);
