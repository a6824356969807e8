using System.Net.Sockets;
using GoMem.Monitoring;
using GoMem.Profiles;
using Npgsql;
using NpgsqlTypes;

namespace GoMem.Storage.Monitoring;

/// <summary>
/// The fleet monitoring store: the same history as <see cref="SqliteMonitoringStore"/> in a PostgreSQL database
/// that many collectors share (schema: <see cref="PostgresMonitoringSchema"/>, migrated on open). Reads take a
/// pooled connection each; a cycle holds one connection and its transaction until committed or disposed, so a
/// dropped connection costs the cycle in progress and nothing else. A failure to reach or keep the server is an
/// <see cref="IOException"/> of one line naming the server and what failed; the password is never shown.
/// </summary>
public sealed partial class PostgresMonitoringStore : IMonitoringStore
{
    private const string TargetColumns = "id, job, instance, labels_json, health, last_error, last_success_unix_ms, last_attempt_unix_ms";

    private const string RuntimeColumns = MonitoringRows.RuntimeColumns;

    private const string SnapshotColumns = "id, target_id, kind, time_unix_ms, sample_types_json, default_sample_type, sample_count";

    private const string FindingColumns = "id, target_id, code, finding_key, severity, title, detail, first_seen_unix_ms, last_seen_unix_ms, resolved_unix_ms";

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresConnection _server;
    private Cycle? _cycle;
    private bool _disposed;

    private PostgresMonitoringStore(NpgsqlDataSource dataSource, PostgresConnection server)
    {
        _dataSource = dataSource;
        _server = server;
    }

    public int SchemaVersion { get; } = PostgresMonitoringSchema.Latest;

    /// <summary>The store as named in messages: <c>postgres://user@host:port/database</c>, without the password.</summary>
    public string Source => _server.Description;

    /// <summary>
    /// Connects to the store at <paramref name="connection"/> (a <c>postgres://</c> URL or an Npgsql connection
    /// string) and migrates it. A malformed address or a store from a newer gomem is a
    /// <see cref="GoMem.IO.BadInputException"/>; a server that cannot be reached or refuses the login an
    /// <see cref="IOException"/>.
    /// </summary>
    public static PostgresMonitoringStore Open(string connection)
    {
        var server = PostgresConnection.Parse(connection);
        var dataSource = NpgsqlDataSource.Create(server.ConnectionString);
        try
        {
            using (var opened = Guard(server, "connect", dataSource.OpenConnection))
            {
                Guard(server, "migrate the schema", () =>
                {
                    PostgresMonitoringSchema.Migrate(opened, server.Description);
                    return 0;
                });
            }

            return new PostgresMonitoringStore(dataSource, server);
        }
        catch
        {
            dataSource.Dispose();
            throw;
        }
    }

    public IMonitoringCycle BeginCycle()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_cycle is not null)
        {
            throw new InvalidOperationException("a cycle is already open on this store; commit or dispose it first");
        }

        _cycle = Guarded("begin a cycle", () =>
        {
            var connection = _dataSource.OpenConnection();
            try
            {
                return new Cycle(this, connection, connection.BeginTransaction());
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        });
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

    public IReadOnlyList<MonitoringTarget> Targets() =>
        Query($"SELECT {TargetColumns} FROM targets ORDER BY id;", _ => { }, MonitoringRows.ReadTarget);

    public MonitoringTarget? Target(long targetId) =>
        Query($"SELECT {TargetColumns} FROM targets WHERE id = @id;", p => p.AddWithValue("id", targetId), MonitoringRows.ReadTarget).SingleOrDefault();

    public IReadOnlyList<RuntimeSample> RuntimeSamples(long targetId, DateTimeOffset from, DateTimeOffset to) => Query(
        $"SELECT {RuntimeColumns} FROM runtime_samples WHERE target_id = @target AND time_unix_ms BETWEEN @from AND @to ORDER BY time_unix_ms, id;",
        p => Between(p, targetId, from, to),
        MonitoringRows.ReadRuntimeSample);

    public RuntimeGaugeColumns RuntimeGauges(long targetId, DateTimeOffset from, DateTimeOffset to, IReadOnlyList<RuntimeGauge> gauges) => WithConnection("read", (connection, transaction) =>
    {
        using var command = new NpgsqlCommand(
            $"SELECT {RuntimeGaugeColumns.Columns(gauges)} FROM runtime_samples WHERE target_id = @target AND time_unix_ms BETWEEN @from AND @to ORDER BY time_unix_ms, id;",
            connection,
            transaction);
        Between(command.Parameters, targetId, from, to);
        return RuntimeGaugeColumns.Read(command, gauges);
    });

    public RuntimeSample? NearestRuntimeSample(long targetId, DateTimeOffset time)
    {
        // The last at or before the time and the first after it, in one round trip; the earlier wins a tie.
        var candidates = Query(
            $"""
            (SELECT {RuntimeColumns} FROM runtime_samples WHERE target_id = @target AND time_unix_ms <= @time ORDER BY time_unix_ms DESC, id LIMIT 1)
            UNION ALL
            (SELECT {RuntimeColumns} FROM runtime_samples WHERE target_id = @target AND time_unix_ms > @time ORDER BY time_unix_ms, id LIMIT 1);
            """,
            p =>
            {
                p.AddWithValue("target", targetId);
                p.AddWithValue("time", time.ToUnixTimeMilliseconds());
            },
            MonitoringRows.ReadRuntimeSample);
        return MonitoringRows.Closer(candidates.FirstOrDefault(s => s.Time <= time), candidates.FirstOrDefault(s => s.Time > time), time, s => s.Time);
    }

    public IReadOnlyList<TargetEvent> Events(long targetId, DateTimeOffset from, DateTimeOffset to) => Query(
        "SELECT id, target_id, time_unix_ms, kind, detail FROM target_events WHERE target_id = @target AND time_unix_ms BETWEEN @from AND @to ORDER BY time_unix_ms, id;",
        p => Between(p, targetId, from, to),
        r => new TargetEvent(r.GetInt64(0), r.GetInt64(1), MonitoringRows.Time(r, 2), r.GetString(3), r.GetString(4)));

    public IReadOnlyList<ProfileSnapshot> ProfileSnapshots(long targetId, string kind, DateTimeOffset from, DateTimeOffset to) => Query(
        $"SELECT {SnapshotColumns} FROM profile_snapshots WHERE target_id = @target AND kind = @kind AND time_unix_ms BETWEEN @from AND @to ORDER BY time_unix_ms, id;",
        p =>
        {
            Between(p, targetId, from, to);
            p.AddWithValue("kind", kind);
        },
        MonitoringRows.ReadSnapshot);

    public ProfileSnapshot? NearestProfileSnapshot(long targetId, string kind, DateTimeOffset time)
    {
        // The last at or before the time and the first after it, in one round trip; the earlier wins a tie.
        var candidates = Query(
            $"""
            (SELECT {SnapshotColumns} FROM profile_snapshots WHERE target_id = @target AND kind = @kind AND time_unix_ms <= @time ORDER BY time_unix_ms DESC, id LIMIT 1)
            UNION ALL
            (SELECT {SnapshotColumns} FROM profile_snapshots WHERE target_id = @target AND kind = @kind AND time_unix_ms > @time ORDER BY time_unix_ms, id LIMIT 1);
            """,
            p =>
            {
                p.AddWithValue("target", targetId);
                p.AddWithValue("kind", kind);
                p.AddWithValue("time", time.ToUnixTimeMilliseconds());
            },
            MonitoringRows.ReadSnapshot);
        return MonitoringRows.Closer(candidates.FirstOrDefault(s => s.Time <= time), candidates.FirstOrDefault(s => s.Time > time), time, s => s.Time);
    }

    public Profile LoadProfile(long snapshotId) => LoadProfiles([snapshotId])[0];

    public IReadOnlyList<Profile> LoadProfiles(IReadOnlyList<long> snapshotIds) => WithConnection("load a profile", (connection, cycle) =>
    {
        // One snapshot of the database for the rows and their parts: retention deleting one meanwhile cannot tear it.
        using var read = cycle is null ? connection.BeginTransaction(System.Data.IsolationLevel.RepeatableRead) : null;
        var transaction = cycle ?? read;
        var parts = new Dictionary<long, CachedProfileParts>();
        var profiles = new Profile[snapshotIds.Count];
        for (var i = 0; i < profiles.Length; i++)
        {
            using var command = new NpgsqlCommand(
                """
                SELECT target_id, sample_types_json, default_sample_type, period_type, period_unit, period, duration_nanos, profile_time_nanos,
                    comments_json, drop_frames, keep_frames, doc_url, sample_count, tables, samples
                FROM profile_snapshots WHERE id = @id;
                """,
                connection,
                transaction);
            command.Parameters.AddWithValue("id", snapshotIds[i]);
            long targetId;
            EncodedSnapshot snapshot;
            using (var r = command.ExecuteReader())
            {
                if (!r.Read())
                {
                    throw new KeyNotFoundException($"{Source}: no profile snapshot with id {snapshotIds[i]}");
                }

                targetId = r.GetInt64(0);
                snapshot = new EncodedSnapshot(
                    r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4), r.GetInt64(5), r.GetInt64(6),
                    r.GetInt64(7), r.GetString(8), r.GetString(9), r.GetString(10), r.GetString(11), r.GetInt32(12), r.GetFieldValue<byte[]>(13), r.GetFieldValue<byte[]>(14));
            }

            var source = $"{Source} (profile snapshot {snapshotIds[i]})";
            if (!parts.TryGetValue(targetId, out var cached))
            {
                cached = new CachedProfileParts(new PostgresProfileParts(connection, transaction, targetId, source));
                parts.Add(targetId, cached);
            }

            profiles[i] = ProfileSnapshotCodec.Decode(snapshot, cached, source);
            profiles[i].Source = source;
        }

        return profiles;
    });

    public IReadOnlyList<StoredFinding> OpenFindings(long? targetId = null) => Query(
        $"SELECT {FindingColumns} FROM findings WHERE resolved_unix_ms IS NULL AND (@target IS NULL OR target_id = @target) ORDER BY last_seen_unix_ms DESC, id;",
        p => p.Add(new NpgsqlParameter("target", NpgsqlDbType.Bigint) { Value = (object?)targetId ?? DBNull.Value }),
        MonitoringRows.ReadFinding);

    public IReadOnlyList<StoredFinding> RecentFindings(DateTimeOffset since, long? targetId = null) => Query(
        $"""
        SELECT {FindingColumns} FROM findings
        WHERE (last_seen_unix_ms >= @since OR resolved_unix_ms >= @since) AND (@target IS NULL OR target_id = @target)
        ORDER BY last_seen_unix_ms DESC, id;
        """,
        p =>
        {
            p.AddWithValue("since", since.ToUnixTimeMilliseconds());
            p.Add(new NpgsqlParameter("target", NpgsqlDbType.Bigint) { Value = (object?)targetId ?? DBNull.Value });
        },
        MonitoringRows.ReadFinding);

    public void Dispose()
    {
        if (!_disposed)
        {
            _cycle?.Dispose();
            _dataSource.Dispose();
            _disposed = true;
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/>, turning a lost or refused connection into an <see cref="IOException"/> of one
    /// line: the server, what was being done, and why it failed.
    /// </summary>
    internal static T Guard<T>(PostgresConnection server, string doing, Func<T> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (IsConnectionFailure(e))
        {
            throw new IOException($"{server.Description}: could not {doing} (server {server.Host}:{server.Port}): {Reason(e)}", e);
        }
    }

    private static bool IsConnectionFailure(Exception e) => e switch
    {
        // 08: connection exception; 28: authentication; 3D000: no such database; 53: out of resources (too many
        // connections); 57P01-57P03: the server is shutting down or starting; 57P04: the database was dropped.
        PostgresException p => p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState.StartsWith("28", StringComparison.Ordinal)
            || p.SqlState.StartsWith("53", StringComparison.Ordinal) || p.SqlState is "3D000" or "57P01" or "57P02" or "57P03" or "57P04",
        NpgsqlException => true,
        SocketException or TimeoutException => true,
        // What Npgsql says when a command is sent on a connection that broke earlier.
        InvalidOperationException when e.Message.Contains("connection", StringComparison.OrdinalIgnoreCase)
            && (e.Message.Contains("broken", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("not open", StringComparison.OrdinalIgnoreCase)) => true,
        _ => false,
    };

    private static string Reason(Exception e)
    {
        var parts = new List<string>();
        for (var inner = e; inner is not null && parts.Count < 3; inner = inner.InnerException)
        {
            var line = (inner is PostgresException p ? p.MessageText : inner.Message).Split('\n')[0].Trim();
            if (line.Length > 0 && !parts.Any(seen => seen.Contains(line, StringComparison.Ordinal)))
            {
                parts.Add(line);
            }
        }

        return string.Join(": ", parts);
    }

    private T InOwnCycle<T>(Func<Cycle, T> write)
    {
        using var cycle = (Cycle)BeginCycle();
        var result = write(cycle);
        cycle.Commit();
        return result;
    }

    /// <summary>
    /// Runs <paramref name="body"/> on the open cycle's connection (seeing its writes) or a pooled one. A read that
    /// finds its pooled connection cut (the server restarted since it was opened) is run once more on a new one.
    /// </summary>
    private T WithConnection<T>(string doing, Func<NpgsqlConnection, NpgsqlTransaction?, T> body)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_cycle is { } cycle)
        {
            return Guarded(doing, () => body(cycle.Connection, cycle.Transaction));
        }

        T Read()
        {
            using var connection = _dataSource.OpenConnection();
            return body(connection, null);
        }

        try
        {
            return Guarded(doing, Read);
        }
        catch (IOException)
        {
            return Guarded(doing, Read);
        }
    }

    /// <summary>
    /// <see cref="Guard"/>, and on a lost connection the pool is emptied: after a server restart every pooled
    /// connection is dead, and without this each would cost one more failed cycle before it is noticed.
    /// </summary>
    private T Guarded<T>(string doing, Func<T> body)
    {
        try
        {
            return Guard(_server, doing, body);
        }
        catch (IOException)
        {
            _dataSource.Clear();
            throw;
        }
    }

    private List<T> Query<T>(string sql, Action<NpgsqlParameterCollection> bind, Func<NpgsqlDataReader, T> read) => WithConnection("read", (connection, transaction) =>
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        bind(command.Parameters);
        return DbRows.Read(command, r => read((NpgsqlDataReader)r));
    });

    private static void Between(NpgsqlParameterCollection p, long targetId, DateTimeOffset from, DateTimeOffset to)
    {
        p.AddWithValue("target", targetId);
        p.AddWithValue("from", from.ToUnixTimeMilliseconds());
        p.AddWithValue("to", to.ToUnixTimeMilliseconds());
    }
}
