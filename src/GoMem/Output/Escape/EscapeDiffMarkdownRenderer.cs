using System.Text;
using GoMem.Escape;
using GoMem.Escape.Analysis;

namespace GoMem.Output.Escape;

/// <summary>The diff as GitHub-flavoured Markdown, for a pull-request comment. Every untrusted text is escaped.</summary>
public static class EscapeDiffMarkdownRenderer
{
    public static void Write(TextWriter w, EscapeDiff d, string sourceRoot = "")
    {
        w.WriteLine("## Escape analysis diff");
        w.WriteLine();
        w.WriteLine($"`{Code(EscapeText.DisplayName(d.OldSource))}` → `{Code(EscapeText.DisplayName(d.NewSource))}`: {EscapeDiffText.Counts(d)}; {d.UnchangedEscapes} escapes unchanged.");
        if (d.Changes.IsEmpty)
        {
            w.WriteLine();
            w.WriteLine("No escape or inlining changes.");
            return;
        }

        w.WriteLine();
        w.WriteLine("| change | location | function | kind | what |");
        w.WriteLine("| --- | --- | --- | --- | --- |");
        foreach (var c in d.Changes)
        {
            var f = c.Current.Finding;
            var location = sourceRoot + f.File + ":" + f.Line + (f.Column > 0 ? ":" + f.Column : "");
            w.WriteLine($"| {Icon(c.Kind)} {EscapeChangeKinds.Name(c.Kind)} | `{Code(location)}` | `{Code(EscapeText.FunctionLabel(f.Function))}` | {EscapeKinds.Name(f.Kind)} | {Cell(EscapeDiffText.Message(c))} |");
        }
    }

    private static string Icon(EscapeChangeKind kind) => kind switch
    {
        EscapeChangeKind.NewEscape or EscapeChangeKind.LostInline => "⚠️",
        _ => "✅",
    };

    /// <summary>Text inside a code span: backticks cannot be escaped there, so they become a look-alike; pipes are escaped.</summary>
    private static string Code(string text) => text.Replace('`', '\'').Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    /// <summary>Plain table cell: Markdown and HTML specials escaped so names from the log cannot inject markup.</summary>
    private static string Cell(string text)
    {
        var sb = new StringBuilder(text.Length + 16);
        foreach (var ch in text)
        {
            switch (ch)
            {
                case '\\' or '`' or '*' or '_' or '[' or ']' or '|' or '#' or '~' or '!' or '{' or '}':
                    sb.Append('\\').Append(ch);
                    break;
                case '<':
                    sb.Append("&lt;");
                    break;
                case '>':
                    sb.Append("&gt;");
                    break;
                case '&':
                    sb.Append("&amp;");
                    break;
                case '\r' or '\n':
                    sb.Append(' ');
                    break;
                default:
                    sb.Append(ch);
                    break;
            }
        }

        return sb.ToString();
    }
}
