namespace GoMem.Benchmarks.Units;

/// <summary>How a unit's values are scaled for display: by 1000 (k, M, µ) or, for bytes, by 1024 (Ki, Mi).</summary>
public enum UnitClass
{
    Decimal,
    Binary,
}

/// <summary>
/// Units as benchstat treats them: pre-scaled units are normalised to base units ("ns" becomes "sec", "MB"
/// becomes "B", so 1.7µs never shows as "1.7k ns"), and units measuring bytes scale by powers of two.
/// A unit is read as tokens split at '*' (times), '/' (per: the rest is the denominator), '-' and spaces.
/// </summary>
public static class BenchmarkUnits
{
    /// <summary>The base unit and the factor that converts a value in <paramref name="unit"/> into it.</summary>
    public static (string Unit, double Factor) Tidy(string unit)
    {
        switch (unit)
        {
            case "ns/op":
                return ("sec/op", 1e-9);
            case "MB/s":
                return ("B/s", 1e6);
            case "B/op" or "allocs/op":
                return (unit, 1);
        }

        if (!unit.Contains("ns", StringComparison.Ordinal) && !unit.Contains("MB", StringComparison.Ordinal))
        {
            return (unit, 1);
        }

        var factor = 1.0;
        var text = new System.Text.StringBuilder(unit.Length + 4);
        var position = 0;
        foreach (var (start, length, denominator) in Tokens(unit))
        {
            text.Append(unit, position, start - position);
            var token = unit.AsSpan(start, length);
            if (!denominator && token.SequenceEqual("ns"))
            {
                text.Append("sec");
                factor /= 1e9;
            }
            else if (!denominator && token.SequenceEqual("MB"))
            {
                text.Append('B');
                factor *= 1e6;
            }
            else
            {
                text.Append(token);
            }

            position = start + length;
        }

        text.Append(unit, position, unit.Length - position);
        return (text.ToString(), factor);
    }

    /// <summary>Binary when the numerator measures bytes (B, MB or bytes), else decimal.</summary>
    public static UnitClass ClassOf(string unit)
    {
        foreach (var (start, length, denominator) in Tokens(unit))
        {
            var token = unit.AsSpan(start, length);
            if (!denominator && (token.SequenceEqual("B") || token.SequenceEqual("MB") || token.SequenceEqual("bytes")))
            {
                return UnitClass.Binary;
            }
        }

        return UnitClass.Decimal;
    }

    /// <summary>
    /// True when <paramref name="unit"/> can be a unit at all: it must hold a letter and must not read as a number
    /// (so "12 ns/op 34" with a missing unit is caught instead of taking "34" as a unit).
    /// </summary>
    public static bool IsPlausible(ReadOnlySpan<char> unit)
    {
        if (double.TryParse(unit, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _))
        {
            return false;
        }

        foreach (var c in unit)
        {
            if (char.IsLetter(c) || c == '%')
            {
                return true;
            }
        }

        return false;
    }

    private static List<(int Start, int Length, bool Denominator)> Tokens(string unit)
    {
        var tokens = new List<(int, int, bool)>();
        var denominator = false;
        var i = 0;
        while (i < unit.Length)
        {
            var c = unit[i];
            if (c == '*')
            {
                denominator = false;
                i++;
                continue;
            }

            if (c == '/')
            {
                denominator = true;
                i++;
                continue;
            }

            if (c == '-' || char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < unit.Length && unit[i] is not ('*' or '/' or '-') && !char.IsWhiteSpace(unit[i]))
            {
                i++;
            }

            tokens.Add((start, i - start, denominator));
        }

        return tokens;
    }
}
