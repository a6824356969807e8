namespace GoMem.IO;

/// <summary>
/// The tool's one duration syntax: Go's <c>time.ParseDuration</c> and <c>time.Duration.String</c>, so a Go developer
/// reads and writes durations as in Go.
/// <list type="bullet">
/// <item>A sequence of numbers, each with an optional fraction and a unit: <c>500ms</c>, <c>30s</c>, <c>1m30s</c>,
/// <c>1.5h</c>, <c>300us</c> (also <c>µs</c>, <c>μs</c>), <c>10ns</c>; units <c>ns us µs ms s m h</c>; an optional
/// leading <c>+</c>; values up to Go's maximum, 2562047h47m16.854775807s.</item>
/// <item>Unlike Go: a bare number is seconds (<c>30</c>, <c>0.5</c>), as the command line has always accepted; and
/// negative durations are rejected (nothing in the tool waits a negative time).</item>
/// <item>With <c>allowDaysWeeksYears</c>, Prometheus' longer units too: <c>d</c> (24h), <c>w</c> (7d), <c>y</c>
/// (365d). The watch configuration reads durations this way, so every Prometheus duration (<c>5m</c>, <c>1h</c>,
/// <c>1d</c>, <c>2w</c>, <c>1y</c>, <c>1h30m</c>) parses unchanged next to Go's (<c>1.5h</c>, <c>300us</c>). The two
/// syntaxes never disagree: they share <c>ms s m h</c> with the same meaning.</item>
/// </list>
/// A <see cref="TimeSpan"/> counts 100 ns ticks, so the <see cref="TimeSpan"/> overloads round to the nearest tick
/// (<c>10ns</c> is zero, <c>150ns</c> two ticks); the nanosecond overloads are exact.
/// </summary>
public static class GoDuration
{
    private const ulong MaxNanoseconds = long.MaxValue;
    private const ulong Overflow = 1UL << 63;
    private const long NanosecondsPerTick = 100;

    /// <summary>Reads <paramref name="text"/> as a Go duration (or a bare number of seconds).</summary>
    public static bool TryParse(string? text, out TimeSpan duration) => TryParse(text, allowDaysWeeksYears: false, out duration);

    /// <summary>As <see cref="TryParse(string?, out TimeSpan)"/>, also accepting Prometheus' d, w and y units when asked.</summary>
    public static bool TryParse(string? text, bool allowDaysWeeksYears, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (!TryParseNanoseconds(text, allowDaysWeeksYears, out var nanoseconds))
        {
            return false;
        }

        var ticks = nanoseconds / NanosecondsPerTick;
        if (nanoseconds % NanosecondsPerTick >= NanosecondsPerTick / 2)
        {
            ticks++;
        }

        duration = TimeSpan.FromTicks(ticks);
        return true;
    }

    /// <summary>The exact number of nanoseconds, as Go's <c>time.Duration</c> holds it.</summary>
    public static bool TryParseNanoseconds(string? text, bool allowDaysWeeksYears, out long nanoseconds)
    {
        nanoseconds = 0;
        if (string.IsNullOrEmpty(text) || text[0] == '-')
        {
            return false;
        }

        var s = text.AsSpan(text[0] == '+' ? 1 : 0);
        if (s is "0")
        {
            return true;
        }

        if (s.IsEmpty)
        {
            return false;
        }

        ulong total = 0;
        var first = true;
        while (!s.IsEmpty)
        {
            if (s[0] != '.' && !char.IsAsciiDigit(s[0]))
            {
                return false;
            }

            var before = s.Length;
            if (!LeadingInt(ref s, out var whole))
            {
                return false;
            }

            var hasWhole = s.Length != before;
            ulong fraction = 0;
            var scale = 1.0;
            var hasFraction = false;
            if (!s.IsEmpty && s[0] == '.')
            {
                s = s[1..];
                var beforeFraction = s.Length;
                fraction = LeadingFraction(ref s, out scale);
                hasFraction = s.Length != beforeFraction;
            }

            if (!hasWhole && !hasFraction)
            {
                return false;
            }

            var unitLength = 0;
            while (unitLength < s.Length && s[unitLength] != '.' && !char.IsAsciiDigit(s[unitLength]))
            {
                unitLength++;
            }

            ulong unit;
            if (unitLength == 0)
            {
                // Go requires a unit; a lone bare number is seconds here.
                if (!first || !s.IsEmpty)
                {
                    return false;
                }

                unit = 1_000_000_000;
            }
            else if (!TryUnit(s[..unitLength], allowDaysWeeksYears, out unit))
            {
                return false;
            }

            s = s[unitLength..];
            if (whole > Overflow / unit)
            {
                return false;
            }

            var value = whole * unit;
            if (fraction > 0)
            {
                // As Go does: float64 is exact enough here, since the fraction is below one unit.
                value += (ulong)(fraction * (unit / scale));
                if (value > Overflow)
                {
                    return false;
                }
            }

            total += value;
            if (total > Overflow)
            {
                return false;
            }

            first = false;
        }

        if (total > MaxNanoseconds)
        {
            return false;
        }

        nanoseconds = (long)total;
        return true;
    }

    /// <summary>As Go prints a <c>time.Duration</c>: <c>1m30s</c>, <c>2h0m0s</c>, <c>500ms</c>, <c>1.5µs</c>, <c>0s</c>.</summary>
    public static string Format(TimeSpan duration) => Format((Int128)duration.Ticks * NanosecondsPerTick);

    /// <summary>As Go prints a <c>time.Duration</c> of this many nanoseconds.</summary>
    public static string FormatNanoseconds(long nanoseconds) => Format((Int128)nanoseconds);

    private static string Format(Int128 nanoseconds)
    {
        var negative = nanoseconds < 0;
        var u = (UInt128)(negative ? -nanoseconds : nanoseconds);
        if (u == 0)
        {
            return "0s";
        }

        Span<char> buffer = stackalloc char[64];
        var w = buffer.Length;
        buffer[--w] = 's';
        if (u < 1_000_000_000)
        {
            // Below a second Go switches to the smaller units, like 1.2ms.
            int precision;
            if (u < 1_000)
            {
                precision = 0;
                buffer[--w] = 'n';
            }
            else if (u < 1_000_000)
            {
                precision = 3;
                buffer[--w] = 'µ';
            }
            else
            {
                precision = 6;
                buffer[--w] = 'm';
            }

            u = FormatFraction(buffer, ref w, u, precision);
            FormatInteger(buffer, ref w, u);
        }
        else
        {
            u = FormatFraction(buffer, ref w, u, 9);
            FormatInteger(buffer, ref w, u % 60);
            u /= 60;
            if (u > 0)
            {
                buffer[--w] = 'm';
                FormatInteger(buffer, ref w, u % 60);
                u /= 60;
                if (u > 0)
                {
                    buffer[--w] = 'h';
                    FormatInteger(buffer, ref w, u);
                }
            }
        }

        if (negative)
        {
            buffer[--w] = '-';
        }

        return new string(buffer[w..]);
    }

    /// <summary>Writes the fraction of <paramref name="v"/> / 10^precision without trailing zeros; returns the integer part.</summary>
    private static UInt128 FormatFraction(Span<char> buffer, ref int w, UInt128 v, int precision)
    {
        var print = false;
        for (var i = 0; i < precision; i++)
        {
            var digit = (int)(v % 10);
            print = print || digit != 0;
            if (print)
            {
                buffer[--w] = (char)('0' + digit);
            }

            v /= 10;
        }

        if (print)
        {
            buffer[--w] = '.';
        }

        return v;
    }

    private static void FormatInteger(Span<char> buffer, ref int w, UInt128 v)
    {
        do
        {
            buffer[--w] = (char)('0' + (int)(v % 10));
            v /= 10;
        }
        while (v > 0);
    }

    private static bool LeadingInt(ref ReadOnlySpan<char> s, out ulong x)
    {
        x = 0;
        var i = 0;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            if (x > Overflow / 10)
            {
                return false;
            }

            x = (x * 10) + (ulong)(s[i] - '0');
            if (x > Overflow)
            {
                return false;
            }
        }

        s = s[i..];
        return true;
    }

    /// <summary>Go's leadingFraction: digits after the point, ignoring those beyond what 63 bits hold.</summary>
    private static ulong LeadingFraction(ref ReadOnlySpan<char> s, out double scale)
    {
        ulong x = 0;
        scale = 1;
        var overflow = false;
        var i = 0;
        for (; i < s.Length && char.IsAsciiDigit(s[i]); i++)
        {
            if (overflow)
            {
                continue;
            }

            if (x > MaxNanoseconds / 10)
            {
                overflow = true;
                continue;
            }

            var y = (x * 10) + (ulong)(s[i] - '0');
            if (y > Overflow)
            {
                overflow = true;
                continue;
            }

            x = y;
            scale *= 10;
        }

        s = s[i..];
        return x;
    }

    private static bool TryUnit(ReadOnlySpan<char> unit, bool allowDaysWeeksYears, out ulong nanoseconds)
    {
        const ulong hour = 3_600_000_000_000;
        nanoseconds = unit switch
        {
            "ns" => 1,
            "us" or "µs" or "μs" => 1_000,
            "ms" => 1_000_000,
            "s" => 1_000_000_000,
            "m" => 60_000_000_000,
            "h" => hour,
            "d" when allowDaysWeeksYears => 24 * hour,
            "w" when allowDaysWeeksYears => 7 * 24 * hour,
            "y" when allowDaysWeeksYears => 365 * 24 * hour,
            _ => 0,
        };
        return nanoseconds != 0;
    }
}
