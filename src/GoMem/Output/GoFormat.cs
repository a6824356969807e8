using System.Globalization;

namespace GoMem.Output;

/// <summary>
/// Number formatting that reproduces Go's fmt verbs used by pprof and benchstat, so our text is byte-identical.
/// .NET's "F" and "G" formats round the exact binary value like Go's strconv; only the exponent letter differs.
/// </summary>
public static class GoFormat
{
    /// <summary>Go's <c>%.{digits}f</c>.</summary>
    public static string Fixed(double value, int digits) => value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>Go's <c>%.{precision}g</c> (shortest of %e and %f, trailing zeros removed, exponent at least two digits).</summary>
    public static string General(double value, int precision)
    {
        var s = value.ToString("G" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return s.Replace('E', 'e');
    }

    /// <summary>Right-aligns <paramref name="text"/> in <paramref name="width"/> columns (Go's <c>%{width}s</c>).</summary>
    public static string PadLeft(string text, int width) => text.Length >= width ? text : text.PadLeft(width);
}
