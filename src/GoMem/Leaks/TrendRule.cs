using GoMem.Statistics;

namespace GoMem.Leaks;

/// <summary>The leak decision for one series (see <see cref="LeakOptions"/> for the rule and why).</summary>
public static class TrendRule
{
    /// <summary>Trend figures of a series (times in minutes from the first snapshot).</summary>
    public static TrendFigures Measure(double[] minutes, double[] values)
    {
        var fit = TheilSen.Fit(minutes, values);
        var test = MannKendall.Test(minutes, values);
        var recentStart = values.Length / 2;
        if (values.Length - recentStart < 2)
        {
            recentStart = Math.Max(0, values.Length - 2);
        }

        var recent = TheilSen.Fit(minutes.AsSpan(recentStart), values.AsSpan(recentStart));
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var span = minutes.Length > 1 ? minutes[^1] - minutes[0] : 0;
        var slope = double.IsNaN(fit.Slope) ? 0 : fit.Slope;
        return new TrendFigures(
            slope,
            double.IsNaN(fit.LowSlope) ? 0 : fit.LowSlope,
            double.IsNaN(fit.HighSlope) ? 0 : fit.HighSlope,
            double.IsNaN(recent.Slope) ? 0 : recent.Slope,
            double.IsNaN(recent.Slope) ? 0 : recent.Slope * (minutes[^1] - minutes[recentStart]),
            test.PIncreasing,
            (long)values[0],
            (long)values[^1],
            slope * span,
            TheilSen.Median(sorted));
    }

    /// <summary>True when the figures say "leak": significant, large enough, and still rising.</summary>
    public static bool IsLeak(TrendFigures trend, int snapshots, double minAbsoluteGrowth, LeakOptions options)
    {
        var bar = Math.Max(minAbsoluteGrowth, options.MinRelativeGrowth * Math.Abs(trend.Level));
        return snapshots >= 4 &&
            trend.PValue <= options.Alpha &&
            trend.SlopePerMinute > 0 &&
            trend.Growth >= bar &&
            trend.RecentSlopePerMinute >= options.MinRecentSlopeRatio * trend.SlopePerMinute &&
            trend.RecentGrowth >= bar / 2;
    }
}
