namespace GoMem.Statistics;

/// <summary>
/// Which order statistics bound a distribution-free confidence interval for a quantile (benchstat's median ± CI):
/// the number of sample values below the population quantile is Binomial(n, q), so the interval between the
/// LoOrder-th and HiOrder-th smallest values covers it with probability <see cref="Confidence"/> ≥ the level asked.
/// Orders are 1-based; 0 or n+1 mean the bound is -∞ or +∞ (the sample is too small for that level).
/// </summary>
public sealed record QuantileInterval(int N, double Quantile, double Confidence, int LoOrder, int HiOrder)
{
    /// <summary>The interval's bounds within <paramref name="sorted"/> (ascending, length N); infinite outside the sample.</summary>
    public (double Lo, double Hi) Bounds(ReadOnlySpan<double> sorted)
    {
        var lo = LoOrder < 1 ? double.NegativeInfinity : sorted[LoOrder - 1];
        var hi = HiOrder - 1 >= sorted.Length ? double.PositiveInfinity : sorted[HiOrder - 1];
        return (lo, hi);
    }

    /// <summary>True when both bounds are sample values.</summary>
    public bool IsFinite => LoOrder > 0 && HiOrder <= N;
}

/// <summary>
/// The median and its distribution-free confidence interval by order statistics, computed as benchstat does
/// (exact binomial sums up to n = 30, the normal approximation with continuity correction above).
/// </summary>
public static class MedianConfidenceInterval
{
    private const int ExactLimit = 30;

    /// <summary>The smallest sample size with a finite interval at <paramref name="confidence"/>, up to 50 (null above).</summary>
    public static int? MinimumSamples(double confidence)
    {
        for (var n = 2; n <= 50; n++)
        {
            if (ForQuantile(n, 0.5, confidence).IsFinite)
            {
                return n;
            }
        }

        return null;
    }

    /// <summary>The median of sorted values, interpolated between the middle two when n is even.</summary>
    public static double Median(ReadOnlySpan<double> sorted)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        // Hyndman–Fan type 8 position at q = 1/2, which is (n+1)/2: the middle value or halfway between the two.
        var h = ((sorted.Length + (1.0 / 3)) * 0.5) + (1.0 / 3);
        var floor = Math.Floor(h);
        var index = (int)floor;
        if (index < 1)
        {
            return sorted[0];
        }

        if (index >= sorted.Length)
        {
            return sorted[^1];
        }

        return sorted[index - 1] + ((h - floor) * (sorted[index] - sorted[index - 1]));
    }

    public static QuantileInterval ForQuantile(int n, double q, double confidence)
    {
        if (confidence >= 1)
        {
            return new QuantileInterval(n, q, 1, 0, n + 1);
        }

        if (n > ExactLimit)
        {
            return Approximate(n, q, confidence);
        }

        // The exact interval depends on (n, q, confidence) only; a comparison asks for the same few thousands of times.
        if (!ExactCache.TryGetValue((n, q, confidence), out var interval))
        {
            interval = Exact(n, q, confidence);
            if (ExactCache.Count < 10_000)
            {
                ExactCache.TryAdd((n, q, confidence), interval);
            }
        }

        return interval;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(int N, double Q, double Confidence), QuantileInterval> ExactCache = new();

    /// <summary>Grows [l, r) outward from the binomial mode, always taking the more probable side (the left on ties).</summary>
    private static QuantileInterval Exact(int n, double q, double confidence)
    {
        var mode = q == 0 ? 0 : (int)(Math.Ceiling((n + 1) * q) - 1);
        var accumulated = BinomialPmf(n, q, mode);
        var l = mode;
        var r = mode + 1;
        var leftP = BinomialPmf(n, q, l - 1);
        var rightP = BinomialPmf(n, q, r);
        while (accumulated < confidence && (leftP > 0 || rightP > 0))
        {
            if (leftP >= rightP)
            {
                accumulated += leftP;
                l--;
                leftP = BinomialPmf(n, q, l - 1);
            }
            else
            {
                accumulated += rightP;
                r++;
                rightP = BinomialPmf(n, q, r);
            }
        }

        return new QuantileInterval(n, q, accumulated, Math.Max(l, 0), Math.Min(r, n + 1));
    }

    /// <summary>The normal approximation to Binomial(n, q), rounded out to whole order statistics, then left-biased when that still suffices.</summary>
    private static QuantileInterval Approximate(int n, double q, double confidence)
    {
        var mean = n * q;
        var sigma = Math.Sqrt(n * q * (1 - q));
        var tail = (1 - confidence) / 2;
        var l1 = mean + (sigma * NormalDistribution.InverseCdf(tail));
        var r1 = (2 * mean) - l1;
        var l = (int)Math.Floor(Math.Floor(l1 - 0.5) + 0.5) + 1;
        var r = (int)Math.Floor(Math.Ceiling(r1 - 0.5) + 0.5) + 1;
        double Coverage(int lo, int hi) =>
            NormalDistribution.Cdf(hi - 0.5, mean, sigma) - NormalDistribution.Cdf(lo - 0.5, mean, sigma);
        var achieved = Coverage(l, r);
        var biased = Coverage(l, r - 1);
        if (biased >= confidence && biased < achieved)
        {
            achieved = biased;
            r--;
        }

        if (l <= 0 && r >= n + 1)
        {
            achieved = 1;
        }

        return new QuantileInterval(n, q, achieved, Math.Max(l, 0), Math.Min(r, n + 1));
    }

    private static double BinomialPmf(int n, double p, int k)
    {
        if (k < 0 || k > n)
        {
            return 0;
        }

        return Combinatorics.Choose(n, k) * Math.Pow(p, k) * Math.Pow(1 - p, n - k);
    }
}
