namespace GoMem.Escape.Parsing;

/// <summary>Splits a compiler diagnostic <c>file:line[:col]: message</c> into its position and message.</summary>
internal static class CompilerPosition
{
    /// <summary>
    /// Finds the first <c>": "</c> preceded by <c>:LINE</c> or <c>:LINE:COL</c>, so file names holding a colon or a
    /// message holding <c>": "</c> (<c>moved to heap: x</c>) split correctly. A leading <c>./</c> is dropped.
    /// </summary>
    public static bool TrySplit(string text, FileNames names, out string file, out int line, out int column, out string message)
    {
        file = "";
        line = 0;
        column = 0;
        message = "";
        var from = 0;
        while (from < text.Length)
        {
            var separator = text.IndexOf(": ", from, StringComparison.Ordinal);
            if (separator < 0)
            {
                return false;
            }

            var head = text.AsSpan(0, separator);
            var lastColon = head.LastIndexOf(':');
            if (lastColon > 0 && TryNumber(head[(lastColon + 1)..], out var last))
            {
                var before = head[..lastColon];
                var colon = before.LastIndexOf(':');
                if (colon > 0 && TryNumber(before[(colon + 1)..], out var first))
                {
                    file = names.Get(Normalize(before[..colon]));
                    line = first;
                    column = last;
                }
                else
                {
                    file = names.Get(Normalize(before));
                    line = last;
                }

                if (file.Length > 0 && !file.Contains(' '))
                {
                    message = text[(separator + 2)..];
                    return true;
                }
            }

            from = separator + 1;
        }

        return false;
    }

    private static ReadOnlySpan<char> Normalize(ReadOnlySpan<char> file) => file.StartsWith("./", StringComparison.Ordinal) ? file[2..] : file;

    private static bool TryNumber(ReadOnlySpan<char> digits, out int value)
    {
        value = 0;
        if (digits.Length is 0 or > 9)
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}

/// <summary>One string per distinct file name: a log names the same few files on every line.</summary>
internal sealed class FileNames
{
    private const int MaxNames = 100_000;
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public FileNames() => _lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(ReadOnlySpan<char> name)
    {
        if (_lookup.TryGetValue(name, out var known))
        {
            return known;
        }

        var text = name.ToString();
        if (_names.Count < MaxNames)
        {
            _names[text] = text;
        }

        return text;
    }
}
