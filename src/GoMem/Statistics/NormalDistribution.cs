namespace GoMem.Statistics;

/// <summary>
/// The standard normal distribution to double precision (.NET has no erf): erfc from a Taylor series of erf near
/// zero and a continued fraction in the tails (each where it loses no digits), the CDF and survival function from
/// erfc, and the inverse CDF by Acklam's approximation polished with Newton steps on that CDF.
/// </summary>
public static class NormalDistribution
{
    private const double TwoOverSqrtPi = 1.1283791670955126;
    private const double OneOverSqrtPi = 0.5641895835477563;

    /// <summary>P(Z ≤ z) for a standard normal Z.</summary>
    public static double Cdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    /// <summary>P(X ≤ x) for a normal X with mean <paramref name="mean"/> and standard deviation <paramref name="sigma"/>.</summary>
    public static double Cdf(double x, double mean, double sigma) => Cdf((x - mean) / sigma);

    /// <summary>P(Z &gt; z), the survival function, accurate far into the upper tail.</summary>
    public static double Survival(double z) => Cdf(-z);

    /// <summary>The complementary error function erfc(x) = 1 - erf(x), accurate in both tails.</summary>
    public static double Erfc(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        if (x < 0)
        {
            return 2 - Erfc(-x);
        }

        // Below 2, 1 - erf(x) cancels at most a factor 1/erfc(2) ≈ 200; above, the continued fraction converges fast.
        if (x < 2)
        {
            return 1 - ErfSeries(x);
        }

        if (x > 27)
        {
            return 0;
        }

        return Math.Exp(-x * x) * OneOverSqrtPi * ContinuedFraction(x);
    }

    /// <summary>The z with Cdf(z) = p, for 0 &lt; p &lt; 1 (±∞ at the ends).</summary>
    public static double InverseCdf(double p)
    {
        if (double.IsNaN(p) || p < 0 || p > 1)
        {
            return double.NaN;
        }

        if (p == 0)
        {
            return double.NegativeInfinity;
        }

        if (p == 1)
        {
            return double.PositiveInfinity;
        }

        // 1 - p is exact for p ≥ 0.5, and the lower tail is where Cdf keeps its relative precision.
        return p > 0.5 ? -LowerInverseCdf(1 - p) : LowerInverseCdf(p);
    }

    /// <summary>InverseCdf for 0 &lt; p ≤ 0.5: Acklam's rational approximation (relative error 1.15e-9), then Newton on Cdf.</summary>
    private static double LowerInverseCdf(double p)
    {
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        double x;
        if (p < 0.02425)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            x = (((((((((c[0] * q) + c[1]) * q) + c[2]) * q) + c[3]) * q) + c[4]) * q) + c[5];
            x /= (((((((d[0] * q) + d[1]) * q) + d[2]) * q) + d[3]) * q) + 1;
        }
        else
        {
            var q = p - 0.5;
            var r = q * q;
            x = ((((((((((a[0] * r) + a[1]) * r) + a[2]) * r) + a[3]) * r) + a[4]) * r) + a[5]) * q;
            x /= (((((((((b[0] * r) + b[1]) * r) + b[2]) * r) + b[3]) * r) + b[4]) * r) + 1;
        }

        for (var i = 0; i < 3; i++)
        {
            var error = Cdf(x) - p;
            var density = Math.Exp(-x * x / 2) / Math.Sqrt(2 * Math.PI);
            if (density == 0)
            {
                break;
            }

            x -= error / density;
        }

        return x;
    }

    /// <summary>erf(x) = 2/√π Σ (-1)^n x^(2n+1) / (n! (2n+1)); for |x| &lt; 2 the terms shrink fast enough for full precision.</summary>
    private static double ErfSeries(double x)
    {
        var term = x;
        var sum = x;
        var x2 = x * x;
        for (var n = 1; n < 200; n++)
        {
            term *= -x2 / n;
            var add = term / ((2 * n) + 1);
            sum += add;
            if (Math.Abs(add) < 1e-17 * Math.Abs(sum))
            {
                break;
            }
        }

        return TwoOverSqrtPi * sum;
    }

    /// <summary>erfc(x) √π e^{x²} = 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + ...)))), evaluated by the modified Lentz method.</summary>
    private static double ContinuedFraction(double x)
    {
        const double tiny = 1e-300;
        var f = x;
        var c = x;
        var d = 0.0;
        for (var k = 1; k < 500; k++)
        {
            var a = k / 2.0;
            d = x + (a * d);
            d = Math.Abs(d) < tiny ? tiny : d;
            c = x + (a / c);
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            var delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }

        return 1 / f;
    }
}
