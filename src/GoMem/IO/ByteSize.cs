using System.Globalization;
using System.Text.RegularExpressions;

namespace GoMem.IO;

/// <summary>
/// Parses sizes as people and Go write them: 1073741824, 512MiB, 1.5GB, 300M, GOMEMLIMIT's B/KiB/MiB/GiB/TiB.
/// Decimal units (kB, MB, GB) are powers of 1000, binary ones (KiB, MiB, GiB, Kubernetes' Ki/Mi/Gi) and bare K/M/G powers of 1024.
/// </summary>
public static partial class ByteSize
{
    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var m = Pattern().Match(text.Trim());
        if (!m.Success || !double.TryParse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) || number < 0)
        {
            return false;
        }

        var multiplier = m.Groups[2].Value.ToLowerInvariant() switch
        {
            "" or "b" => 1.0,
            "k" or "kib" or "ki" => 1024.0,
            "kb" => 1e3,
            "m" or "mib" or "mi" => 1024.0 * 1024,
            "mb" => 1e6,
            "g" or "gib" or "gi" => 1024.0 * 1024 * 1024,
            "gb" => 1e9,
            "t" or "tib" or "ti" => 1024.0 * 1024 * 1024 * 1024,
            "tb" => 1e12,
            _ => double.NaN,
        };
        var value = number * multiplier;
        if (double.IsNaN(value) || value >= long.MaxValue)
        {
            return false;
        }

        bytes = (long)Math.Round(value);
        return true;
    }

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)\s*([a-zA-Z]*)$")]
    private static partial Regex Pattern();
}
