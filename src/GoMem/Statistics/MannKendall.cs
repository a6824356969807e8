namespace GoMem.Statistics;

/// <summary>The Mann–Kendall trend test of a series: Kendall's S, tau-b, and p-values for a monotonic trend.</summary>
/// <param name="S">Concordant minus discordant pairs of (time, value).</param>
/// <param name="VarianceS">Variance of S under no trend, corrected for ties (tau-b's variance, as scipy's kendalltau).</param>
/// <param name="Z">S over its standard deviation (continuity-corrected when <see cref="ContinuityCorrected"/>).</param>
/// <param name="PIncreasing">One-sided p-value for an increasing trend.</param>
/// <param name="PTwoSided">Two-sided p-value.</param>
/// <param name="Exact">True when the p-values come from the exact permutation distribution (no ties, n ≤ 50).</param>
public sealed record MannKendallResult(int N, long S, double VarianceS, double TauB, double Z, double PIncreasing, double PTwoSided, bool Exact, bool ContinuityCorrected);

/// <summary>
/// Mann–Kendall: whether values tend to rise with time, with no assumption about the shape of the rise or the noise.
/// Exact p-values (the distribution of inversions, Mahonian numbers) when there are no ties and n ≤ 50; otherwise
/// the normal approximation with the tie-corrected variance. Matches scipy.stats.kendalltau (method "exact" or
/// "asymptotic") when the continuity correction is off.
/// </summary>
public static class MannKendall
{
    public const int MaxExactN = 50;

    public static MannKendallResult Test(ReadOnlySpan<double> times, ReadOnlySpan<double> values, bool continuityCorrection = true, bool allowExact = true)
    {
        if (times.Length != values.Length)
        {
            throw new ArgumentException("times and values differ in length");
        }

        var n = times.Length;
        if (n < 2)
        {
            return new MannKendallResult(n, 0, 0, double.NaN, 0, 1, 1, false, continuityCorrection);
        }

        long s = 0, discordant = 0;
        for (var i = 0; i < n - 1; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                var product = Math.Sign(times[j] - times[i]) * Math.Sign(values[j] - values[i]);
                s += product;
                if (product < 0)
                {
                    discordant++;
                }
            }
        }

        var (xTies, x0, x1) = TieStatistics(times);
        var (yTies, y0, y1) = TieStatistics(values);
        double m = (double)n * (n - 1);
        var variance = (((m * ((2 * n) + 5)) - x1 - y1) / 18) + (2.0 * xTies * yTies / m) + (n > 2 ? x0 * y0 / (9 * m * (n - 2)) : 0);
        double pairs = n * (n - 1) / 2.0;
        var tau = s / Math.Sqrt(pairs - xTies) / Math.Sqrt(pairs - yTies);

        if (allowExact && xTies == 0 && yTies == 0 && n <= MaxExactN)
        {
            var (atMost, atLeast) = ExactInversionTails(n, discordant);
            var z0 = variance > 0 ? s / Math.Sqrt(variance) : 0;
            return new MannKendallResult(n, s, variance, tau, z0, atMost, Math.Min(1, 2 * Math.Min(atMost, atLeast)), true, false);
        }

        if (variance <= 0)
        {
            return new MannKendallResult(n, s, variance, tau, 0, 1, 1, false, continuityCorrection);
        }

        double numerator = s;
        if (continuityCorrection && s != 0)
        {
            numerator = s > 0 ? s - 1 : s + 1;
        }

        var z = numerator / Math.Sqrt(variance);
        return new MannKendallResult(n, s, variance, tau, z, NormalDistribution.Survival(z), Math.Min(1, 2 * NormalDistribution.Survival(Math.Abs(z))), false, continuityCorrection);
    }

    /// <summary>Tie groups of a sample: sum t(t-1)/2, sum t(t-1)(t-2), sum t(t-1)(2t+5) over groups of size t.</summary>
    private static (double Pairs, double Cubic, double Variance) TieStatistics(ReadOnlySpan<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        double pairs = 0, cubic = 0, variance = 0;
        for (var i = 0; i < sorted.Length;)
        {
            var j = i + 1;
            while (j < sorted.Length && sorted[j] == sorted[i])
            {
                j++;
            }

            double t = j - i;
            if (t > 1)
            {
                pairs += t * (t - 1) / 2;
                cubic += t * (t - 1) * (t - 2);
                variance += t * (t - 1) * ((2 * t) + 5);
            }

            i = j;
        }

        return (pairs, cubic, variance);
    }

    /// <summary>P(D ≤ d) and P(D ≥ d) for D the number of inversions of a random permutation of n.</summary>
    private static (double AtMost, double AtLeast) ExactInversionTails(int n, long d)
    {
        var max = n * (n - 1) / 2;
        var counts = new double[max + 1];
        counts[0] = 1;
        var width = 0;
        for (var k = 2; k <= n; k++)
        {
            // Multiply the generating function by 1 + q + ... + q^(k-1) with a running window sum.
            var next = new double[max + 1];
            var window = 0.0;
            for (var i = 0; i <= width + k - 1; i++)
            {
                window += i <= width ? counts[i] : 0;
                if (i - k >= 0)
                {
                    window -= counts[i - k];
                }

                next[i] = window;
            }

            width += k - 1;
            counts = next;
        }

        double total = 0, below = 0, above = 0;
        for (var i = 0; i <= max; i++)
        {
            total += counts[i];
            if (i <= d)
            {
                below += counts[i];
            }

            if (i >= d)
            {
                above += counts[i];
            }
        }

        return (below / total, above / total);
    }
}
