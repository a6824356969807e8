namespace GoMem.Profiles.Parsing;

/// <summary>The fields of a legacy heap record line: in-use count and bytes, allocated count and bytes, and the address list.</summary>
internal readonly record struct HeapSampleFields(Range InuseCount, Range InuseBytes, Range AllocCount, Range AllocBytes, Range Addresses);

/// <summary>The fields of a legacy contention record line: cycles, count and the address list.</summary>
internal readonly record struct ContentionSampleFields(Range Cycles, Range Count, Range Addresses);

/// <summary>
/// pprof's record patterns for legacy heap and contention lines (<c>heapSampleRE</c>, <c>contentionSampleRE</c>), matched
/// as Go's regexp does (the leftmost match, unanchored, ASCII digits) but in time linear in the line: a backtracking
/// engine retried the digit runs of a long line of digits from every position, taking seconds per hundred kilobytes.
/// Only the start of a digit run (with a '-' before it, for the signed fields) can begin a match, and from there the
/// pattern is deterministic, so each run is tried once.
/// </summary>
internal static class LegacySampleLines
{
    /// <summary><c>(-?\d+): *(-?\d+) *\[ *(\d+): *(\d+) *] @([ x0-9a-f]*)</c>, leftmost match.</summary>
    public static bool TryMatchHeap(ReadOnlySpan<char> line, out HeapSampleFields fields)
    {
        for (var i = 0; NextRun(line, i, out var runStart, out var runEnd); i = runEnd)
        {
            var start = runStart > 0 && line[runStart - 1] == '-' ? runStart - 1 : runStart;
            if (TryHeapFrom(line, start, runEnd, out fields))
            {
                return true;
            }
        }

        fields = default;
        return false;
    }

    /// <summary><c>(\d+) *(\d+) @([ x0-9a-f]*)</c>, leftmost match (two runs with no space between split before the last digit, as backtracking does).</summary>
    public static bool TryMatchContention(ReadOnlySpan<char> line, out ContentionSampleFields fields)
    {
        for (var i = 0; NextRun(line, i, out var runStart, out var runEnd); i = runEnd)
        {
            var p = SkipSpaces(line, runEnd);
            if (p > runEnd && p < line.Length && char.IsAsciiDigit(line[p]))
            {
                var countEnd = EndOfDigits(line, p);
                if (At(line, countEnd, " @"))
                {
                    fields = new ContentionSampleFields(runStart..runEnd, p..countEnd, Addresses(line, countEnd + 2));
                    return true;
                }

                continue;
            }

            if (runEnd - runStart >= 2 && At(line, runEnd, " @"))
            {
                fields = new ContentionSampleFields(runStart..(runEnd - 1), (runEnd - 1)..runEnd, Addresses(line, runEnd + 2));
                return true;
            }
        }

        fields = default;
        return false;
    }

    private static bool TryHeapFrom(ReadOnlySpan<char> line, int start, int p, out HeapSampleFields fields)
    {
        fields = default;
        var inuseCount = start..p;
        if (!At(line, p, ":"))
        {
            return false;
        }

        p = SkipSpaces(line, p + 1);
        if (!Number(line, ref p, signed: true, out var inuseBytes))
        {
            return false;
        }

        p = SkipSpaces(line, p);
        if (!At(line, p, "["))
        {
            return false;
        }

        p = SkipSpaces(line, p + 1);
        if (!Number(line, ref p, signed: false, out var allocCount) || !At(line, p, ":"))
        {
            return false;
        }

        p = SkipSpaces(line, p + 1);
        if (!Number(line, ref p, signed: false, out var allocBytes))
        {
            return false;
        }

        p = SkipSpaces(line, p);
        if (!At(line, p, "] @"))
        {
            return false;
        }

        fields = new HeapSampleFields(inuseCount, inuseBytes, allocCount, allocBytes, Addresses(line, p + 3));
        return true;
    }

    private static bool NextRun(ReadOnlySpan<char> line, int from, out int start, out int end)
    {
        var found = from < line.Length ? line[from..].IndexOfAnyInRange('0', '9') : -1;
        start = found < 0 ? line.Length : from + found;
        end = found < 0 ? line.Length : EndOfDigits(line, start);
        return found >= 0;
    }

    private static bool Number(ReadOnlySpan<char> line, ref int p, bool signed, out Range range)
    {
        var start = p;
        var digits = signed && p < line.Length && line[p] == '-' ? p + 1 : p;
        var end = EndOfDigits(line, digits);
        range = start..end;
        p = end;
        return end > digits;
    }

    private static int EndOfDigits(ReadOnlySpan<char> line, int p)
    {
        var rest = line[p..].IndexOfAnyExceptInRange('0', '9');
        return rest < 0 ? line.Length : p + rest;
    }

    private static int SkipSpaces(ReadOnlySpan<char> line, int p)
    {
        var rest = line[p..].IndexOfAnyExcept(' ');
        return rest < 0 ? line.Length : p + rest;
    }

    /// <summary><c>[ x0-9a-f]*</c> from <paramref name="p"/>.</summary>
    private static Range Addresses(ReadOnlySpan<char> line, int p)
    {
        var end = p;
        while (end < line.Length && line[end] is ' ' or 'x' or (>= '0' and <= '9') or (>= 'a' and <= 'f'))
        {
            end++;
        }

        return p..end;
    }

    private static bool At(ReadOnlySpan<char> line, int p, string expected) => p <= line.Length && line[p..].StartsWith(expected, StringComparison.Ordinal);
}
