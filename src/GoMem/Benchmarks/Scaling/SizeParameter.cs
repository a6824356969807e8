using System.Globalization;

namespace GoMem.Benchmarks.Scaling;

/// <summary>
/// Reads a sub-benchmark value as an input size: <c>16</c>, <c>1k</c> (×1000), <c>2M</c>, <c>1Ki</c> (×1024), and byte
/// sizes <c>4KB</c>/<c>4kB</c>/<c>4MB</c>/<c>1GB</c> taken as powers of 1024 (as Go benchmarks usually mean them).
/// </summary>
public static class SizeParameter
{
    public static bool TryParse(string text, out double size)
    {
        size = 0;
        var end = 0;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] == '.'))
        {
            end++;
        }

        if (end == 0 || !double.TryParse(text.AsSpan(0, end), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }

        double? factor = text[end..] switch
        {
            "" => 1,
            "k" or "K" => 1e3,
            "M" => 1e6,
            "G" => 1e9,
            "Ki" => 1024,
            "Mi" => 1 << 20,
            "Gi" => 1 << 30,
            "B" => 1,
            "kB" or "KB" or "KiB" => 1024,
            "MB" or "MiB" => 1 << 20,
            "GB" or "GiB" => 1 << 30,
            _ => null,
        };
        if (factor is not { } f || number <= 0)
        {
            return false;
        }

        size = number * f;
        return true;
    }
}
