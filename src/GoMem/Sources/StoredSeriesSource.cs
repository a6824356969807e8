using GoMem.Storage.Monitoring;

namespace GoMem.Sources;

/// <summary>
/// What <c>gomem history</c> shows of one target over a span: its runtime samples, and for the time before them the
/// rollups retention made of older samples, with its events.
/// </summary>
/// <param name="Samples">Every stored sample in the span, oldest first.</param>
public sealed record StoredSeries(MonitoringTarget Target, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<RuntimeSample> Samples, IReadOnlyList<TargetEvent> Events)
{
    /// <summary>
    /// Rollups for the part of the span before the first sample, oldest first: the finest there is for each time
    /// (see <see cref="StoredSeriesSource.Finest"/>), so no time is shown twice.
    /// </summary>
    public IReadOnlyList<RuntimeRollup> Rollups { get; init; } = [];

    /// <summary>The stretches of one resolution each, oldest first: coarse rollups, finer ones, then the samples.</summary>
    public IReadOnlyList<SeriesStretch> Stretches => StoredSeriesSource.Stretches(Rollups, Samples);
}

/// <summary>A stretch of a series at one resolution: <see cref="Resolution"/> null for every sample, else the rollups' span.</summary>
/// <param name="To">The end of the last rollup's span, or the time of the last sample.</param>
/// <param name="First">The index of the stretch's first row in <see cref="StoredSeries.Rollups"/> (or in the samples).</param>
public sealed record SeriesStretch(TimeSpan? Resolution, DateTimeOffset From, DateTimeOffset To, int First, int Count);

/// <summary>The runtime-stat series <c>gomem watch</c> stored, for one target or every target.</summary>
public static class StoredSeriesSource
{
    public static IReadOnlyList<StoredSeries> Read(IMonitoringStore store, string storeName, string? target, DateTimeOffset from, DateTimeOffset to)
    {
        var targets = target is null ? store.Targets() : [StoredTargets.Find(store, target, storeName)];
        return [.. targets.Select(t =>
        {
            var samples = store.RuntimeSamples(t.Id, from, to);
            return new StoredSeries(t, from, to, samples, store.Events(t.Id, from, to)) { Rollups = Finest(store.RuntimeRollups(t.Id, from, to), samples) };
        })];
    }

    /// <summary>
    /// Finer data wins: samples cover the time from the first sample on, the finest rollups the time before that,
    /// each coarser resolution the time before the finer one begins. Rollups are returned oldest first.
    /// </summary>
    public static IReadOnlyList<RuntimeRollup> Finest(IReadOnlyList<RuntimeRollup> rollups, IReadOnlyList<RuntimeSample> samples) =>
        Finest(rollups, samples.Count > 0 ? samples[0].Time : null);

    /// <summary>The same, given only the time of the first sample (null: none), for a reader of some figures of the samples.</summary>
    public static IReadOnlyList<RuntimeRollup> Finest(IReadOnlyList<RuntimeRollup> rollups, DateTimeOffset? firstSample)
    {
        var covered = firstSample ?? DateTimeOffset.MaxValue;
        var shown = new List<RuntimeRollup>();
        foreach (var resolution in rollups.GroupBy(r => r.Resolution).OrderBy(g => g.Key))
        {
            var taken = resolution.Where(r => r.Time < covered).ToList();
            shown.AddRange(taken);
            if (taken.Count > 0)
            {
                covered = taken.Min(r => r.Time);
            }
        }

        return [.. shown.OrderBy(r => r.Time).ThenBy(r => r.Resolution)];
    }

    public static IReadOnlyList<SeriesStretch> Stretches(IReadOnlyList<RuntimeRollup> rollups, IReadOnlyList<RuntimeSample> samples)
    {
        var stretches = new List<SeriesStretch>();
        for (var i = 0; i < rollups.Count;)
        {
            var start = i;
            while (i < rollups.Count && rollups[i].Resolution == rollups[start].Resolution)
            {
                i++;
            }

            stretches.Add(new SeriesStretch(rollups[start].Resolution, rollups[start].Time, rollups[i - 1].End, start, i - start));
        }

        if (samples.Count > 0)
        {
            stretches.Add(new SeriesStretch(null, samples[0].Time, samples[^1].Time, 0, samples.Count));
        }

        return stretches;
    }
}
