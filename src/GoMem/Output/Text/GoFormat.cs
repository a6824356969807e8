using System.Globalization;

namespace GoMem.Output.Text;

/// <summary>
/// Go's fmt verbs as pprof and benchstat print numbers, so our text is byte-identical to theirs: <c>%.Nf</c> (exact
/// ties round to even, where .NET rounds them away from zero), <c>%+.Nf</c>, <c>%.Ng</c>, <c>%v</c> (shortest
/// round-trip digits, exponent form below 1e-4 or from 1e21, two-digit exponents) and <c>%Ns</c>.
/// </summary>
public static class GoFormat
{
    /// <summary>Go's <c>%.{digits}f</c>.</summary>
    public static string Fixed(double value, int digits)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }

        // value·10^d is exactly halfway between integers only when value = M / 2^(d+1) with M odd; that test is exact
        // in binary (scaling by a power of two never rounds), where checking value·10^d would be fooled by rounding.
        var halves = value * Math.Pow(2, digits + 1);
        if (Math.Abs(halves) < 9e15 && halves == Math.Floor(halves) && ((long)halves & 1) != 0)
        {
            // An exact tie (e.g. 12.5 to no digits): Go rounds half to even, .NET away from zero.
            var even = Math.Round((decimal)value, digits, MidpointRounding.ToEven);
            return even.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }

        return value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>Go's <c>%+.{digits}f</c>: always signed.</summary>
    public static string SignedFixed(double value, int digits)
    {
        var text = Fixed(value, digits);
        return text.StartsWith('-') || text.StartsWith('+') ? text : "+" + text;
    }

    /// <summary>Go's <c>%v</c> / <c>fmt.Sprint</c> of a float64.</summary>
    public static string Shortest(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0" : "0";
        }

        // "E16" digits are not shortest; "R" is. Split "R" output into sign, digits and decimal exponent.
        var r = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = r.StartsWith('-');
        if (negative)
        {
            r = r[1..];
        }

        var exponent = 0;
        var e = r.IndexOfAny(['E', 'e']);
        if (e >= 0)
        {
            exponent = int.Parse(r[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            r = r[..e];
        }

        var dot = r.IndexOf('.');
        var digits = dot >= 0 ? r.Remove(dot, 1) : r;
        var pointPosition = (dot >= 0 ? dot : r.Length) + exponent;
        var leadingZeros = 0;
        while (leadingZeros < digits.Length - 1 && digits[leadingZeros] == '0')
        {
            leadingZeros++;
        }

        digits = digits[leadingZeros..].TrimEnd('0');
        pointPosition -= leadingZeros;
        if (digits.Length == 0)
        {
            digits = "0";
        }

        var decimalExponent = pointPosition - 1;
        string body;
        if (decimalExponent < -4 || decimalExponent >= 21)
        {
            var mantissa = digits.Length > 1 ? digits[0] + "." + digits[1..] : digits;
            var sign = decimalExponent < 0 ? "-" : "+";
            var magnitude = Math.Abs(decimalExponent).ToString("00", CultureInfo.InvariantCulture);
            body = mantissa + "e" + sign + magnitude;
        }
        else if (pointPosition <= 0)
        {
            body = "0." + new string('0', -pointPosition) + digits;
        }
        else if (pointPosition >= digits.Length)
        {
            body = digits + new string('0', pointPosition - digits.Length);
        }
        else
        {
            body = digits[..pointPosition] + "." + digits[pointPosition..];
        }

        return negative ? "-" + body : body;
    }

    /// <summary>Go's <c>%.{precision}g</c> (shortest of %e and %f, trailing zeros removed, exponent at least two digits).</summary>
    public static string General(double value, int precision)
    {
        var s = value.ToString("G" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return s.Replace('E', 'e');
    }

    /// <summary>Right-aligns <paramref name="text"/> in <paramref name="width"/> columns (Go's <c>%{width}s</c>).</summary>
    public static string PadLeft(string text, int width)
    {
        var runes = RuneCount(text);
        return runes >= width ? text : text.PadLeft(text.Length + width - runes);
    }

    /// <summary>
    /// What Go's fmt counts as a string's width: its runes, a surrogate pair being one, and every other char (each
    /// byte that was not UTF-8, escaped by <see cref="GoMem.IO.ByteStrings"/>, included) one.
    /// </summary>
    public static int RuneCount(string text)
    {
        var count = text.Length;
        var span = text.AsSpan();
        for (var i = span.IndexOfAnyInRange('\uD800', '\uDBFF'); i >= 0 && i < span.Length - 1; i = span.IndexOfAnyInRange('\uD800', '\uDBFF'))
        {
            if (char.IsLowSurrogate(span[i + 1]))
            {
                count--;
                span = span[(i + 2)..];
            }
            else
            {
                span = span[(i + 1)..];
            }
        }

        return count;
    }
}
