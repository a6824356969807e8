using GoMem.Statistics;

namespace GoMem.Tests.Statistics;

public class LogLogFitTests
{
    [Fact]
    public void An_exact_power_law_gives_its_exponent_and_R2_one()
    {
        double[] x = [16, 64, 256, 1024];
        var fit = LogLogFit.Fit(x, x.Select(v => 3 * v * v).ToArray())!;
        Assert.Equal(2.0, fit.Exponent, 12);
        Assert.Equal(3.0, fit.Coefficient, 9);
        Assert.Equal(1.0, fit.RSquared, 12);
    }

    // Expected from scipy.stats.linregress(np.log(x), np.log(y)) (SciPy 1.10, /usr/bin/python3): slope, exp(intercept), r².
    [Fact]
    public void Noisy_data_matches_scipy_linregress_on_logs()
    {
        var fit = LogLogFit.Fit([16, 64, 256, 1024, 4096], [211.7, 800.2, 2950, 11020, 38410])!;
        Assert.Equal(0.9395126776798339, fit.Exponent, 12);
        Assert.Equal(15.940483358404064, fit.Coefficient, 9);
        Assert.Equal(0.9998827344387253, fit.RSquared, 12);
    }

    [Fact]
    public void Too_few_points_or_no_spread_give_no_fit()
    {
        Assert.Null(LogLogFit.Fit([5], [1]));
        Assert.Null(LogLogFit.Fit([5, 5], [1, 2]));
        Assert.Throws<ArgumentException>(() => LogLogFit.Fit([1, 2], [0, 1]));
    }
}
