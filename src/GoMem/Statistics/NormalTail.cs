namespace GoMem.Statistics;

/// <summary>
/// The standard normal distribution's tails to full double precision, for trend-test p-values: erfc from its
/// power series below x = 3 and its continued fraction above (no cancellation in either), quantiles by Acklam's
/// approximation polished with Newton steps on that erfc.
/// </summary>
public static class NormalTail
{
    private const double SqrtPi = 1.7724538509055160273;

    /// <summary>P(Z &gt; z), the survival function.</summary>
    public static double Survival(double z) => z >= 0 ? 0.5 * Erfc(z / Math.Sqrt(2)) : 1 - (0.5 * Erfc(-z / Math.Sqrt(2)));

    /// <summary>P(Z ≤ z).</summary>
    public static double Cdf(double z) => Survival(-z);

    /// <summary>The complementary error function for x ≥ 0.</summary>
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

        if (x < 3)
        {
            // erf(x) = 2/sqrt(pi) e^{-x^2} sum_n 2^n x^{2n+1} / (2n+1)!!: positive terms only.
            var term = x;
            var sum = x;
            for (var n = 1; n < 200; n++)
            {
                term *= 2 * x * x / ((2 * n) + 1);
                sum += term;
                if (term < sum * 1e-17)
                {
                    break;
                }
            }

            return 1 - (2 / SqrtPi * Math.Exp(-x * x) * sum);
        }

        // erfc(x) = e^{-x^2}/sqrt(pi) / (x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...))))), by Lentz's method.
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

        return Math.Exp(-x * x) / SqrtPi / f;
    }

    /// <summary>The p-quantile (0 &lt; p &lt; 1).</summary>
    public static double Quantile(double p)
    {
        if (!(p > 0 && p < 1))
        {
            return p == 0 ? double.NegativeInfinity : p == 1 ? double.PositiveInfinity : double.NaN;
        }

        // Acklam's rational approximation (relative error 1.15e-9), then Newton on the exact CDF.
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
        else if (p <= 1 - 0.02425)
        {
            var q = p - 0.5;
            var r = q * q;
            x = ((((((((((a[0] * r) + a[1]) * r) + a[2]) * r) + a[3]) * r) + a[4]) * r) + a[5]) * q;
            x /= (((((((((b[0] * r) + b[1]) * r) + b[2]) * r) + b[3]) * r) + b[4]) * r) + 1;
        }
        else
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            x = -((((((((((c[0] * q) + c[1]) * q) + c[2]) * q) + c[3]) * q) + c[4]) * q) + c[5]);
            x /= (((((((d[0] * q) + d[1]) * q) + d[2]) * q) + d[3]) * q) + 1;
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
}
