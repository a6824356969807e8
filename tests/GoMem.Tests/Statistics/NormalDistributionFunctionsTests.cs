using GoMem.Statistics;

namespace GoMem.Tests.Statistics;

/// <summary>Expected values from scipy.stats.norm.cdf and norm.ppf (SciPy 1.10, /usr/bin/python3).</summary>
public class NormalDistributionFunctionsTests
{
    [Theory]
    [InlineData(-3, 0.0013498980316300933)]
    [InlineData(-1.5, 0.06680720126885807)]
    [InlineData(0, 0.5)]
    [InlineData(0.7, 0.758036347776927)]
    [InlineData(2.5, 0.9937903346742238)]
    [InlineData(6, 0.9999999990134123)]
    public void Cdf_matches_scipy(double z, double expected) => Assert.Equal(expected, NormalDistributionFunctions.Cdf(z), 14);

    [Theory]
    [InlineData(0.025, -1.9599639845400545)]
    [InlineData(0.001, -3.090232306167813)]
    [InlineData(0.9, 1.2815515655446004)]
    public void Inverse_cdf_matches_scipy(double p, double expected) => Assert.Equal(expected, NormalDistributionFunctions.InverseCdf(p), 10);

    // scipy.special.erfc(5) and erfc(3.2).
    [Theory]
    [InlineData(5, 1.5374597944280347e-12)]
    [InlineData(3.2, 6.025761151762082e-06)]
    public void Erfc_keeps_relative_precision_in_the_tail(double x, double expected) =>
        Assert.InRange(NormalDistributionFunctions.Erfc(x) / expected, 1 - 1e-13, 1 + 1e-13);
}
