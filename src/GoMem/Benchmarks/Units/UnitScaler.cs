using GoMem.Output.Text;

namespace GoMem.Benchmarks.Units;

/// <summary>
/// A display scale for numbers of one unit: a prefix (k, M, µ, n or Ki, Mi, Gi) and how many digits follow the
/// point, chosen as benchstat does so that every value in a row shows at least three significant digits.
/// </summary>
public readonly record struct UnitScaler(int Precision, double Factor, string Prefix)
{
    private static readonly (double Factor, string Prefix, double T100, double T10, double T1)[] DecimalFactors = Decimal();
    private static readonly (double Factor, string Prefix, double T100, double T10, double T1)[] BinaryFactors = Binary();

    public string Format(double value) => GoFormat.Fixed(value / Factor, Precision) + Prefix;

    /// <summary>Formats one value on its own scale.</summary>
    public static string Scale(double value, UnitClass unitClass) => Common([value], unitClass).Format(value);

    /// <summary>The scale of the non-zero value closest to zero, so no value in the set loses its three digits.</summary>
    public static UnitScaler Common(IEnumerable<double> values, UnitClass unitClass)
    {
        var min = 0.0;
        foreach (var raw in values)
        {
            var v = Math.Abs(raw);
            if (v != 0 && (min == 0 || v < min))
            {
                min = v;
            }
        }

        if (min == 0)
        {
            return new UnitScaler(3, 1, "");
        }

        var factors = unitClass == UnitClass.Binary ? BinaryFactors : DecimalFactors;
        foreach (var (factor, prefix, t100, t10, t1) in factors)
        {
            if (min >= t100)
            {
                return new UnitScaler(1, factor, prefix);
            }

            if (min >= t10)
            {
                return new UnitScaler(2, factor, prefix);
            }

            if (min >= t1)
            {
                return new UnitScaler(3, factor, prefix);
            }
        }

        // Smaller than the smallest prefix: more digits after the point, up to 10.
        var last = factors[^1];
        var scaled = min / last.Factor;
        for (var precision = 3; precision < 11; precision++)
        {
            if (scaled >= Parse($"9.9995e{2 - precision}") || precision == 10)
            {
                return new UnitScaler(precision, last.Factor, last.Prefix);
            }
        }

        return new UnitScaler(10, last.Factor, last.Prefix);
    }

    /// <summary>Thresholds where rounding to 4 significant digits would carry into the next digit (99.995, 9.9995, 0.99995).</summary>
    private static (double, string, double, double, double)[] Decimal()
    {
        string[] prefixes = ["T", "G", "M", "k", "", "m", "µ", "n"];
        var result = new (double, string, double, double, double)[prefixes.Length];
        var exponent = 12;
        for (var i = 0; i < prefixes.Length; i++, exponent -= 3)
        {
            result[i] = (Math.Pow(10, exponent), prefixes[i], Parse($"99.995e{exponent}"), Parse($"9.9995e{exponent}"), Parse($".99995e{exponent}"));
        }

        return result;
    }

    private static (double, string, double, double, double)[] Binary()
    {
        string[] prefixes = ["Ti", "Gi", "Mi", "Ki", ""];
        var result = new (double, string, double, double, double)[prefixes.Length];
        var exponent = 40;
        for (var i = 0; i < prefixes.Length; i++, exponent -= 10)
        {
            var factor = Math.Pow(2, exponent);
            result[i] = (factor, prefixes[i], 99.995 * factor, 9.9995 * factor, 0.99995 * factor);
        }

        return result;
    }

    private static double Parse(string text) => double.Parse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
}
