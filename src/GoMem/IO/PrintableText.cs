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

    /// <summary>
    /// <paramref name="text"/> cut in the middle to at most about <paramref name="max"/> characters, keeping its start and
    /// end (a message's quoted value can be a whole line of a hostile file; what is around it says what is wrong).
    /// </summary>
    public static string Shorten(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        var head = (max * 2) / 3;
        var tail = max - head;
        if (char.IsHighSurrogate(text[head - 1]))
        {
            head--;
        }

        if (char.IsLowSurrogate(text[^tail]))
        {
            tail--;
        }

        return string.Concat(text.AsSpan(0, head), $" ... ({(text.Length - head - tail).ToString(CultureInfo.InvariantCulture)} characters left out) ... ", text.AsSpan(text.Length - tail));
    }

    private static bool IsEscaped(char c) => c != '\t' && char.IsControl(c);
}
