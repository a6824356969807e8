namespace GoMem.Output.Text;

/// <summary>
/// Values and percentages as pprof prints them (its measurement package's ScaledLabel and Percentage). The value
/// comes already scaled to its display unit (the profile model's SampleUnits.Scale does that conversion).
/// </summary>
public static class PprofText
{
    /// <summary>pprof's ScaledLabel: "%.2f" of the scaled value, ".00" dropped, unit appended; zero prints as "0".</summary>
    public static string ScaledLabel((double Value, string Unit) scaled) => ScaledLabel(scaled.Value, scaled.Unit);

    /// <inheritdoc cref="ScaledLabel((double Value, string Unit))"/>
    public static string ScaledLabel(double value, string unit)
    {
        var text = GoFormat.Fixed(value, 2);
        if (text.EndsWith(".00", StringComparison.Ordinal))
        {
            text = text[..^3];
        }

        return text is "0" or "-0" ? "0" : text + unit;
    }

    /// <summary>pprof's Percentage: "  100%" near 100, "%5.2f%%" from 1, "%5.2g%%" below.</summary>
    public static string Percentage(long value, long total)
    {
        double ratio = 0;
        if (total != 0)
        {
            ratio = Math.Abs((double)value / total) * 100;
        }

        if (ratio >= 99.95 && ratio <= 100.05)
        {
            return "  100%";
        }

        return ratio >= 1.0 ? GoFormat.PadLeft(GoFormat.Fixed(ratio, 2), 5) + "%" : GoFormat.PadLeft(GoFormat.General(ratio, 2), 5) + "%";
    }
}
