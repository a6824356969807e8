using GoMem.Monitoring;
using GoMem.Profiles;

namespace GoMem.Storage.Monitoring;

/// <summary>
/// What a collection cycle writes. Every method takes the target's id from <see cref="UpsertTarget"/>; an id the
/// store does not know is a <see cref="KeyNotFoundException"/>. Times are kept to the millisecond.
/// </summary>
public interface IMonitoringWriter
{
    /// <summary>
    /// Adds the target (job, instance URL) or updates its labels, and returns its id, which stays the same for that
    /// job and instance for the life of the store.
    /// </summary>
    long UpsertTarget(string job, string instance, LabelSet labels);

    /// <summary>
    /// Records one collection attempt: <paramref name="error"/> null means it succeeded (the target is up), otherwise
    /// the target is down and the text is kept as its last error (still shown, as history, once it is up again).
    /// </summary>
    void RecordHealth(long targetId, DateTimeOffset attemptTime, string? error);

    /// <summary>Adds the runtime statistics of one cycle and returns the row's id.</summary>
    long AddRuntimeSample(long targetId, RuntimeSample sample);

    /// <summary>Adds an event (see <see cref="TargetEventKinds"/>) and returns its id.</summary>
    long AddEvent(long targetId, DateTimeOffset time, string kind, string detail);

    /// <summary>
    /// Stores a profile snapshot of <paramref name="kind"/> (see <see cref="ProfileKinds"/>) taken at
    /// <paramref name="time"/>, and returns its id. Its strings, mappings, functions, locations and stacks are shared
    /// with every other snapshot of the target; <see cref="IMonitoringStore.LoadProfile"/> gives back an equal model.
    /// </summary>
    long AddProfile(long targetId, string kind, DateTimeOffset time, Profile profile);

    /// <summary>
    /// Adds the finding, or updates the one with the same target, code and key: severity, title, detail, last seen
    /// and resolved-at are replaced, first seen keeps the earlier of the two. Returns the finding's stable id.
    /// </summary>
    long UpsertFinding(MonitoringFinding finding);

    /// <summary>
    /// Adds the alert, or replaces the one of the same target with the same labels (its identity): its rule, state,
    /// times, annotations and value are replaced. Returns the alert's stable id.
    /// </summary>
    long UpsertAlert(MonitoringAlert alert);

    /// <summary>Removes the target's alert with these labels (a pending alert whose condition stopped before it fired); false when there is none.</summary>
    bool RemoveAlert(long targetId, LabelSet labels);
}

/// <summary>
/// The writes of one collection cycle as one transaction: nothing is visible to other readers until
/// <see cref="Commit"/>, and disposing without committing (or a killed process) leaves no trace of them. Open it
/// after the cycle's network requests are done, so the store's write lock is held only while writing.
/// </summary>
public interface IMonitoringCycle : IMonitoringWriter, IDisposable
{
    /// <summary>
    /// True when <paramref name="collector"/> still holds the lease on <paramref name="targetKey"/> (see
    /// <see cref="ITargetLeases"/>); the lease cannot change hands until this transaction ends, so a cycle that checks
    /// first never stores what another collector stores too.
    /// </summary>
    bool HoldsLease(string collector, string targetKey);

    void Commit();
}

/// <summary>
/// Monitoring history: targets and their health, runtime statistics, events, deduplicated profile snapshots and
/// the collector's findings. Engine-neutral: SQLite (<see cref="SqliteMonitoringStore"/>) is the embedded engine, and
/// every engine passes the same contract tests. Each write method on the store itself is its own transaction; use
/// <see cref="BeginCycle"/> to write one cycle of one target at once. An instance is used by one thread at a time;
/// other instances (in this process or another) may read and write the same store concurrently.
/// </summary>
public interface IMonitoringStore : IMonitoringWriter, ITargetLeases, IMonitoringRetention, IDisposable
{
    /// <summary>The version of the monitoring part of the store's schema.</summary>
    int SchemaVersion { get; }

    /// <summary>The store as messages name it: its file, or its server and database (never a password).</summary>
    string Source { get; }

    /// <summary>Starts the one transaction of a collection cycle. One cycle at a time per store instance.</summary>
    IMonitoringCycle BeginCycle();

    /// <summary>Every target, by id (the order they were first added).</summary>
    IReadOnlyList<MonitoringTarget> Targets();

    /// <summary>The target with this id, or null.</summary>
    MonitoringTarget? Target(long targetId);

    /// <summary>The target's runtime samples with <paramref name="from"/> ≤ time ≤ <paramref name="to"/>, oldest first.</summary>
    IReadOnlyList<RuntimeSample> RuntimeSamples(long targetId, DateTimeOffset from, DateTimeOffset to);

    /// <summary>The target's runtime sample closest in time to <paramref name="time"/> (the earlier on a tie), or null when there is none.</summary>
    RuntimeSample? NearestRuntimeSample(long targetId, DateTimeOffset time);

    /// <summary>
    /// The target's rollups (every resolution) whose spans overlap <paramref name="from"/> to <paramref name="to"/>,
    /// by span start, finer first: the runtime statistics retention rolled up once their samples were too old to keep.
    /// </summary>
    IReadOnlyList<RuntimeRollup> RuntimeRollups(long targetId, DateTimeOffset from, DateTimeOffset to);

    /// <summary>The target's events with <paramref name="from"/> ≤ time ≤ <paramref name="to"/>, oldest first.</summary>
    IReadOnlyList<TargetEvent> Events(long targetId, DateTimeOffset from, DateTimeOffset to);

    /// <summary>The target's snapshots of one kind with <paramref name="from"/> ≤ time ≤ <paramref name="to"/>, oldest first.</summary>
    IReadOnlyList<ProfileSnapshot> ProfileSnapshots(long targetId, string kind, DateTimeOffset from, DateTimeOffset to);

    /// <summary>The target's snapshot of one kind closest in time to <paramref name="time"/> (the earlier on a tie), or null when there is none.</summary>
    ProfileSnapshot? NearestProfileSnapshot(long targetId, string kind, DateTimeOffset time);

    /// <summary>The snapshot's profile, equal to the one stored. An unknown id is a <see cref="KeyNotFoundException"/>.</summary>
    Profile LoadProfile(long snapshotId);

    /// <summary>Findings not resolved, of one target or (null) of all, most recently seen first.</summary>
    IReadOnlyList<StoredFinding> OpenFindings(long? targetId = null);

    /// <summary>
    /// Findings seen or resolved at or after <paramref name="since"/>, open or not, of one target or (null) of all,
    /// most recently seen first.
    /// </summary>
    IReadOnlyList<StoredFinding> RecentFindings(DateTimeOffset since, long? targetId = null);

    /// <summary>
    /// Alerts pending or firing, however old, and alerts resolved at or after <paramref name="since"/>, of one target or
    /// (null) of all: firing first, then pending, then resolved, each most recently active first.
    /// </summary>
    IReadOnlyList<StoredAlert> Alerts(DateTimeOffset since, long? targetId = null);
}
