namespace GoMem.Storage.Monitoring;

/// <summary>
/// Which collector collects which target, so that several <c>gomem watch</c> processes sharing one store (a fleet on
/// PostgreSQL, or several on one SQLite file) split the targets: each target is leased to one live collector at a
/// time. A collector keeps its leases by calling <see cref="KeepLeases"/> well within the lease's time to live;
/// when it dies its leases expire, and the others take them over at their next round. Leases name targets by the
/// collector's key for them (job and URL), and live in the store so that they outlive any one collector.
/// </summary>
public interface ITargetLeases
{
    /// <summary>
    /// One lease round of <paramref name="collector"/> over the targets it is configured with, in one transaction
    /// (rounds of different collectors never interleave): marks the collector live, renews the leases it holds,
    /// gives back those past its fair share (the targets divided by the live collectors) or no longer among
    /// <paramref name="targetKeys"/>, and takes free or expired ones up to its share. Leases taken or renewed expire
    /// <paramref name="timeToLive"/> from now, by the store's clock.
    /// </summary>
    LeaseRound KeepLeases(string collector, IReadOnlyCollection<string> targetKeys, TimeSpan timeToLive);

    /// <summary>Gives back every lease of <paramref name="collector"/> and forgets it (a clean stop): the others take its targets at once.</summary>
    void ReleaseLeases(string collector);

    /// <summary>Every lease in the store, by target key.</summary>
    IReadOnlyList<TargetLease> Leases();
}

/// <summary>The outcome of a lease round: the target keys the collector holds now, and how many collectors are live.</summary>
public sealed record LeaseRound(IReadOnlySet<string> Held, int LiveCollectors);

/// <summary>A target's lease: who holds it, and until when unless renewed.</summary>
public sealed record TargetLease(string TargetKey, string Holder, DateTimeOffset Expires);
