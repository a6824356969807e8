namespace GoMem.Statistics;

/// <summary>Why a U-test has no p-value: an empty sample, or every value equal (nothing to rank).</summary>
public enum MannWhitneyFailure
{
    None,
    SampleTooSmall,
    AllSamplesEqual,
}

/// <summary>A two-sided Mann–Whitney U-test: U of the first sample (ties count ½), the p-value, and how it was computed.</summary>
public sealed record MannWhitneyResult(int N1, int N2, double U, double P, bool Exact, bool HasTies, MannWhitneyFailure Failure)
{
    public string? FailureMessage => Failure switch
    {
        MannWhitneyFailure.SampleTooSmall => "sample is too small",
        MannWhitneyFailure.AllSamplesEqual => "all samples are equal",
        _ => null,
    };
}

/// <summary>
/// The Mann–Whitney U-test as benchstat (go-moremath) runs it: the exact distribution without ties up to 50 values
/// per sample (Mann and Whitney's recurrence), the exact conditional distribution given the tie pattern up to 25
/// values per sample, and above that the normal approximation with tie and continuity corrections.
/// </summary>
public static class MannWhitneyU
{
    public const int ExactLimit = 50;
    public const int TiesExactLimit = 25;

    // The exact tied distribution's two count tables, reused: a comparison of 50,000 benchmarks runs as many tests.
    [ThreadStatic]
    private static double[]? t_counts;
    [ThreadStatic]
    private static double[]? t_next;

    // P(U ≤ u) without ties depends only on (n1, n2, u), and benchmark files repeat the same few sample sizes.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(int N1, int N2, int U), double> NoTiesCache = new();
    private const int NoTiesCacheLimit = 100_000;

    public static MannWhitneyResult Test(ReadOnlySpan<double> sample1, ReadOnlySpan<double> sample2)
    {
        int n1 = sample1.Length, n2 = sample2.Length;
        if (n1 == 0 || n2 == 0)
        {
            return new MannWhitneyResult(n1, n2, double.NaN, double.NaN, false, false, MannWhitneyFailure.SampleTooSmall);
        }

        // Each sample sorted on its own (a plain double sort, no comparer delegate), then merged: the midranks of
        // tie groups give U1 and the group sizes form the tie vector. CompareTo is a total order (NaN first and
        // equal to itself), so even a NaN cannot break the walk.
        var first = Sorted(sample1, stackalloc double[n1 <= 128 ? n1 : 0]);
        var second = Sorted(sample2, stackalloc double[n2 <= 128 ? n2 : 0]);
        var ties = new List<int>();
        var rankSum1 = 0.0;
        int i1 = 0, i2 = 0, position = 0;
        while (i1 < n1 || i2 < n2)
        {
            var value = i2 >= n2 || (i1 < n1 && first[i1].CompareTo(second[i2]) <= 0) ? first[i1] : second[i2];
            var firstCount = 0;
            var start = position;
            while (i1 < n1 && first[i1].CompareTo(value) == 0)
            {
                i1++;
                firstCount++;
            }

            while (i2 < n2 && second[i2].CompareTo(value) == 0)
            {
                i2++;
            }

            position = i1 + i2;
            rankSum1 += (start + 1 + position) / 2.0 * firstCount;
            ties.Add(position - start);
        }

        var hasTies = ties.Count < n1 + n2;
        var u1 = rankSum1 - (n1 * (n1 + 1) / 2.0);
        var u2 = ((double)n1 * n2) - u1;
        var uSmall = Math.Min(u1, u2);

        var exact = hasTies ? n1 <= TiesExactLimit && n2 <= TiesExactLimit : n1 <= ExactLimit && n2 <= ExactLimit;
        if (exact)
        {
            if (ties.Count == 1)
            {
                return new MannWhitneyResult(n1, n2, u1, double.NaN, true, hasTies, MannWhitneyFailure.AllSamplesEqual);
            }

            // The distribution is symmetric about n1·n2/2; when U sits on the centre, doubling CDF(U) would count its mass twice.
            var p = u1 == u2 ? 1 : 2 * (hasTies ? TiedCdf(n1, n2, ties, uSmall) : NoTiesCdf(n1, n2, (int)Math.Floor(uSmall)));
            return new MannWhitneyResult(n1, n2, u1, p, true, hasTies, MannWhitneyFailure.None);
        }

        var tieSum = 0.0;
        foreach (var t in ties)
        {
            tieSum += ((double)t * t * t) - t;
        }

        var total = (double)(n1 + n2);
        var mean = (double)n1 * n2 / 2;
        var sigma = Math.Sqrt((double)n1 * n2 * ((total + 1) - (tieSum / (total * (total - 1)))) / 12);
        if (sigma == 0)
        {
            return new MannWhitneyResult(n1, n2, u1, double.NaN, false, hasTies, MannWhitneyFailure.AllSamplesEqual);
        }

        var numerator = u1 - mean;
        numerator -= Math.Sign(numerator) * 0.5;
        var z = numerator / sigma;
        var cdf = NormalDistribution.Cdf(z);
        return new MannWhitneyResult(n1, n2, u1, 2 * Math.Min(cdf, 1 - cdf), false, hasTies, MannWhitneyFailure.None);
    }

    /// <summary>
    /// P(U ≤ u) without ties by Mann and Whitney's recurrence p[n,m](U) = (n·p[n-1,m](U-m) + m·p[n,m-1](U)) / (n+m),
    /// kept one row of (n, m) at a time.
    /// </summary>
    public static double NoTiesCdf(int n1, int n2, int u)
    {
        if (NoTiesCache.TryGetValue((n1, n2, u), out var known))
        {
            return known;
        }

        var p = ComputeNoTiesCdf(n1, n2, u);
        if (NoTiesCache.Count < NoTiesCacheLimit)
        {
            NoTiesCache.TryAdd((n1, n2, u), p);
        }

        return p;
    }

    private static double ComputeNoTiesCdf(int n1, int n2, int u)
    {
        if (u < 0)
        {
            return 0;
        }

        var product = n1 * n2;
        if (u >= product)
        {
            return 1;
        }

        var flip = u >= (product + 1) / 2;
        if (flip)
        {
            u = product - u - 1;
        }

        var small = Math.Min(n1, n2);
        var large = Math.Max(n1, n2);
        var rows = new double[small + 1][];
        for (var n = 0; n <= small; n++)
        {
            rows[n] = new double[u + 1];
        }

        for (var m = 0; m <= large; m++)
        {
            rows[0][0] = 1;
            var limit = Math.Min(small, m);
            for (var n = 1; n <= limit; n++)
            {
                var left = rows[n - 1];
                var right = n <= m - 1 ? rows[n] : rows[m - 1];
                var top = Math.Min(n * m, u);
                var output = rows[n];
                for (var k = top; k >= 0; k--)
                {
                    var l = k - m >= 0 ? n * left[k - m] : 0.0;
                    output[k] = (l + (m * right[k])) / (n + m);
                }
            }
        }

        var sum = 0.0;
        var pdf = rows[small];
        for (var k = 0; k <= u; k++)
        {
            sum += pdf[k];
        }

        return flip ? 1 - sum : sum;
    }

    /// <summary>
    /// P(U1 ≤ u) given the tie vector: every way of choosing which n1 of the ranked values came from the first sample
    /// is equally likely; counts by dynamic programming over tie groups, weighted by binomial coefficients.
    /// </summary>
    public static double TiedCdf(int n1, int n2, IReadOnlyList<int> ties, double u)
    {
        // 2·U1 = Σ r_k (2·before_k + t_k + 1) - n1(n1+1), with r_k first-sample values in group k. Sums only grow
        // from group to group, so a partial sum beyond the bound can never count and is not carried.
        var offset = n1 * (n1 + 1);
        var limit = Math.Floor(2 * u);
        if (double.IsNaN(limit) || limit < 0)
        {
            return 0;
        }

        var cap = (int)Math.Min(limit + offset, (double)(n1 + n2) * (n1 + n2 + 1));
        var width = cap + 1;
        var size = (n1 + 1) * width;
        var counts = Scratch(ref t_counts, size);
        var next = Scratch(ref t_next, size);
        Array.Clear(counts, 0, size);
        var choose = new double[n1 + 1];
        counts[0] = 1;
        var before = 0;
        var reach = 0;
        foreach (var t in ties)
        {
            Array.Clear(next, 0, size);
            var weight = (2 * before) + t + 1;
            var newReach = reach;
            var most = Math.Min(t, n1);
            for (var r = 0; r <= most; r++)
            {
                choose[r] = Combinatorics.Choose(t, r);
            }

            for (var taken = 0; taken <= n1; taken++)
            {
                var row = taken * width;
                for (var twoRank = 0; twoRank <= reach; twoRank++)
                {
                    var ways = counts[row + twoRank];
                    if (ways == 0)
                    {
                        continue;
                    }

                    for (var r = 0; r <= most && taken + r <= n1; r++)
                    {
                        var target = twoRank + (r * weight);
                        if (target > cap)
                        {
                            break;
                        }

                        next[((taken + r) * width) + target] += ways * choose[r];
                        newReach = Math.Max(newReach, target);
                    }
                }
            }

            (counts, next) = (next, counts);
            reach = newReach;
            before += t;
        }

        var favourable = 0.0;
        var last = n1 * width;
        for (var twoRank = offset; twoRank <= reach; twoRank++)
        {
            favourable += counts[last + twoRank];
        }

        return favourable / Combinatorics.Choose(n1 + n2, n1);
    }

    /// <summary>A reusable buffer of at least <paramref name="size"/> values (contents undefined).</summary>
    private static double[] Scratch(ref double[]? buffer, int size)
    {
        if (buffer is null || buffer.Length < size)
        {
            buffer = new double[Math.Max(size, 1024)];
        }

        return buffer;
    }

    /// <summary>The sample in ascending order: in place in <paramref name="scratch"/> when it fits, else a new array.</summary>
    private static ReadOnlySpan<double> Sorted(ReadOnlySpan<double> sample, Span<double> scratch)
    {
        var copy = scratch.Length == sample.Length ? scratch : new double[sample.Length];
        sample.CopyTo(copy);
        copy.Sort();
        return copy;
    }

    /// <summary>The smallest two-sided p-value two samples of n values each can reach (2 / C(2n, n)).</summary>
    public static double MinimumP(int n) => n < 1 ? 1 : 2 / Combinatorics.Choose(2 * n, n);
}

/// <summary>Binomial coefficients as doubles (exact while they fit in 53 bits).</summary>
internal static class Combinatorics
{
    public static double Choose(int n, int k)
    {
        if (k < 0 || k > n)
        {
            return 0;
        }

        k = Math.Min(k, n - k);
        var result = 1.0;
        for (var i = 1; i <= k; i++)
        {
            result = result * (n - k + i) / i;
        }

        return result;
    }
}
