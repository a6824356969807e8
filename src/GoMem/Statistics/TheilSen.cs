namespace GoMem.Statistics;

/// <summary>A Theil–Sen line: the median of pairwise slopes, with Sen's confidence interval for the slope.</summary>
public sealed record TheilSenResult(double Slope, double Intercept, double LowSlope, double HighSlope);

/// <summary>
/// The Theil–Sen estimator: a slope robust to outliers (up to about 29% of the points), the trend line to use when
/// single snapshots are noisy. Follows scipy.stats.theilslopes (method "separate"): intercept = median(y) − slope ×
/// median(x), confidence interval from Sen (1968) eq. 2.6 with ties in x and y.
/// </summary>
public static class TheilSen
{
    public const int MaxPoints = 5000;

    public static TheilSenResult Fit(ReadOnlySpan<double> x, ReadOnlySpan<double> y, double confidence = 0.95)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException("x and y differ in length");
        }

        var n = x.Length;
        if (n > MaxPoints)
        {
            throw new ArgumentException($"Theil-Sen takes at most {MaxPoints} points");
        }

        var slopes = new List<double>(n * (n - 1) / 2);
        for (var i = 0; i < n - 1; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                if (x[j] != x[i])
                {
                    slopes.Add((y[j] - y[i]) / (x[j] - x[i]));
                }
            }
        }

        if (slopes.Count == 0)
        {
            return new TheilSenResult(double.NaN, double.NaN, double.NaN, double.NaN);
        }

        slopes.Sort();
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(slopes);
        var slope = Median(span);
        var intercept = Median(Sorted(y)) - (slope * Median(Sorted(x)));

        var alpha = confidence > 0.5 ? 1 - confidence : confidence;
        var z = NormalDistribution.InverseCdf(alpha / 2);
        var sigmaSquared = ((double)n * (n - 1) * ((2 * n) + 5) - RepeatTerm(x) - RepeatTerm(y)) / 18.0;
        var sigma = Math.Sqrt(sigmaSquared);
        var count = slopes.Count;
        var upper = (int)Math.Min(Math.Round((count - (z * sigma)) / 2.0, MidpointRounding.ToEven), count - 1);
        var lower = (int)Math.Max(Math.Round((count + (z * sigma)) / 2.0, MidpointRounding.ToEven) - 1, 0);
        var low = lower <= upper && lower >= 0 && upper < count ? span[lower] : double.NaN;
        var high = lower <= upper && lower >= 0 && upper < count ? span[upper] : double.NaN;
        return new TheilSenResult(slope, intercept, low, high);
    }

    /// <summary>The median of a sorted span (mean of the two middle values when even).</summary>
    public static double Median(ReadOnlySpan<double> sorted)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double[] Sorted(ReadOnlySpan<double> values)
    {
        var copy = values.ToArray();
        Array.Sort(copy);
        return copy;
    }

    // sum k(k-1)(2k+5) over groups of k > 1 equal values.
    private static double RepeatTerm(ReadOnlySpan<double> values)
    {
        var sorted = Sorted(values);
        double sum = 0;
        for (var i = 0; i < sorted.Length;)
        {
            var j = i + 1;
            while (j < sorted.Length && sorted[j] == sorted[i])
            {
                j++;
            }

            double k = j - i;
            if (k > 1)
            {
                sum += k * (k - 1) * ((2 * k) + 5);
            }

            i = j;
        }

        return sum;
    }
}
