using GoMem.Monitoring.Collection;
using GoMem.Storage.Monitoring;

namespace GoMem.Monitoring.Retention;

/// <summary>How a retention pass paces itself; the defaults suit a collector of a thousand targets.</summary>
public sealed record RetentionOptions
{
    /// <summary>Rows one step may delete or roll up (one short write transaction each).</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>Snapshots whose tables one step of a part collection reads.</summary>
    public int MarkBatchSize { get; init; } = 200;

    /// <summary>
    /// A target's unused profile parts are collected once the snapshots deleted since the last collection reach this
    /// share of those remaining. A collection reads every remaining snapshot, so each deleted one costs at most
    /// 1/share snapshot reads (two at 0.5): about 0.15 s a day per target at the defaults (docs/PERFORMANCE.md).
    /// </summary>
    public double PartCollectionShare { get; init; } = 0.5;
}

/// <summary>What one pass did, and what went wrong on which target (the pass goes on with the next one).</summary>
public sealed record RetentionResult
{
    public int Targets { get; init; }

    public long SnapshotsDeleted { get; init; }

    public long SamplesRolledUp { get; init; }

    public long RollupsRolledUp { get; init; }

    public long RuntimeRowsDeleted { get; init; }

    public long EventsDeleted { get; init; }

    public long FindingsDeleted { get; init; }

    /// <summary>Resolved alerts deleted: they are kept as long as resolved findings (<see cref="RetentionPolicy.Findings"/>).</summary>
    public long AlertsDeleted { get; init; }

    public int PartCollections { get; init; }

    public long PartsDeleted { get; init; }

    public IReadOnlyList<string> Problems { get; init; } = [];
}

/// <summary>
/// Applies a <see cref="RetentionPolicy"/> to every target of a store as of one moment, in bounded steps through the
/// collector's <see cref="StoreGate"/>, so collection cycles write between the steps. For each target: runtime
/// samples older than the raw span are rolled up into the first tier, each tier's rollups older than its span into
/// the next, and the last tier's beyond the horizon deleted (cuts fall on the coarser span's boundaries, so spans
/// merge whole); profile snapshots are thinned to the first of each span of their tier and deleted beyond the
/// horizon; old events, resolved findings and resolved alerts are deleted; and once enough snapshots were deleted, the profile parts
/// no remaining snapshot uses are collected. Every step is idempotent: a pass cut short is finished by the next.
/// </summary>
public static class RetentionPass
{
    public static async Task<RetentionResult> RunAsync(StoreGate store, RetentionPolicy policy, DateTimeOffset now, RetentionOptions options, CancellationToken cancel)
    {
        var targets = await store.UseAsync(s => s.Targets(), cancel).ConfigureAwait(false);
        var totals = new Totals();
        var problems = new List<string>();
        foreach (var target in targets)
        {
            try
            {
                await ApplyAsync(store, target.Id, policy, now, options, totals, cancel).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException and not StoreUnavailableException)
            {
                problems.Add($"{target.Job}/{target.Instance}: retention: {e.Message.ReplaceLineEndings(" ")}");
            }
        }

        return new RetentionResult
        {
            Targets = targets.Count,
            SnapshotsDeleted = totals.Snapshots,
            SamplesRolledUp = totals.Samples,
            RollupsRolledUp = totals.Rollups,
            RuntimeRowsDeleted = totals.RuntimeDeleted,
            EventsDeleted = totals.Events,
            FindingsDeleted = totals.Findings,
            AlertsDeleted = totals.Alerts,
            PartCollections = totals.Collections,
            PartsDeleted = totals.Parts,
            Problems = problems,
        };
    }

    private static async Task ApplyAsync(StoreGate store, long id, RetentionPolicy policy, DateTimeOffset now, RetentionOptions options, Totals totals, CancellationToken cancel)
    {
        var batch = options.BatchSize;
        Task<long> Drain(Func<IMonitoringStore, int> step) => DrainAsync(store, step, batch, cancel);

        // Runtime statistics: raw into the first tier, each tier into the next, the last one's expired rows deleted.
        var runtime = policy.Runtime;
        if (runtime.Tiers.Count == 0)
        {
            totals.RuntimeDeleted += await Drain(s => s.DeleteRuntime(id, null, now - runtime.Raw, batch)).ConfigureAwait(false);
        }
        else
        {
            var first = runtime.Tiers[0].Resolution;
            totals.Samples += await Drain(s => s.RollUpRuntime(id, null, first, Floor(now - runtime.Raw, first), batch)).ConfigureAwait(false);
            for (var i = 1; i < runtime.Tiers.Count; i++)
            {
                var (finer, coarser) = (runtime.Tiers[i - 1], runtime.Tiers[i]);
                totals.Rollups += await Drain(s => s.RollUpRuntime(id, finer.Resolution, coarser.Resolution, Floor(now - finer.Until, coarser.Resolution), batch)).ConfigureAwait(false);
            }

            var last = runtime.Tiers[^1];
            totals.RuntimeDeleted += await Drain(s => s.DeleteRuntime(id, last.Resolution, now - last.Until, batch)).ConfigureAwait(false);
        }

        // Profile snapshots: everything beyond the horizon, then each tier thinned to the first of each span.
        var profiles = policy.Profiles;
        totals.Snapshots += await Drain(s => s.DeleteProfileSnapshots(id, now - profiles.Horizon, batch)).ConfigureAwait(false);
        var newer = profiles.Raw;
        foreach (var tier in profiles.Tiers)
        {
            var (from, to) = (now - tier.Until, now - newer);
            totals.Snapshots += await Drain(s => s.ThinProfileSnapshots(id, from, to, tier.Resolution, batch)).ConfigureAwait(false);
            newer = tier.Until;
        }

        totals.Events += await Drain(s => s.DeleteEvents(id, now - policy.Events, batch)).ConfigureAwait(false);
        totals.Findings += await Drain(s => s.DeleteResolvedFindings(id, now - policy.Findings, batch)).ConfigureAwait(false);
        totals.Alerts += await Drain(s => s.DeleteResolvedAlerts(id, now - policy.Findings, batch)).ConfigureAwait(false);

        var garbage = await store.UseAsync(s => s.ProfileGarbage(id), cancel).ConfigureAwait(false);
        if (garbage.SnapshotsDeleted > 0 && garbage.SnapshotsDeleted >= garbage.SnapshotsRemaining * options.PartCollectionShare)
        {
            var collection = await store.UseAsync(s => s.CollectProfileParts(id), cancel).ConfigureAwait(false);
            while (!collection.Done)
            {
                await store.UseAsync(_ => collection.Step(options.MarkBatchSize), cancel).ConfigureAwait(false);
            }

            totals.Collections++;
            totals.Parts += collection.PartsDeleted;
        }
    }

    /// <summary>Runs a step until it does less than a full batch, each run a separate use of the store.</summary>
    private static async Task<long> DrainAsync(StoreGate store, Func<IMonitoringStore, int> step, int batch, CancellationToken cancel)
    {
        long total = 0;
        int done;
        do
        {
            done = await store.UseAsync(step, cancel).ConfigureAwait(false);
            total += done;
        }
        while (done >= batch);

        return total;
    }

    /// <summary>The time rounded down to a multiple of <paramref name="span"/> since the Unix epoch.</summary>
    private static DateTimeOffset Floor(DateTimeOffset time, TimeSpan span)
    {
        var ms = time.ToUnixTimeMilliseconds();
        var spanMs = (long)span.TotalMilliseconds;
        return DateTimeOffset.FromUnixTimeMilliseconds(ms - (((ms % spanMs) + spanMs) % spanMs));
    }

    private sealed class Totals
    {
        public long Snapshots, Samples, Rollups, RuntimeDeleted, Events, Findings, Alerts, Parts;
        public int Collections;
    }
}
