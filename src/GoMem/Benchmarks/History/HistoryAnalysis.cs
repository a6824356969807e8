using GoMem.Benchmarks.Comparison;
using GoMem.Statistics;
using GoMem.Storage;

namespace GoMem.Benchmarks.History;

/// <summary>
/// Turns stored runs into per-benchmark series (median ± CI per commit) and finds change points: consecutive runs
/// whose values differ significantly (Mann–Whitney U, p &lt; α) by at least a minimum change, or, for values constant
/// within each run (allocation counts), differ at all; and drifts: series that move steadily in one direction by at
/// least the minimum change overall, with no single change point as large as half of it.
/// </summary>
public static class HistoryAnalysis
{
    public static HistoryReport Analyze(IReadOnlyList<StoredSeriesPoint> points, int runs, BenchmarkFilter filter, double alpha = 0.05, double minChangePercent = 5, double confidence = 0.95)
    {
        var series = new List<HistorySeries>();
        foreach (var group in points.GroupBy(p => (p.Package, p.Benchmark, p.Unit)))
        {
            if (!filter.MatchesSeries(group.Key.Package, group.Key.Benchmark, group.Key.Unit))
            {
                continue;
            }

            var ordered = group.ToList();
            var history = new List<HistoryPoint>(ordered.Count);
            var sortedValues = new List<double[]>(ordered.Count);
            foreach (var point in ordered)
            {
                var sorted = point.Values.ToArray();
                Array.Sort(sorted);
                sortedValues.Add(sorted);
                var summary = CellStatistics.Summarize(sorted, UnitAssumption.Nothing, confidence);
                history.Add(new HistoryPoint(point.Run.Commit, point.Run.Branch, point.Run.Time, sorted.Length, summary.Center, summary.Lo, summary.Hi));
            }

            var changes = ChangePoints(history, sortedValues, alpha, minChangePercent);
            series.Add(new HistorySeries(group.Key.Package, group.Key.Benchmark, group.Key.Unit, history, changes, DriftOf(history, changes, alpha, minChangePercent)));
        }

        return new HistoryReport(series, runs, alpha, minChangePercent);
    }

    private static List<ChangePoint> ChangePoints(List<HistoryPoint> history, List<double[]> values, double alpha, double minChangePercent)
    {
        var changes = new List<ChangePoint>();
        for (var i = 1; i < history.Count; i++)
        {
            double before = history[i - 1].Median, after = history[i].Median;
            if (before == after)
            {
                continue;
            }

            var percent = before == 0 ? (double?)null : ((after / before) - 1) * 100;
            var exact = Constant(values[i - 1]) && Constant(values[i]);
            double? p = null;
            if (!exact)
            {
                var test = MannWhitneyU.Test(values[i - 1], values[i]);
                p = test.FailureMessage is null ? test.P : 1;
                if (p >= alpha || (percent is { } change && Math.Abs(change) < minChangePercent))
                {
                    continue;
                }
            }

            changes.Add(new ChangePoint(i, history[i].Commit, history[i - 1].Commit, before, after, percent, p, exact));
        }

        return changes;
    }

    /// <summary>The fewest runs that can show a trend at α = 0.05 (Mann–Kendall's smallest exact p with 5 points is 1/120).</summary>
    public const int MinDriftRuns = 5;

    private static Drift? DriftOf(List<HistoryPoint> history, List<ChangePoint> changes, double alpha, double minChangePercent)
    {
        var n = history.Count;
        if (n < MinDriftRuns || history[0].Median <= 0)
        {
            return null;
        }

        var index = new double[n];
        var medians = new double[n];
        var steps = 0;
        var largest = 0.0;
        for (var i = 0; i < n; i++)
        {
            index[i] = i;
            medians[i] = history[i].Median;
            if (i > 0 && history[i - 1].Median > 0 && history[i].Median != history[i - 1].Median)
            {
                steps++;
                var step = ((history[i].Median / history[i - 1].Median) - 1) * 100;
                largest = Math.Abs(step) > Math.Abs(largest) ? step : largest;
            }
        }

        var total = ((medians[^1] / medians[0]) - 1) * 100;
        if (Math.Abs(total) < minChangePercent || Math.Abs(largest) >= Math.Abs(total) / 2)
        {
            // Too small overall, or one step made most of it: that is a change point's story, not a drift's.
            return null;
        }

        if (total < 0)
        {
            for (var i = 0; i < n; i++)
            {
                medians[i] = -medians[i];
            }
        }

        var p = MannKendall.Test(index, medians).PIncreasing;
        return p <= alpha ? new Drift(n, history[0].Median, history[^1].Median, total, largest, steps, p) : null;
    }

    private static bool Constant(double[] sorted) => sorted.Length > 0 && sorted[0] == sorted[^1];
}
