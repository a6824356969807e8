namespace GoMem.Statistics;

/// <summary>
/// The standard normal distribution to double precision (.NET has no erf): the CDF from a Taylor series of erf
/// near zero and a continued fraction of erfc in the tails, the inverse by bisection refined on that CDF.
/// </summary>
public static class NormalDistributionFunctions
{
    private const double TwoOverSqrtPi = 1.1283791670955126;
    private const double OneOverSqrtPi = 0.5641895835477563;

    /// <summary>P(Z ≤ z) for a standard normal Z.</summary>
    public static double Cdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    /// <summary>P(X ≤ x) for a normal X with mean <paramref name="mean"/> and standard deviation <paramref name="sigma"/>.</summary>
    public static double Cdf(double x, double mean, double sigma) => Cdf((x - mean) / sigma);

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

        double lo = -40, hi = 40;
        for (var i = 0; i < 200 && hi - lo > 1e-15 * Math.Max(1, Math.Abs(lo)); i++)
        {
            var mid = 0.5 * (lo + hi);
            if (Cdf(mid) < p)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return 0.5 * (lo + hi);
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
