namespace GoMem.Statistics;

/// <summary>The geometric mean, as benchstat's geomean row computes it: exp of the mean log, NaN unless every value is positive.</summary>
public static class GeometricMean
{
    public static double Of(ReadOnlySpan<double> values)
    {
        if (values.Length == 0)
        {
            return double.NaN;
        }

        // A running mean of the logs (not sum / n), as benchstat computes it, so the last digits agree too.
        var mean = 0.0;
        for (var i = 0; i < values.Length; i++)
        {
            if (!(values[i] > 0))
            {
                return double.NaN;
            }

            mean += (Math.Log(values[i]) - mean) / (i + 1);
        }

        return Math.Exp(mean);
    }
}
