using GoMem.Monitoring;
using GoMem.Profiles;
using Microsoft.Data.Sqlite;

namespace GoMem.Storage.Monitoring;

/// <summary>
/// The embedded monitoring store: the monitoring tables (<see cref="SqliteMonitoringSchema"/>) of the one SQLite
/// file every store shares, opened and migrated by <see cref="SqliteDatabase"/> (WAL, busy timeout, foreign keys).
/// Times are unix milliseconds; profiles are split by <see cref="ProfileSnapshotCodec"/> into parts shared by all
/// snapshots of a target.
/// </summary>
public sealed partial class SqliteMonitoringStore : IMonitoringStore
{
    private const string RuntimeColumns = MonitoringRows.RuntimeColumns;

    private const string SnapshotColumns = "id, target_id, kind, time_unix_ms, sample_types_json, default_sample_type, sample_count";

    private const string FindingColumns = "id, target_id, code, finding_key, severity, title, detail, first_seen_unix_ms, last_seen_unix_ms, resolved_unix_ms";

    private readonly SqliteDatabase _database;
    private Cycle? _cycle;
    private bool _disposed;

    private SqliteMonitoringStore(SqliteDatabase database) => _database = database;

    public int SchemaVersion { get; } = SqliteMigrations.LatestFor(SqliteMigrations.Monitoring);

    /// <summary>The store file as named when opened.</summary>
    public string Path => _database.Path;

    public string Source => Path;

    /// <summary>Opens (creating if needed) and migrates the store file at <paramref name="path"/>.</summary>
    public static SqliteMonitoringStore Open(string path) => new(SqliteDatabase.Open(path));

    public IMonitoringCycle BeginCycle()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_cycle is not null)
        {
            throw new InvalidOperationException("a cycle is already open on this store; commit or dispose it first");
        }

        _cycle = new Cycle(this, _database.Connection.BeginTransaction(deferred: false));
        return _cycle;
    }

    public long UpsertTarget(string job, string instance, LabelSet labels) => InOwnCycle(c => c.UpsertTarget(job, instance, labels));

    public void RecordHealth(long targetId, DateTimeOffset attemptTime, string? error) => InOwnCycle(c =>
    {
        c.RecordHealth(targetId, attemptTime, error);
        return 0;
    });

    public long AddRuntimeSample(long targetId, RuntimeSample sample) => InOwnCycle(c => c.AddRuntimeSample(targetId, sample));

    public long AddEvent(long targetId, DateTimeOffset time, string kind, string detail) => InOwnCycle(c => c.AddEvent(targetId, time, kind, detail));

    public long AddProfile(long targetId, string kind, DateTimeOffset time, Profile profile) => InOwnCycle(c => c.AddProfile(targetId, kind, time, profile));

    public long UpsertFinding(MonitoringFinding finding) => InOwnCycle(c => c.UpsertFinding(finding));

    public IReadOnlyList<MonitoringTarget> Targets() => Query(
        "SELECT id, job, instance, labels_json, health, last_error, last_success_unix_ms, last_attempt_unix_ms FROM targets ORDER BY id;",
        _ => { },
        MonitoringRows.ReadTarget);

    public MonitoringTarget? Target(long targetId) => Query(
        "SELECT id, job, instance, labels_json, health, last_error, last_success_unix_ms, last_attempt_unix_ms FROM targets WHERE id = $id;",
        p => p.AddWithValue("$id", targetId),
        MonitoringRows.ReadTarget).SingleOrDefault();

    public IReadOnlyList<RuntimeSample> RuntimeSamples(long targetId, DateTimeOffset from, DateTimeOffset to) => Query(
        $"SELECT {RuntimeColumns} FROM runtime_samples WHERE target_id = $target AND time_unix_ms BETWEEN $from AND $to ORDER BY time_unix_ms, id;",
        p => Between(p, targetId, from, to),
        MonitoringRows.ReadRuntimeSample);

    public RuntimeGaugeColumns RuntimeGauges(long targetId, DateTimeOffset from, DateTimeOffset to, IReadOnlyList<RuntimeGauge> gauges)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var command = _database.Command(
            $"SELECT {RuntimeGaugeColumns.Columns(gauges)} FROM runtime_samples WHERE target_id = $target AND time_unix_ms BETWEEN $from AND $to ORDER BY time_unix_ms, id;",
            _cycle?.Transaction);
        Between(command.Parameters, targetId, from, to);
        return RuntimeGaugeColumns.Read(command, gauges);
    }

    public RuntimeSample? NearestRuntimeSample(long targetId, DateTimeOffset time)
    {
        RuntimeSample? Nearest(string comparison, string order) => Query(
            $"SELECT {RuntimeColumns} FROM runtime_samples WHERE target_id = $target AND time_unix_ms {comparison} $time ORDER BY time_unix_ms {order}, id LIMIT 1;",
            p =>
            {
                p.AddWithValue("$target", targetId);
                p.AddWithValue("$time", time.ToUnixTimeMilliseconds());
            },
            MonitoringRows.ReadRuntimeSample).SingleOrDefault();

        return MonitoringRows.Closer(Nearest("<=", "DESC"), Nearest(">", "ASC"), time, s => s.Time);
    }

    public IReadOnlyList<TargetEvent> Events(long targetId, DateTimeOffset from, DateTimeOffset to) => Query(
        "SELECT id, target_id, time_unix_ms, kind, detail FROM target_events WHERE target_id = $target AND time_unix_ms BETWEEN $from AND $to ORDER BY time_unix_ms, id;",
        p => Between(p, targetId, from, to),
        r => new TargetEvent(r.GetInt64(0), r.GetInt64(1), MonitoringRows.Time(r, 2), r.GetString(3), r.GetString(4)));

    public IReadOnlyList<ProfileSnapshot> ProfileSnapshots(long targetId, string kind, DateTimeOffset from, DateTimeOffset to) => Query(
        $"SELECT {SnapshotColumns} FROM profile_snapshots WHERE target_id = $target AND kind = $kind AND time_unix_ms BETWEEN $from AND $to ORDER BY time_unix_ms, id;",
        p =>
        {
            Between(p, targetId, from, to);
            p.AddWithValue("$kind", kind);
        },
        MonitoringRows.ReadSnapshot);

    public ProfileSnapshot? NearestProfileSnapshot(long targetId, string kind, DateTimeOffset time)
    {
        ProfileSnapshot? Nearest(string comparison, string order) => Query(
            $"SELECT {SnapshotColumns} FROM profile_snapshots WHERE target_id = $target AND kind = $kind AND time_unix_ms {comparison} $time ORDER BY time_unix_ms {order}, id LIMIT 1;",
            p =>
            {
                p.AddWithValue("$target", targetId);
                p.AddWithValue("$kind", kind);
                p.AddWithValue("$time", time.ToUnixTimeMilliseconds());
            },
            MonitoringRows.ReadSnapshot).SingleOrDefault();

        return MonitoringRows.Closer(Nearest("<=", "DESC"), Nearest(">", "ASC"), time, s => s.Time);
    }

    public Profile LoadProfile(long snapshotId) => LoadProfiles([snapshotId])[0];

    public IReadOnlyList<Profile> LoadProfiles(IReadOnlyList<long> snapshotIds)
    {
        // One read transaction for the snapshots and their parts: retention deleting one meanwhile cannot tear it.
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var read = _cycle is null ? _database.Connection.BeginTransaction(deferred: true) : null;
        var transaction = _cycle?.Transaction ?? read;
        var parts = new Dictionary<long, (SqliteProfileParts Engine, CachedProfileParts Cached)>();
        try
        {
            var profiles = new Profile[snapshotIds.Count];
            for (var i = 0; i < profiles.Length; i++)
            {
                var snapshotId = snapshotIds[i];
                var rows = Rows(
                    transaction,
                    """
                    SELECT target_id, sample_types_json, default_sample_type, period_type, period_unit, period, duration_nanos, profile_time_nanos,
                        comments_json, drop_frames, keep_frames, doc_url, sample_count, tables, samples
                    FROM profile_snapshots WHERE id = $id;
                    """,
                    p => p.AddWithValue("$id", snapshotId),
                    r => (TargetId: r.GetInt64(0), Snapshot: new EncodedSnapshot(
                        r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetInt64(5), r.GetInt64(6),
                        r.GetInt64(7), r.GetString(8), r.GetString(9), r.GetString(10), r.GetString(11), r.GetInt32(12), (byte[])r.GetValue(13), (byte[])r.GetValue(14))));
                if (rows.Count == 0)
                {
                    throw new KeyNotFoundException($"{Path}: no profile snapshot with id {snapshotId}");
                }

                var source = $"{Path} (profile snapshot {snapshotId})";
                if (!parts.TryGetValue(rows[0].TargetId, out var target))
                {
                    var engine = new SqliteProfileParts(_database.Connection, transaction, rows[0].TargetId, source);
                    target = (engine, new CachedProfileParts(engine));
                    parts.Add(rows[0].TargetId, target);
                }

                profiles[i] = ProfileSnapshotCodec.Decode(rows[0].Snapshot, target.Cached, source);
                profiles[i].Source = source;
            }

            return profiles;
        }
        finally
        {
            foreach (var (engine, _) in parts.Values)
            {
                engine.Dispose();
            }
        }
    }

    public IReadOnlyList<StoredFinding> OpenFindings(long? targetId = null) => Query(
        $"SELECT {FindingColumns} FROM findings WHERE resolved_unix_ms IS NULL AND ($target IS NULL OR target_id = $target) ORDER BY last_seen_unix_ms DESC, id;",
        p => p.AddWithValue("$target", (object?)targetId ?? DBNull.Value),
        MonitoringRows.ReadFinding);

    public IReadOnlyList<StoredFinding> RecentFindings(DateTimeOffset since, long? targetId = null) => Query(
        $"""
        SELECT {FindingColumns} FROM findings
        WHERE (last_seen_unix_ms >= $since OR resolved_unix_ms >= $since) AND ($target IS NULL OR target_id = $target)
        ORDER BY last_seen_unix_ms DESC, id;
        """,
        p =>
        {
            p.AddWithValue("$since", since.ToUnixTimeMilliseconds());
            p.AddWithValue("$target", (object?)targetId ?? DBNull.Value);
        },
        MonitoringRows.ReadFinding);

    public void Dispose()
    {
        if (!_disposed)
        {
            _cycle?.Dispose();
            _database.Dispose();
            _disposed = true;
        }
    }

    private T InOwnCycle<T>(Func<Cycle, T> write)
    {
        using var cycle = (Cycle)BeginCycle();
        var result = write(cycle);
        cycle.Commit();
        return result;
    }

    private List<T> Query<T>(string sql, Action<SqliteParameterCollection> bind, Func<SqliteDataReader, T> read)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        using var command = _database.Command(sql, _cycle?.Transaction);
        bind(command.Parameters);
        return DbRows.Read(command, r => read((SqliteDataReader)r));
    }

    private static void Between(SqliteParameterCollection p, long targetId, DateTimeOffset from, DateTimeOffset to)
    {
        p.AddWithValue("$target", targetId);
        p.AddWithValue("$from", from.ToUnixTimeMilliseconds());
        p.AddWithValue("$to", to.ToUnixTimeMilliseconds());
    }
}
