using GoMem.Statistics;

namespace GoMem.Tests.Statistics;

/// <summary>
/// Expected values from scipy.stats.norm.cdf, norm.sf and norm.ppf, scipy.special.erfc and ndtri
/// (SciPy 1.10.1, Debian python3-scipy, run with /usr/bin/python3).
/// </summary>
public class NormalDistributionTests
{
    [Theory]
    [InlineData(-3, 0.0013498980316300933)]
    [InlineData(-1.5, 0.06680720126885807)]
    [InlineData(0, 0.5)]
    [InlineData(0.7, 0.758036347776927)]
    [InlineData(2.5, 0.9937903346742238)]
    [InlineData(6, 0.9999999990134123)]
    public void Cdf_matches_scipy(double z, double expected) => Assert.Equal(expected, NormalDistribution.Cdf(z), 14);

    [Theory]
    [InlineData(1.0, 0.15865525393145707)]
    [InlineData(4.5, 3.3976731247300535e-06)]
    [InlineData(-0.3, 0.6179114221889526)]
    [InlineData(2.9, 0.0018658133003840375)]
    [InlineData(7.5, 3.1908916729108844e-14)]
    [InlineData(12.0, 1.776482112077653e-33)]
    public void Survival_matches_scipy_to_relative_precision(double z, double expected) =>
        Assert.Equal(1, NormalDistribution.Survival(z) / expected, 12);

    [Theory]
    [InlineData(0.025, -1.9599639845400545)]
    [InlineData(0.001, -3.090232306167813)]
    [InlineData(0.5, 0.0)]
    [InlineData(0.9, 1.2815515655446004)]
    [InlineData(1e-10, -6.361340902404056)]
    public void Inverse_cdf_matches_scipy(double p, double expected) => Assert.Equal(expected, NormalDistribution.InverseCdf(p), 13);

    // scipy.special.ndtri(1 - 1e-10): near 1 the inverse is taken on the exact 1 - p, so it keeps its precision.
    [Fact]
    public void Inverse_cdf_keeps_precision_near_one() =>
        Assert.Equal(6.361340889697422, NormalDistribution.InverseCdf(1 - 1e-10), 13);

    // scipy.special.erfc(5) and erfc(3.2).
    [Theory]
    [InlineData(5, 1.5374597944280347e-12)]
    [InlineData(3.2, 6.025761151762082e-06)]
    public void Erfc_keeps_relative_precision_in_the_tail(double x, double expected) =>
        Assert.InRange(NormalDistribution.Erfc(x) / expected, 1 - 1e-13, 1 + 1e-13);
}
