using GoMem.Statistics;

namespace GoMem.Tests.Statistics;

/// <summary>
/// Order-statistic intervals for the median. Expected orders are the textbook ones (e.g. n = 10: x(2)..x(9));
/// expected coverages are P(l ≤ X &lt; r) for X ~ Binomial(n, ½), computed with scipy.stats.binom.cdf (SciPy 1.10,
/// /usr/bin/python3).
/// </summary>
public class MedianConfidenceIntervalTests
{
    [Theory]
    [InlineData(6, 1, 6, 0.96875)]
    [InlineData(10, 2, 9, 0.978515625)]
    [InlineData(20, 6, 15, 0.9586105346679688)]
    public void Exact_orders_and_coverage_match_the_binomial(int n, int lo, int hi, double coverage)
    {
        var interval = MedianConfidenceInterval.ForQuantile(n, 0.5, 0.95);
        Assert.Equal(lo, interval.LoOrder);
        Assert.Equal(hi, interval.HiOrder);
        Assert.Equal(coverage, interval.Confidence, 12);
    }

    [Fact]
    public void Five_samples_cannot_reach_95_percent_so_the_interval_is_infinite()
    {
        var interval = MedianConfidenceInterval.ForQuantile(5, 0.5, 0.95);
        Assert.False(interval.IsFinite);
        var (lo, hi) = interval.Bounds([1, 2, 3, 4, 5]);
        Assert.True(double.IsNegativeInfinity(lo) || double.IsPositiveInfinity(hi));
        Assert.Equal(6, MedianConfidenceInterval.MinimumSamples(0.95));
    }

    // Above n = 30 the normal approximation N(n/2, n/4) with continuity correction; coverage = norm.cdf(r-½) - norm.cdf(l-½)
    // from scipy.stats.norm. n = 40 keeps the symmetric x(14)..x(26) (the left-biased one covers only 0.939); n = 100 takes
    // the left-biased x(40)..x(59) because it still covers ≥ 95% (benchstat's rule), where textbooks give x(40)..x(60).
    [Theory]
    [InlineData(40, 14, 27, 0.9601673807552586)]
    [InlineData(100, 40, 60, 0.9534190196211816)]
    public void Normal_approximation_above_thirty_values(int n, int lo, int hi, double coverage)
    {
        var interval = MedianConfidenceInterval.ForQuantile(n, 0.5, 0.95);
        Assert.Equal(lo, interval.LoOrder);
        Assert.Equal(hi, interval.HiOrder);
        Assert.Equal(coverage, interval.Confidence, 10);
    }

    [Fact]
    public void Median_interpolates_the_middle_two()
    {
        Assert.Equal(2.5, MedianConfidenceInterval.Median([1, 2, 3, 4]));
        Assert.Equal(3.0, MedianConfidenceInterval.Median([1, 2, 3, 4, 5]));
    }
}
