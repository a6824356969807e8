using System.Globalization;

namespace GoMem.Output.Text;

/// <summary>
/// Sizes, signed sizes, fractions and durations as GoMem writes them for people, the same in findings, text, HTML
/// and the follow lines.
/// </summary>
public static class HumanText
{
    private static readonly string[] ByteUnits = ["B", "kB", "MB", "GB", "TB", "PB"];

    /// <summary>
    /// A byte count in the largest unit that keeps it at or above 1, as pprof prints bytes (steps of 1024, two
    /// decimals, ".00" dropped): "1023B", "2.51MB", "-4kB", "0".
    /// </summary>
    public static string Bytes(long value)
    {
        var magnitude = value < 0 && -value > 0 ? -value : value;
        var step = 0;
        while (step + 1 < ByteUnits.Length && magnitude >= 1L << (10 * (step + 1)))
        {
            step++;
        }

        return PprofText.ScaledLabel((double)value / (1L << (10 * step)), ByteUnits[step]);
    }

    /// <summary>A size as GOMEMLIMIT accepts it (and Go programmers write it): the largest whole binary unit.</summary>
    public static string GoSize(long bytes) => bytes switch
    {
        _ when bytes % (1L << 30) == 0 => $"{bytes >> 30}GiB",
        _ when bytes % (1L << 20) == 0 => $"{bytes >> 20}MiB",
        _ when bytes % (1L << 10) == 0 => $"{bytes >> 10}KiB",
        _ => $"{bytes}B",
    };

    /// <summary>A change in bytes, always signed: "+1.50MB", "-4kB".</summary>
    public static string Signed(double bytes) => (bytes < 0 ? "-" : "+") + Bytes((long)Math.Round(Math.Abs(bytes)));

    /// <summary>A fraction as a percentage: one decimal under 10%, none from there ("4.2%", "37%").</summary>
    public static string Percent(double fraction) => (fraction * 100).ToString(fraction < 0.1 ? "0.0" : "0", CultureInfo.InvariantCulture) + "%";

    /// <summary>A duration as people read GC times: microseconds, milliseconds or seconds, three significant figures.</summary>
    public static string Duration(double seconds) => seconds switch
    {
        < 0.001 => (seconds * 1e6).ToString("0.#", CultureInfo.InvariantCulture) + "µs",
        < 1 => (seconds * 1e3).ToString(seconds < 0.01 ? "0.00" : seconds < 0.1 ? "0.0" : "0", CultureInfo.InvariantCulture) + "ms",
        _ => seconds.ToString(seconds < 10 ? "0.00" : seconds < 100 ? "0.0" : "0", CultureInfo.InvariantCulture) + "s",
    };
}
