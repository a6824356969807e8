using GoMem.Statistics;

namespace GoMem.Tests.Statistics;

/// <summary>
/// Expected p-values computed independently with SciPy 1.10 (Debian python3-scipy, /usr/bin/python3):
/// scipy.stats.mannwhitneyu(a, b, alternative='two-sided', method='exact' or 'asymptotic', use_continuity=True),
/// and for the exact test with ties (SciPy has none) a brute-force enumeration of all C(12, 6) or C(20, 10) rank
/// assignments with scipy.stats.rankdata.
/// </summary>
public class MannWhitneyUTests
{
    [Fact]
    public void Exact_without_ties_matches_scipy_exact()
    {
        var result = MannWhitneyU.Test([1.1, 2.3, 3.5, 4.2, 5.9], [6.1, 7.4, 8.8, 2.9, 9.5]);
        Assert.True(result.Exact);
        Assert.False(result.HasTies);
        Assert.Equal(3.0, result.U);
        Assert.Equal(0.05555555555555555, result.P, 12);
    }

    [Fact]
    public void Exact_without_ties_for_ten_values_each_matches_scipy_exact()
    {
        var result = MannWhitneyU.Test(
            [1726, 1723, 1707.5, 1707, 1713, 1729, 1736, 1707.2, 1705, 1774],
            [1420, 1425, 1430, 1421, 1419, 1440, 1423, 1424, 1422, 1426]);
        Assert.True(result.Exact);
        Assert.Equal(100.0, result.U);
        Assert.Equal(1.082508822446903e-05, result.P, 15);
    }

    [Fact]
    public void Exact_with_ties_matches_a_full_enumeration_of_rank_assignments()
    {
        var result = MannWhitneyU.Test([1, 2, 2, 3, 3, 4], [2, 3, 3, 4, 5, 5]);
        Assert.True(result.Exact);
        Assert.True(result.HasTies);
        Assert.Equal(8.5, result.U);
        Assert.Equal(0.16233766233766234, result.P, 12);
    }

    // benchstat's own example (testdata old.txt/new.txt, Encode/format=gob): benchstat prints p=0.446; the normal
    // approximation (scipy asymptotic) would give 0.4487.
    [Fact]
    public void Exact_with_ties_up_to_25_values_matches_enumeration()
    {
        var result = MannWhitneyU.Test(
            [3069, 3075, 3069, 3067, 3207, 3064, 3064, 3058, 3059, 3062],
            [3075, 3065, 3059, 3065, 3060, 3081, 3186, 3135, 3087, 3062]);
        Assert.True(result.Exact);
        Assert.Equal(39.5, Math.Min(result.U, 100 - result.U));
        Assert.Equal(0.4461018857303687, result.P, 13);
    }

    [Fact]
    public void Normal_approximation_with_ties_above_25_values_matches_scipy_asymptotic()
    {
        double[] a = [.. Enumerable.Range(0, 26).Select(i => (double)i), 5, 5, 5, 9];
        double[] b = [.. Enumerable.Range(4, 26).Select(i => (double)i), 7, 7, 7, 12];
        var result = MannWhitneyU.Test(a, b);
        Assert.False(result.Exact);
        Assert.Equal(324.0, result.U);
        Assert.Equal(0.06328995408626835, result.P, 12);
    }

    [Fact]
    public void Normal_approximation_above_fifty_values_matches_scipy_asymptotic()
    {
        var a = Enumerable.Range(0, 60).Select(i => (double)i).ToArray();
        var b = Enumerable.Range(0, 60).Select(i => i + 10.5).ToArray();
        var result = MannWhitneyU.Test(a, b);
        Assert.False(result.Exact);
        Assert.Equal(1225.0, result.U);
        Assert.Equal(0.0025668879435241754, result.P, 12);
    }

    [Fact]
    public void U_on_the_centre_of_the_distribution_gives_p_one()
    {
        var result = MannWhitneyU.Test([1, 4], [2, 3]);
        Assert.Equal(1.0, result.P);
    }

    [Fact]
    public void All_equal_values_and_empty_samples_have_no_p_value()
    {
        Assert.Equal(MannWhitneyFailure.AllSamplesEqual, MannWhitneyU.Test([5, 5, 5], [5, 5]).Failure);
        Assert.Equal("all samples are equal", MannWhitneyU.Test([5, 5, 5], [5, 5]).FailureMessage);
        Assert.Equal(MannWhitneyFailure.SampleTooSmall, MannWhitneyU.Test([], [1.0]).Failure);
    }

    // A NaN made the old tie walk stand still (NaN == NaN is false) and grow its tie list until memory ran out. NaN
    // now ties with NaN and sorts first (CompareTo's total order), so the test ends, as it does with many of them.
    [Fact]
    public void NaN_values_end_the_test_instead_of_looping()
    {
        var result = MannWhitneyU.Test([5], [double.NaN]);
        Assert.Equal((1, 1, 1.0), (result.N1, result.N2, result.P));
        Assert.Equal(MannWhitneyFailure.None, MannWhitneyU.Test([1, 2, 3, 4, 5, 6], [1, 2, double.NaN, double.NaN, 5, 6]).Failure);
    }

    // The tied exact distribution against the six rank assignments of two values out of four, counted by hand
    // (ties [1, 2, 1]: U1 is 0.5, 0.5, 2, 2, 3.5, 3.5), at bounds below, inside and above the cut-off.
    [Fact]
    public void Tied_cdf_counts_a_bound_that_lands_inside_a_tie_group()
    {
        Assert.Equal(1.0, MannWhitneyU.TiedCdf(2, 2, [4], 2), 15);
        Assert.Equal(0.0, MannWhitneyU.TiedCdf(2, 2, [1, 1, 1, 1], -1), 15);
        Assert.Equal(1.0 / 6, MannWhitneyU.TiedCdf(2, 2, [1, 1, 1, 1], 0), 15);
        Assert.Equal(1.0 / 3, MannWhitneyU.TiedCdf(2, 2, [1, 2, 1], 1.5), 15);
        Assert.Equal(2.0 / 3, MannWhitneyU.TiedCdf(2, 2, [1, 2, 1], 2), 15);
    }

    // 2 / C(2n, n): the table benchstat ships (uTestMinP) for n = 1..9.
    [Theory]
    [InlineData(1, 1.0)]
    [InlineData(3, 0.1)]
    [InlineData(4, 0.02857142857142857)]
    [InlineData(9, 4.113533525298231e-05)]
    public void Minimum_p_for_equal_samples(int n, double expected) => Assert.Equal(expected, MannWhitneyU.MinimumP(n), 15);
}
