using System.Globalization;
using GoMem.Profiles;

namespace GoMem.Gc;

/// <summary>How GC quantities are written for people, the same in findings, text, HTML and the follow lines.</summary>
public static class GcText
{
    public static string Bytes(long value) => Measurement.ScaledLabel(value, "bytes", "minimum");

    public static string Signed(double bytes) => (bytes < 0 ? "-" : "+") + Bytes((long)Math.Round(Math.Abs(bytes)));

    public static string Percent(double fraction) => (fraction * 100).ToString(fraction < 0.1 ? "0.0" : "0", CultureInfo.InvariantCulture) + "%";

    /// <summary>A duration as people read GC times: microseconds, milliseconds or seconds, three significant figures.</summary>
    public static string Duration(double seconds) => seconds switch
    {
        < 0.001 => (seconds * 1e6).ToString("0.#", CultureInfo.InvariantCulture) + "µs",
        < 1 => (seconds * 1e3).ToString(seconds < 0.01 ? "0.00" : seconds < 0.1 ? "0.0" : "0", CultureInfo.InvariantCulture) + "ms",
        _ => seconds.ToString(seconds < 10 ? "0.00" : seconds < 100 ? "0.0" : "0", CultureInfo.InvariantCulture) + "s",
    };
}
