namespace GoMem.Storage.Monitoring;

/// <summary>
/// What retention does to a store, one bounded step at a time: every call is one short write transaction touching at
/// most <c>limit</c> rows, so the store's write lock is never held long and collection goes on between the steps; a
/// step interrupted (a killed process, a lost connection) leaves the store as it was before the step. Each call
/// returns how many rows it deleted (or consumed); fewer than <c>limit</c> means nothing is left to do for now. Several
/// stores (collectors) may run the same steps on the same target at once: each row is consumed once.
/// </summary>
public interface IMonitoringRetention
{
    /// <summary>Deletes profile snapshots of the target taken before <paramref name="before"/>.</summary>
    int DeleteProfileSnapshots(long targetId, DateTimeOffset before, int limit);

    /// <summary>
    /// Thins the target's profile snapshots taken from <paramref name="from"/> (inclusive) to <paramref name="to"/>
    /// (exclusive) to one per <paramref name="bucket"/> and kind: of the snapshots of one kind whose times fall in the
    /// same bucket (buckets are multiples of its length since the Unix epoch), the first (earliest, then lowest id) is
    /// kept, whether or not it lies in the range, and the others in the range are deleted. Running it again deletes nothing more.
    /// </summary>
    int ThinProfileSnapshots(long targetId, DateTimeOffset from, DateTimeOffset to, TimeSpan bucket, int limit);

    /// <summary>
    /// Rolls the target's oldest runtime data before <paramref name="before"/> up into rollups of
    /// <paramref name="resolution"/>: up to <paramref name="limit"/> rows of <paramref name="source"/> (raw samples
    /// when null, else rollups of that resolution, whose spans must end by <paramref name="before"/>) are deleted and
    /// merged into the rollup of their span, in one transaction (a span rolled up in several steps, or a late sample
    /// merged into a finished span, gives the same rollup as all of its samples at once).
    /// </summary>
    int RollUpRuntime(long targetId, TimeSpan? source, TimeSpan resolution, DateTimeOffset before, int limit);

    /// <summary>Deletes the target's raw runtime samples (<paramref name="resolution"/> null) or rollups of a resolution whose span ends by <paramref name="before"/>.</summary>
    int DeleteRuntime(long targetId, TimeSpan? resolution, DateTimeOffset before, int limit);

    /// <summary>Deletes the target's events from before <paramref name="before"/>.</summary>
    int DeleteEvents(long targetId, DateTimeOffset before, int limit);

    /// <summary>Deletes the target's findings resolved before <paramref name="before"/> (open findings are kept however old).</summary>
    int DeleteResolvedFindings(long targetId, DateTimeOffset before, int limit);

    /// <summary>Deletes the target's alerts resolved before <paramref name="before"/> (pending and firing ones are kept however old).</summary>
    int DeleteResolvedAlerts(long targetId, DateTimeOffset before, int limit);

    /// <summary>How many of the target's snapshots were deleted since its profile parts were last collected, and how many remain.</summary>
    ProfileGarbage ProfileGarbage(long targetId);

    /// <summary>
    /// Starts collecting the target's profile parts (strings, mappings, functions, locations, stacks) that no
    /// remaining snapshot uses. Run it with <see cref="ProfilePartCollection.Step"/> until
    /// <see cref="ProfilePartCollection.Done"/>, on this store instance, one step at a time like any other call; other
    /// writers may add snapshots meanwhile (a snapshot added during the collection keeps every part it uses).
    /// </summary>
    ProfilePartCollection CollectProfileParts(long targetId);
}

/// <param name="SnapshotsDeleted">Snapshots deleted since the target's parts were last collected (their parts may be garbage now).</param>
/// <param name="SnapshotsRemaining">Snapshots the target has (what a collection must read).</param>
public readonly record struct ProfileGarbage(long SnapshotsDeleted, long SnapshotsRemaining);
