using System.Globalization;
using System.Text;

namespace GoMem.IO;

/// <summary>Text from an input made safe to print on one terminal line (error messages quote bad values and snippets).</summary>
public static class PrintableText
{
    /// <summary>
    /// <paramref name="text"/> with line breaks and other control characters (C0, DEL, C1; a tab stays) escaped as
    /// Go's %q writes them, so it prints as one line that cannot move the cursor or recolour a terminal.
    /// </summary>
    public static string Escape(string text)
    {
        if (!text.Any(IsEscaped))
        {
            return text;
        }

        var printable = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (!IsEscaped(c))
            {
                printable.Append(c);
            }
            else
            {
                printable.Append(c switch
                {
                    '\n' => "\\n",
                    '\r' => "\\r",
                    < '\u0080' => "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture),
                    _ => "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
                });
            }
        }

        return printable.ToString();
    }

    private static bool IsEscaped(char c) => c != '\t' && char.IsControl(c);
}
