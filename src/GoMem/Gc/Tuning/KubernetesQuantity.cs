using System.Globalization;
using System.Text.RegularExpressions;

namespace GoMem.Gc.Tuning;

/// <summary>
/// Kubernetes resource quantities for memory: binary suffixes Ki, Mi, Gi, Ti, Pi, Ei; decimal k, M, G, T, P, E
/// (powers of 1000: "512M" is 512,000,000 bytes, not MiB); exponents (1e9); and milli ("m", rare for memory).
/// </summary>
public static partial class KubernetesQuantity
{
    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var m = Pattern().Match(text.Trim());
        if (!m.Success || !decimal.TryParse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number < 0)
        {
            return false;
        }

        var multiplier = m.Groups[2].Value switch
        {
            "" => 1m,
            "m" => 0.001m,
            "k" => 1e3m,
            "M" => 1e6m,
            "G" => 1e9m,
            "T" => 1e12m,
            "P" => 1e15m,
            "E" => 1e18m,
            "Ki" => 1024m,
            "Mi" => 1024m * 1024,
            "Gi" => 1024m * 1024 * 1024,
            "Ti" => 1024m * 1024 * 1024 * 1024,
            "Pi" => 1024m * 1024 * 1024 * 1024 * 1024,
            "Ei" => 1024m * 1024 * 1024 * 1024 * 1024 * 1024,
            _ => -1m,
        };
        if (multiplier < 0)
        {
            return false;
        }

        try
        {
            var value = number * multiplier;
            if (value > long.MaxValue)
            {
                return false;
            }

            // Kubernetes rounds fractional bytes up.
            bytes = (long)Math.Ceiling(value);
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?)([a-zA-Z]{0,2})$")]
    private static partial Regex Pattern();
}
