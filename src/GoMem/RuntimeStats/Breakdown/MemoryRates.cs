namespace GoMem.RuntimeStats.Breakdown;

/// <summary>One point of a series: when it was taken and what the runtime and /proc said.</summary>
public sealed record MemorySnapshot(DateTimeOffset Time, RuntimeFigures Runtime, long? RssBytes, string Source);

/// <summary>
/// Rates between snapshots of one process: allocation bytes per second (TotalAlloc), GCs per minute (NumGC), and
/// HeapAlloc and RSS growth per minute, over the span since the last restart. A cumulative counter going down means
/// the process restarted in between: the rates then start again from the first snapshot after the restart.
/// </summary>
public sealed record MemoryRates(
    int Snapshots,
    double SpanSeconds,
    double? AllocBytesPerSecond,
    double? GcPerMinute,
    double HeapAllocGrowthBytesPerMinute,
    double? RssGrowthBytesPerMinute,
    IReadOnlyList<string> Restarts)
{
    /// <summary>Null when fewer than two snapshots remain after the last restart, or they are not apart in time.</summary>
    public static MemoryRates? Analyze(IReadOnlyList<MemorySnapshot> series)
    {
        if (series.Count < 2)
        {
            return null;
        }

        var ordered = series.OrderBy(s => s.Time).ToList();
        var restarts = new List<string>();
        var start = 0;
        for (var i = 1; i < ordered.Count; i++)
        {
            if (Decreased(ordered[i - 1].Runtime.TotalAlloc, ordered[i].Runtime.TotalAlloc) || Decreased(ordered[i - 1].Runtime.NumGC, ordered[i].Runtime.NumGC))
            {
                restarts.Add($"between {ordered[i - 1].Source} and {ordered[i].Source}: cumulative counters went down (the process restarted)");
                start = i;
            }
        }

        var first = ordered[start];
        var last = ordered[^1];
        var seconds = (last.Time - first.Time).TotalSeconds;
        if (ordered.Count - start < 2 || seconds <= 0)
        {
            // Nothing to divide by; still worth saying that a restart was seen.
            return restarts.Count > 0 ? new MemoryRates(ordered.Count - start, 0, null, null, 0, null, restarts) : null;
        }

        var minutes = seconds / 60;
        double? Rate(long? a, long? b, double per) => a is { } x && b is { } y ? (y - x) / per : null;
        return new MemoryRates(
            ordered.Count - start,
            seconds,
            Rate(first.Runtime.TotalAlloc, last.Runtime.TotalAlloc, seconds),
            Rate(first.Runtime.NumGC, last.Runtime.NumGC, minutes),
            (last.Runtime.HeapAlloc - first.Runtime.HeapAlloc) / minutes,
            Rate(first.RssBytes, last.RssBytes, minutes),
            restarts);
    }

    private static bool Decreased(long? before, long? after) => before is { } b && after is { } a && a < b;
}
