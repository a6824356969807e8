using GoMem.Gc.Model;
using GoMem.Statistics;

namespace GoMem.Gc.Analysis;

/// <summary>
/// Reads GOGC and a binding GOMEMLIMIT back out of the cycles' goals. Each cycle's goal is set from the previous
/// cycle's live heap: goal = live + (live + stacks + globals) × GOGC/100, unless the memory limit asks for less. So
/// the implied GOGC of a free cycle is the setting itself (± the MiB rounding), and the limit can only pull it down:
/// GOGC is the highest tight cluster of implied values, and the cycles well below it were steered by the limit.
/// </summary>
public static class GcSettingsInference
{
    /// <summary>Below this live heap the MiB rounding and the 4 MiB minimum goal make the implied GOGC meaningless.</summary>
    private const long MinimumLiveBytes = 8L << 20;

    private const long HalfMebibyte = 1L << 19;

    /// <summary>Half-width of a cluster of implied GOGC values (MiB rounding at small heaps is several per cent).</summary>
    private const double ClusterWidth = 1.10;

    public static InferredSettings Infer(IReadOnlyList<GcRun> runs)
    {
        var gcOff = 0;
        foreach (var run in runs)
        {
            foreach (var cycle in run.Cycles)
            {
                gcOff += cycle.HasGoal ? 0 : 1;
            }
        }

        return InferFromGoals(runs) with { GcOffCycles = gcOff };
    }

    private static InferredSettings InferFromGoals(IReadOnlyList<GcRun> runs)
    {
        var pairs = Pairs(runs);
        if (pairs.Count < 3)
        {
            return new InferredSettings(null, 0, null);
        }

        var gogc = FreeGogc(pairs);
        var boundGoals = new List<double>();
        foreach (var pair in pairs)
        {
            var bound = gogc is { } g
                ? pair.Goal < (pair.Live + ((pair.Live + pair.Roots) * g / 100)) * 0.9
                : true;
            if (bound)
            {
                boundGoals.Add(pair.Goal);
            }
        }

        if (gogc is null && Spread(boundGoals) > 0.10)
        {
            // Neither a GOGC nor a ceiling: too few or too irregular cycles to say anything.
            return new InferredSettings(null, 0, null);
        }

        return new InferredSettings(gogc is { } found ? Math.Round(found) : null, boundGoals.Count, boundGoals.Count > 0 ? (long)Median(boundGoals) : null);
    }

    private static List<(double Implied, double Goal, long Live, long Roots)> Pairs(IReadOnlyList<GcRun> runs)
    {
        var pairs = new List<(double, double, long, long)>();
        foreach (var run in runs)
        {
            for (var i = 1; i < run.Cycles.Count; i++)
            {
                var previous = run.Cycles[i - 1];
                var cycle = run.Cycles[i];
                if (previous.LiveBytes >= MinimumLiveBytes && cycle.Trigger == GcTrigger.Heap && cycle.HasGoal)
                {
                    // The runtime prints sizes truncated to whole MiB: half a MiB restores each figure on average
                    // (without it, GOGC reads about 2% high).
                    var roots = previous.StacksBytes is null ? 0 : previous.RootBytes + HalfMebibyte + HalfMebibyte;
                    var implied = ((double)cycle.GoalBytes - previous.LiveBytes) * 100.0 / (previous.LiveBytes + HalfMebibyte + roots);
                    pairs.Add((implied, cycle.GoalBytes, previous.LiveBytes, previous.RootBytes));
                }
            }
        }

        return pairs;
    }

    /// <summary>
    /// The highest cluster of implied values with enough members, that is not a ceiling in disguise: under GOGC the
    /// goals move with the live heap, while goals that stay put as the live heap moves are the limit's, whatever
    /// GOGC they happen to imply.
    /// </summary>
    private static double? FreeGogc(List<(double Implied, double Goal, long Live, long Roots)> pairs)
    {
        var needed = Math.Max(3, (int)Math.Ceiling(pairs.Count * 0.1));
        var sorted = pairs.ToArray();
        var implied = new double[sorted.Length];
        for (var i = 0; i < sorted.Length; i++)
        {
            implied[i] = sorted[i].Implied;
        }

        Array.Sort(implied, sorted);

        // Candidates from the top down; a long trace is probed at up to 400 ranks, not at every cycle.
        var step = Math.Max(1, sorted.Length / 400);
        for (var c = sorted.Length - 1; c >= 0; c -= step)
        {
            var center = implied[c];
            if (center <= 0)
            {
                break;
            }

            var from = LowerBound(implied, center / ClusterWidth);
            var to = LowerBound(implied, Math.BitIncrement(center * ClusterWidth));
            if (to - from < needed)
            {
                continue;
            }

            // Spreads from at most 2,000 evenly spaced members: enough for quantiles, and a million cycles stay cheap.
            var stride = Math.Max(1, (to - from) / 2000);
            var goals = new List<double>();
            var lives = new List<double>();
            for (var i = from; i < to; i += stride)
            {
                goals.Add(sorted[i].Goal);
                lives.Add(sorted[i].Live);
            }

            if (Spread(goals) < 0.5 * Spread(lives))
            {
                continue;
            }

            // A limit only lowers goals: many cycles well above a candidate GOGC refute it.
            var above = implied.Length - LowerBound(implied, Math.BitIncrement(center * ClusterWidth * ClusterWidth));
            if (above <= Math.Max(2, pairs.Count / 10))
            {
                // The members are a run of the sorted values: their median is the middle one (or the middle two).
                var count = to - from;
                return count % 2 == 1 ? implied[from + (count / 2)] : (implied[from + (count / 2) - 1] + implied[from + (count / 2)]) / 2;
            }
        }

        return null;
    }

    /// <summary>The first index whose value is at least <paramref name="value"/> in an ascending array.</summary>
    private static int LowerBound(double[] sorted, double value)
    {
        int low = 0, high = sorted.Length;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (sorted[mid] < value)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    /// <summary>(p90 − p10) / median: how far apart the values are, relative to their size.</summary>
    private static double Spread(List<double> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        var sorted = values.ToArray();
        Array.Sort(sorted);
        var median = Quantiles.MedianOfSorted(sorted);
        return median <= 0 ? 0 : (Quantiles.OfSorted(sorted, 0.9) - Quantiles.OfSorted(sorted, 0.1)) / median;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return Quantiles.MedianOfSorted(sorted);
    }
}
