using GoMem.Statistics;

namespace GoMem.Tests.Statistics;

/// <summary>
/// Theil–Sen and Mann–Kendall against scipy 1.10.1 (Debian python3-scipy, run with /usr/bin/python3):
/// scipy.stats.theilslopes(y, x, 0.95) and scipy.stats.kendalltau(x, y, method=..., alternative=...).
/// The expected numbers below are scipy's printed values.
/// </summary>
public sealed class TrendStatisticsTests
{
    private static readonly double[] NoisyX = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    private static readonly double[] NoisyY = [3.1, 2.9, 4.4, 4.0, 5.6, 5.1, 7.3, 6.8, 8.9, 8.2];
    private static readonly double[] PlateauX = [0, 60, 120, 180, 240, 300, 360, 420];
    private static readonly double[] PlateauY = [480, 960, 960, 961, 960, 959, 960, 960];
    private static readonly double[] TiesX = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
    private static readonly double[] TiesY = [5, 5, 6, 7, 7, 7, 8, 6, 9, 9, 10, 10];
    private static readonly double[] UnevenX = [0, 7.5, 16, 22, 31, 45, 52, 60];
    private static readonly double[] UnevenY = [10, 12, 11, 15, 19, 18, 22, 25];

    public static TheoryData<string, double, double, double, double> TheilSenCases => new()
    {
        { "noisy", 0.6624999999999999, 2.3687500000000004, 0.5199999999999999, 0.8500000000000001 },
        { "plateau", 0.0, 960.0, -0.004166666666666667, 1.1428571428571428 },
        { "ties", 0.5, 3.75, 0.375, 0.5 },
        { "uneven", 0.24449917898193763, 10.020771756978654, 0.16, 0.375 },
    };

    [Theory]
    [MemberData(nameof(TheilSenCases))]
    public void Theil_Sen_matches_scipy_theilslopes(string name, double slope, double intercept, double low, double high)
    {
        var (x, y) = Case(name);
        var fit = TheilSen.Fit(x, y);
        Assert.Equal(slope, fit.Slope, 12);
        Assert.Equal(intercept, fit.Intercept, 10);
        Assert.Equal(low, fit.LowSlope, 12);
        Assert.Equal(high, fit.HighSlope, 12);
    }

    public static TheoryData<string, double, double, double> AsymptoticCases => new()
    {
        { "noisy", 0.7777777777777777, 0.001745118699528905, 0.0008725593497644525 },
        { "plateau", 0.1781741612749496, 0.5663859539182738, 0.2831929769591369 },
        { "ties", 0.8172825052418669, 0.0003680480844905227, 0.00018402404224526135 },
        { "uneven", 0.8571428571428571, 0.002985470891268815, 0.0014927354456344074 },
    };

    [Theory]
    [MemberData(nameof(AsymptoticCases))]
    public void Mann_Kendall_normal_approximation_matches_scipy_kendalltau_asymptotic(string name, double tau, double twoSided, double greater)
    {
        var (x, y) = Case(name);
        var test = MannKendall.Test(x, y, continuityCorrection: false, allowExact: false);
        Assert.Equal(tau, test.TauB, 12);
        Assert.Equal(twoSided, test.PTwoSided, 12);
        Assert.Equal(greater, test.PIncreasing, 12);
        Assert.False(test.Exact);
    }

    [Theory]
    [InlineData("noisy", 0.00047315917107583776, 0.0009463183421516755)]
    [InlineData("uneven", 0.0008680555555555555, 0.001736111111111111)]
    public void Mann_Kendall_exact_matches_scipy_kendalltau_exact(string name, double greater, double twoSided)
    {
        var (x, y) = Case(name);
        var test = MannKendall.Test(x, y);
        Assert.True(test.Exact);
        Assert.Equal(greater, test.PIncreasing, 14);
        Assert.Equal(twoSided, test.PTwoSided, 14);
    }

    /// <summary>scipy: kendalltau([0,1,2,3],[1,2,3,4], method="exact", alternative="greater").pvalue == 1/24.</summary>
    [Fact]
    public void Four_rising_points_are_the_smallest_significant_series()
    {
        var test = MannKendall.Test([0, 1, 2, 3], [1, 2, 3, 4]);
        Assert.Equal(0.041666666666666664, test.PIncreasing, 15);
        Assert.Equal(6, test.S);
        Assert.True(MannKendall.Test([0, 1, 2], [1, 2, 3]).PIncreasing > 0.1, "three points can never reach p < 0.05");
    }

    [Fact]
    public void Continuity_correction_uses_s_minus_one()
    {
        var test = MannKendall.Test(TiesX, TiesY, continuityCorrection: true);
        Assert.Equal(NormalDistribution.Survival((test.S - 1) / Math.Sqrt(test.VarianceS)), test.PIncreasing, 15);
        Assert.True(test.PIncreasing > 0.00018402404224526135);
    }

    private static (double[] X, double[] Y) Case(string name) => name switch
    {
        "noisy" => (NoisyX, NoisyY),
        "plateau" => (PlateauX, PlateauY),
        "ties" => (TiesX, TiesY),
        _ => (UnevenX, UnevenY),
    };
}
