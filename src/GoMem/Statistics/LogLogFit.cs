namespace GoMem.Statistics;

/// <summary>A power law y = a·x^b fitted by least squares on log–log axes, with R² of that fit.</summary>
public sealed record PowerLawFit(double Exponent, double Coefficient, double RSquared, int Points);

/// <summary>Ordinary least squares of ln y on ln x: the slope is the growth exponent (1 for linear, 2 for quadratic).</summary>
public static class LogLogFit
{
    /// <summary>Fits positive (x, y) pairs; null with fewer than two points or no spread in x.</summary>
    public static PowerLawFit? Fit(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException("x and y differ in length");
        }

        var n = x.Length;
        if (n < 2)
        {
            return null;
        }

        double sumX = 0, sumY = 0;
        for (var i = 0; i < n; i++)
        {
            if (!(x[i] > 0) || !(y[i] > 0))
            {
                throw new ArgumentException("log-log fits need positive values");
            }

            sumX += Math.Log(x[i]);
            sumY += Math.Log(y[i]);
        }

        double meanX = sumX / n, meanY = sumY / n, sxx = 0, sxy = 0, syy = 0;
        for (var i = 0; i < n; i++)
        {
            var dx = Math.Log(x[i]) - meanX;
            var dy = Math.Log(y[i]) - meanY;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }

        if (sxx == 0)
        {
            return null;
        }

        var slope = sxy / sxx;
        var intercept = meanY - (slope * meanX);

        // With y constant there is nothing to explain: a perfect (flat) fit.
        var rSquared = syy == 0 ? 1 : sxy * sxy / (sxx * syy);
        return new PowerLawFit(slope, Math.Exp(intercept), rSquared, n);
    }
}
