using System.Text;

namespace GoMem.Output.Markdown;

/// <summary>Text from untrusted input (benchmark names, labels) made safe inside a Markdown table cell.</summary>
public static class MarkdownText
{
    /// <summary>Backslash before every character Markdown or a table would read as syntax; line breaks become spaces.</summary>
    public static string Escape(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '|' or '\\' or '*' or '_' or '`' or '[' or ']' or '<' or '>' or '#')
            {
                result.Append('\\');
            }

            result.Append(c is '\n' or '\r' ? ' ' : c);
        }

        return result.ToString();
    }
}
