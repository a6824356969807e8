namespace GoMem.RuntimeStats.Breakdown;

/// <summary>The evidence of one moment of the process, with when it was taken (null for files: their times are not trusted).</summary>
public sealed record TimedEvidence(MemoryEvidence Evidence, DateTimeOffset? Time, string Name);

/// <summary>
/// Adds rates between snapshots of one process to its breakdown: allocation per second, GCs per minute, heap and RSS
/// growth. Timed by a given interval when there is one, else by the fetch times; files without either get a note.
/// A single snapshot has no rates and leaves the breakdown as it is.
/// </summary>
public static class BreakdownRates
{
    /// <param name="breakdown">The breakdown of the last snapshot.</param>
    /// <param name="snapshots">The series, the last snapshot included.</param>
    /// <param name="intervalSeconds">The time between snapshots, when their own times are not to be trusted.</param>
    /// <param name="restartsBefore">Restarts known before the series (it starts after them), stated with the rates.</param>
    public static MemoryBreakdown Add(MemoryBreakdown breakdown, IReadOnlyList<TimedEvidence> snapshots, double? intervalSeconds, IReadOnlyList<string>? restartsBefore = null)
    {
        if (snapshots.Count < 2)
        {
            return breakdown;
        }

        var series = new List<MemorySnapshot>(snapshots.Count);
        for (var i = 0; i < snapshots.Count; i++)
        {
            var time = intervalSeconds is { } seconds ? DateTimeOffset.UnixEpoch.AddSeconds(i * seconds) : snapshots[i].Time;
            if (time is null)
            {
                return breakdown with
                {
                    MissingInputs = [.. breakdown.MissingInputs, "rates between the snapshot files: give --interval SECONDS (the time between them; file times are not trusted)"],
                };
            }

            series.Add(new MemorySnapshot(time.Value, snapshots[i].Evidence.Runtime, snapshots[i].Evidence.RssBytes, snapshots[i].Name));
        }

        var rates = MemoryRates.Analyze(series);
        if (rates is not null && restartsBefore is { Count: > 0 })
        {
            rates = rates with { Restarts = [.. restartsBefore, .. rates.Restarts] };
        }

        if (rates is null || rates.SpanSeconds <= 0)
        {
            return breakdown with
            {
                Rates = rates,
                MissingInputs = [.. breakdown.MissingInputs, "rates: the snapshots were taken at the same moment"],
            };
        }

        return breakdown with { Rates = rates };
    }
}
