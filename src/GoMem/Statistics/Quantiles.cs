namespace GoMem.Statistics;

/// <summary>
/// Sample quantiles by linear interpolation between order statistics (Hyndman–Fan type 7, the default of
/// numpy, R and spreadsheet PERCENTILE), so figures such as pause p99 agree with what users compute elsewhere.
/// </summary>
public static class Quantiles
{
    /// <summary>The <paramref name="p"/>-quantile (0..1) of values already sorted ascending; NaN when empty.</summary>
    public static double OfSorted(ReadOnlySpan<double> sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        if (p <= 0)
        {
            return sorted[0];
        }

        if (p >= 1)
        {
            return sorted[^1];
        }

        var position = p * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        var weight = position - lower;
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * weight);
    }

    /// <summary>The <paramref name="p"/>-quantile of unsorted values; sorts a copy, leaving the input untouched.</summary>
    public static double Of(ReadOnlySpan<double> values, double p)
    {
        var copy = values.ToArray();
        Array.Sort(copy);
        return OfSorted(copy, p);
    }

    /// <summary>The median of values already sorted ascending.</summary>
    public static double MedianOfSorted(ReadOnlySpan<double> sorted) => OfSorted(sorted, 0.5);
}
