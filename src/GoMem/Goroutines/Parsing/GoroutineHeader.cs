namespace GoMem.Goroutines.Parsing;

/// <summary>
/// The bracket of a traceback's goroutine header, as runtime.goroutineheader prints it (Go 1.19 to 1.26):
/// <c>[wait reason[ (leaked)][ (scan)][ (durable)][, N minutes][, locked to thread][, synctest bubble N]]</c>. The
/// state is the wait reason with its qualifiers, less " (scan)": that is the garbage collector's mark of a stack being
/// scanned at that instant, not a state, and must not split a group.
/// </summary>
internal static class GoroutineHeader
{
    private static readonly byte[] MinutesSuffix = " minutes"u8.ToArray();
    private static readonly byte[] LockedToThread = "locked to thread"u8.ToArray();
    private static readonly byte[] Scan = " (scan)"u8.ToArray();

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
