using System.Globalization;
using System.Numerics;

namespace GoMem.RuntimeStats.Prometheus.Parsing;

/// <summary>
/// Go's <c>strconv.ParseFloat(s, 64)</c>, which every Go exposition library and Prometheus itself use: decimal and
/// hexadecimal (<c>0x1.8p3</c>) notation, digit-separating underscores, and case-insensitive <c>NaN</c>, <c>Inf</c>,
/// <c>Infinity</c> with an optional sign on the infinities. Values beyond float64's range are errors, as in Go.
/// </summary>
internal static class GoFloat
{
    public enum Result
    {
        Ok,
        Syntax,
        OutOfRange,
    }

    public static Result Parse(ReadOnlySpan<char> s, out double value)
    {
        value = 0;
        if (s.IsEmpty)
        {
            return Result.Syntax;
        }

        var negative = s[0] == '-';
        var signed = s[0] is '+' or '-';
        var body = signed ? s[1..] : s;
        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = negative ? double.NegativeInfinity : double.PositiveInfinity;
            return Result.Ok;
        }

        if (!signed && body.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return Result.Ok;
        }

        if (body.Length >= 2 && body[0] == '0' && (body[1] | 0x20) == 'x')
        {
            return ParseHex(body, negative, out value);
        }

        return ParseDecimal(s, body, out value);
    }

    private static Result ParseDecimal(ReadOnlySpan<char> whole, ReadOnlySpan<char> body, out double value)
    {
        value = 0;
        var i = 0;
        var digits = 0;
        var underscores = false;
        var sawDot = false;
        for (; i < body.Length; i++)
        {
            var c = body[i];
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c == '_')
            {
                underscores = true;
            }
            else if (c == '.' && !sawDot)
            {
                sawDot = true;
            }
            else
            {
                break;
            }
        }

        if (digits == 0)
        {
            return Result.Syntax;
        }

        if (i < body.Length)
        {
            if ((body[i] | 0x20) != 'e' || !ScanExponent(body[(i + 1)..], ref underscores))
            {
                return Result.Syntax;
            }
        }

        if (underscores && !UnderscoreOk(body, hex: false))
        {
            return Result.Syntax;
        }

        Span<char> clean = whole.Length <= 128 ? stackalloc char[whole.Length] : new char[whole.Length];
        var length = 0;
        foreach (var c in whole)
        {
            if (c != '_')
            {
                clean[length++] = c;
            }
        }

        value = double.Parse(clean[..length], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
        return double.IsInfinity(value) ? Result.OutOfRange : Result.Ok;
    }

    /// <summary>After 'e' or 'p': an optional sign and at least one decimal digit, to the end.</summary>
    private static bool ScanExponent(ReadOnlySpan<char> s, ref bool underscores)
    {
        if (!s.IsEmpty && s[0] is '+' or '-')
        {
            s = s[1..];
        }

        var digits = 0;
        foreach (var c in s)
        {
            if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else if (c == '_')
            {
                underscores = true;
            }
            else
            {
                return false;
            }
        }

        return digits > 0;
    }

    /// <summary>Go's underscoreOK: an underscore only between digits (a base prefix counts as a digit).</summary>
    private static bool UnderscoreOk(ReadOnlySpan<char> s, bool hex)
    {
        var saw = '^';
        var i = 0;
        if (hex)
        {
            i = 2;
            saw = '0';
        }

        for (; i < s.Length; i++)
        {
            var c = s[i];
            if (char.IsAsciiDigit(c) || (hex && char.IsAsciiHexDigit(c)))
            {
                saw = '0';
                continue;
            }

            if (c == '_')
            {
                if (saw != '0')
                {
                    return false;
                }

                saw = '_';
                continue;
            }

            if (saw == '_')
            {
                return false;
            }

            saw = '!';
        }

        return saw != '_';
    }

    /// <summary>0x mantissa, optional fraction, mandatory binary exponent; rounded to nearest even like Go.</summary>
    private static Result ParseHex(ReadOnlySpan<char> body, bool negative, out double value)
    {
        value = 0;
        ulong mantissa = 0;
        var exponent = 0L;
        var sticky = false;
        var digits = 0;
        var underscores = false;
        var sawDot = false;
        var i = 2;
        for (; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '_')
            {
                underscores = true;
                continue;
            }

            if (c == '.' && !sawDot)
            {
                sawDot = true;
                continue;
            }

            if (!char.IsAsciiHexDigit(c))
            {
                break;
            }

            digits++;
            var digit = (ulong)HexValue(c);
            if (mantissa >> 60 == 0)
            {
                mantissa = (mantissa << 4) | digit;
                if (sawDot)
                {
                    exponent -= 4;
                }
            }
            else
            {
                sticky |= digit != 0;
                if (!sawDot)
                {
                    exponent += 4;
                }
            }
        }

        if (digits == 0 || i >= body.Length || (body[i] | 0x20) != 'p' || !ScanExponent(body[(i + 1)..], ref underscores))
        {
            return Result.Syntax;
        }

        if (underscores && !UnderscoreOk(body, hex: true))
        {
            return Result.Syntax;
        }

        exponent += ParseClampedExponent(body[(i + 1)..]);
        value = Compose(mantissa, exponent, sticky);
        if (negative)
        {
            value = -value;
        }

        return double.IsInfinity(value) ? Result.OutOfRange : Result.Ok;
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private static long ParseClampedExponent(ReadOnlySpan<char> s)
    {
        var negative = s[0] == '-';
        var value = 0L;
        foreach (var c in s)
        {
            if (char.IsAsciiDigit(c) && value < 1_000_000)
            {
                value = (value * 10) + (c - '0');
            }
        }

        return negative ? -value : value;
    }

    /// <summary>mantissa * 2^exponent (plus a sticky bit below it), rounded once to a double.</summary>
    private static double Compose(ulong mantissa, long exponent, bool sticky)
    {
        if (mantissa == 0)
        {
            return 0;
        }

        var leading = BitOperations.LeadingZeroCount(mantissa);
        mantissa <<= leading;
        exponent -= leading;

        // The value is in [2^top, 2^(top+1)); a double keeps 53 bits, fewer once it is subnormal (below 2^-1022).
        var top = exponent + 63;
        if (top > 1023)
        {
            return double.PositiveInfinity;
        }

        var keep = top >= -1022 ? 53 : top + 1075;
        if (keep < 0)
        {
            return 0;
        }

        if (keep == 0)
        {
            // Between 2^-1075 (half the smallest subnormal) and 2^-1074: a tie only when exactly 2^-1075.
            var exactHalf = mantissa == 1UL << 63 && !sticky;
            return exactHalf ? 0 : double.Epsilon;
        }

        var shift = 64 - (int)keep;
        var kept = mantissa >> shift;
        var remainder = mantissa & ((1UL << shift) - 1);
        var half = 1UL << (shift - 1);
        if (remainder > half || (remainder == half && (sticky || (kept & 1) == 1)))
        {
            kept++;
        }

        return Math.ScaleB(kept, (int)(exponent + shift));
    }
}
