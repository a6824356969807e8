namespace GoMem.Goroutines.Parsing;

/// <summary>
/// The bracket of a traceback's goroutine header, as runtime.goroutineheader prints it (Go 1.19 to 1.26):
/// <c>[wait reason[ (leaked)][ (scan)][ (durable)][, N minutes][, locked to thread][, synctest bubble N]]</c>. The
/// state is the wait reason with its qualifiers, less " (scan)": that is the garbage collector's mark of a stack being
/// scanned at that instant, not a state, and must not split a group.
/// </summary>
internal static class GoroutineHeader
{
    /// <summary>Indentation a header may have (a test framework's prefix).</summary>
    public const int MaxIndentBytes = 256;

    private static readonly byte[] MachineId = " m="u8.ToArray();

    public static ReadOnlySpan<byte> Prefix => "goroutine "u8;

    private static readonly byte[] MinutesSuffix = " minutes"u8.ToArray();
    private static readonly byte[] LockedToThread = "locked to thread"u8.ToArray();
    private static readonly byte[] Scan = " (scan)"u8.ToArray();

    /// <summary>
    /// The header test the traceback reader starts a goroutine with: "goroutine N ...[...]:" after at most
    /// <see cref="MaxIndentBytes"/> of indentation (a whole line, unlike <see cref="LooksLikeHeader"/>, which takes the start of one).
    /// </summary>
    public static bool IsHeader(ReadOnlySpan<byte> line)
    {
        var indent = line.IndexOfAnyExcept(" \t"u8);
        if (indent < 0 || indent > MaxIndentBytes || !line[indent..].StartsWith(Prefix))
        {
            return false;
        }

        var rest = line[(indent + Prefix.Length)..];
        if (rest.IsEmpty || !char.IsAsciiDigit((char)rest[0]) || line[^1] != (byte)':')
        {
            return false;
        }

        var open = rest.IndexOf((byte)'[');
        return open >= 0 && rest.LastIndexOf((byte)']') > open;
    }

    /// <summary>True when <paramref name="line"/> (whitespace allowed before it) starts like a goroutine header.</summary>
    public static bool LooksLikeHeader(ReadOnlySpan<byte> line)
    {
        var rest = line.TrimStart(" \t"u8);
        return rest.StartsWith(Prefix) && rest.Length > Prefix.Length && char.IsAsciiDigit((char)rest[Prefix.Length]);
    }

    /// <summary>
    /// The goroutine id and, since Go 1.21 with GOTRACEBACK=system or a fatal error, the thread ("m=3"; null for
    /// "m=nil" or none) from what precedes the bracket: "12 gp=0xc000102380 m=3 mp=0xc000080408 ". -1 for an id too long to be one.
    /// </summary>
    public static long ReadIds(ReadOnlySpan<byte> beforeBracket, out long? m)
    {
        m = null;
        var digits = beforeBracket.IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        var id = TracebackNumbers.TryParseLong(digits < 0 ? beforeBracket : beforeBracket[..digits], out var parsed) ? parsed : -1;
        var at = beforeBracket.IndexOf(MachineId);
        if (at >= 0)
        {
            var value = beforeBracket[(at + MachineId.Length)..];
            var end = value.IndexOfAnyExceptInRange((byte)'0', (byte)'9');
            if (TracebackNumbers.TryParseLong(end < 0 ? value : value[..end], out var thread))
            {
                m = thread;
            }
        }

        return id;
    }

    /// <summary>Reads what is inside the brackets; the state string is interned in <paramref name="table"/>.</summary>
    public static string Read(ReadOnlySpan<byte> inside, GoroutineStackTable table, out long? waitMinutes, out bool locked)
    {
        waitMinutes = null;
        locked = false;
        var comma = inside.IndexOf(", "u8);
        var state = Intern(comma < 0 ? inside : inside[..comma], table);
        while (comma >= 0)
        {
            inside = inside[(comma + 2)..];
            comma = inside.IndexOf(", "u8);
            var part = comma < 0 ? inside : inside[..comma];
            if (part.EndsWith(MinutesSuffix) && TracebackNumbers.TryParseLong(part[..^MinutesSuffix.Length], out var minutes))
            {
                waitMinutes = minutes;
            }
            else if (part.SequenceEqual(LockedToThread))
            {
                locked = true;
            }
        }

        return state;
    }

    private static string Intern(ReadOnlySpan<byte> state, GoroutineStackTable table)
    {
        var scan = state.IndexOf(Scan);
        if (scan < 0)
        {
            return table.Intern(state);
        }

        // Rare (only while the collector scans that stack): one small copy without the mark.
        var without = new byte[state.Length - Scan.Length];
        state[..scan].CopyTo(without);
        state[(scan + Scan.Length)..].CopyTo(without.AsSpan(scan));
        return table.Intern(without);
    }
}

/// <summary>Decimal numbers in traceback lines.</summary>
internal static class TracebackNumbers
{
    /// <summary>Up to 18 ASCII digits (so never an overflow); false for anything else.</summary>
    public static bool TryParseLong(ReadOnlySpan<byte> digits, out long value)
    {
        value = 0;
        if (digits.IsEmpty || digits.Length > 18)
        {
            return false;
        }

        foreach (var b in digits)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }
}
