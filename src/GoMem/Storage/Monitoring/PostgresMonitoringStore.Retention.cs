using Npgsql;
using NpgsqlTypes;

namespace GoMem.Storage.Monitoring;

/// <summary>
/// Retention (see <see cref="IMonitoringRetention"/>): each step one transaction on a pooled connection. Several
/// collectors may run it on the same target: consumed rows are deleted with RETURNING (a row goes to one of them),
/// merging into a rollup holds a per-target advisory lock, and collecting parts holds the target's parts lock, which
/// every cycle storing a profile of the target takes too.
/// </summary>
public sealed partial class PostgresMonitoringStore
{
    /// <summary>The first key of the per-target rollup locks ("gmru"); the second is the target id.</summary>
    private const int RollupLockClass = 0x676d7275;

    public IReadOnlyList<RuntimeRollup> RuntimeRollups(long targetId, DateTimeOffset from, DateTimeOffset to) =>
        Query(RetentionSql.RollupsBetween, p => Between(p, targetId, from, to), RollupColumns.Read);

    public int DeleteProfileSnapshots(long targetId, DateTimeOffset before, int limit) => InRetentionStep("delete old profile snapshots", (c, t) =>
        CountDeleted(c, t, targetId, Execute(c, t, RetentionSql.DeleteSnapshots, p => Bind(p, targetId, before, limit))));

    public int ThinProfileSnapshots(long targetId, DateTimeOffset from, DateTimeOffset to, TimeSpan bucket, int limit)
    {
        var bucketMs = (long)bucket.TotalMilliseconds;
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketMs, 1, nameof(bucket));
        return InRetentionStep("thin profile snapshots", (c, t) => CountDeleted(c, t, targetId, Execute(c, t, RetentionSql.ThinSnapshots, p =>
        {
            p.AddWithValue("target", targetId);
            p.AddWithValue("bucket", bucketMs);
            p.AddWithValue("scan", RetentionSql.Bucket(from.ToUnixTimeMilliseconds(), bucketMs));
            p.AddWithValue("from", from.ToUnixTimeMilliseconds());
            p.AddWithValue("to", to.ToUnixTimeMilliseconds());
            p.AddWithValue("limit", limit);
        })));
    }

    public int RollUpRuntime(long targetId, TimeSpan? source, TimeSpan resolution, DateTimeOffset before, int limit)
    {
        RetentionSql.CheckResolutions(source, resolution);
        return InRetentionStep("roll up runtime statistics", (c, t) =>
        {
            Execute(c, t, $"SELECT pg_advisory_xact_lock({RollupLockClass}, (@target % 2147483647)::integer);", p => p.AddWithValue("target", targetId));
            var samples = source is null ? Rows(c, t, RetentionSql.TakeSamples, p => Bind(p, targetId, before, limit), MonitoringRows.ReadRuntimeSample) : [];
            var finer = source is { } s ? Rows(c, t, RetentionSql.TakeRollups, p => Bind(p, targetId, before, limit, s), RollupColumns.Read) : [];
            var merged = RetentionSql.Merge(resolution, samples, finer, (first, last) => Rows(c, t, RetentionSql.ReadRollups, p =>
            {
                p.AddWithValue("target", targetId);
                p.AddWithValue("resolution", (long)resolution.TotalMilliseconds);
                p.AddWithValue("first", first);
                p.AddWithValue("last", last);
            }, RollupColumns.Read));
            foreach (var rollup in merged)
            {
                Execute(c, t, RetentionSql.WriteRollup, p =>
                {
                    var values = RollupColumns.Values(targetId, rollup);
                    for (var i = 0; i < values.Length; i++)
                    {
                        p.Add(new NpgsqlParameter("c" + i, RollupColumns.IsReal[i] ? NpgsqlDbType.Double : values[i] is int ? NpgsqlDbType.Integer : NpgsqlDbType.Bigint) { Value = values[i] });
                    }
                });
            }

            return samples.Count + finer.Count;
        });
    }

    public int DeleteRuntime(long targetId, TimeSpan? resolution, DateTimeOffset before, int limit) => InRetentionStep("delete old runtime statistics", (c, t) => resolution is { } r
        ? Execute(c, t, RetentionSql.DeleteRollups, p => Bind(p, targetId, before, limit, r))
        : Execute(c, t, RetentionSql.DeleteSamples, p => Bind(p, targetId, before, limit)));

    public int DeleteEvents(long targetId, DateTimeOffset before, int limit) =>
        InRetentionStep("delete old events", (c, t) => Execute(c, t, RetentionSql.DeleteEvents, p => Bind(p, targetId, before, limit)));

    public int DeleteResolvedFindings(long targetId, DateTimeOffset before, int limit) =>
        InRetentionStep("delete old findings", (c, t) => Execute(c, t, RetentionSql.DeleteResolvedFindings, p => Bind(p, targetId, before, limit)));

    public ProfileGarbage ProfileGarbage(long targetId) =>
        Query(RetentionSql.ProfileGarbage, p => p.AddWithValue("target", targetId), r => new ProfileGarbage(r.GetInt64(0), r.GetInt64(1))).Single();

    public ProfilePartCollection CollectProfileParts(long targetId)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new ProfilePartCollection(
            work => WithConnection("read profile snapshots", (c, t) => work(new PartTables(c, t, targetId))),
            work => InRetentionStep("delete unused profile parts", (c, t) =>
            {
                new PostgresProfileParts(c, t, targetId, Source).LockTarget();
                return work(new PartTables(c, t, targetId));
            }),
            Source);
    }

    private int InRetentionStep(string doing, Func<NpgsqlConnection, NpgsqlTransaction, int> step)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_cycle is not null)
        {
            throw new InvalidOperationException("a cycle is open on this store; retention runs between cycles");
        }

        return Guard(_server, doing, () =>
        {
            using var connection = _dataSource.OpenConnection();
            using var transaction = connection.BeginTransaction();
            var result = step(connection, transaction);
            transaction.Commit();
            return result;
        });
    }

    private static int CountDeleted(NpgsqlConnection connection, NpgsqlTransaction transaction, long targetId, int deleted)
    {
        if (deleted > 0)
        {
            Execute(connection, transaction, RetentionSql.CountDeleted, p =>
            {
                p.AddWithValue("target", targetId);
                p.AddWithValue("deleted", (long)deleted);
            });
        }

        return deleted;
    }

    private static int Execute(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, Action<NpgsqlParameterCollection> bind)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        bind(command.Parameters);
        return command.ExecuteNonQuery();
    }

    private static List<T> Rows<T>(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, Action<NpgsqlParameterCollection> bind, Func<NpgsqlDataReader, T> read)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        bind(command.Parameters);
        return DbRows.Read(command, r => read((NpgsqlDataReader)r));
    }

    private static void Bind(NpgsqlParameterCollection p, long targetId, DateTimeOffset before, int limit, TimeSpan? resolution = null)
    {
        p.AddWithValue("target", targetId);
        p.AddWithValue("before", before.ToUnixTimeMilliseconds());
        p.AddWithValue("limit", limit);
        if (resolution is { } r)
        {
            p.AddWithValue("resolution", (long)r.TotalMilliseconds);
            p.AddWithValue("last_bucket", before.ToUnixTimeMilliseconds() - (long)r.TotalMilliseconds);
        }
    }

    /// <summary>The target's snapshots and parts for a <see cref="ProfilePartCollection"/>; id lists go in as one array.</summary>
    private sealed class PartTables(NpgsqlConnection connection, NpgsqlTransaction? transaction, long targetId) : IPartCollectionTables
    {
        public List<(long Id, byte[] Tables)> SnapshotTables(long afterId, int limit) => Rows(
            connection,
            transaction,
            "SELECT id, tables FROM profile_snapshots WHERE target_id = @target AND id > @after ORDER BY id LIMIT @limit;",
            p =>
            {
                p.AddWithValue("target", targetId);
                p.AddWithValue("after", afterId);
                p.AddWithValue("limit", limit);
            },
            r => (r.GetInt64(0), r.GetFieldValue<byte[]>(1)));

        public List<(long Id, byte[] Tables)> SnapshotTables(IReadOnlyList<long> ids) => Rows(
            connection, transaction, "SELECT id, tables FROM profile_snapshots WHERE target_id = @target AND id = ANY(@ids);", p => Ids(p, ids), r => (r.GetInt64(0), r.GetFieldValue<byte[]>(1)));

        public List<long> SnapshotIds() =>
            Rows(connection, transaction, "SELECT id FROM profile_snapshots WHERE target_id = @target;", p => p.AddWithValue("target", targetId), r => r.GetInt64(0));

        public List<long> PartIds(PartTable table) =>
            Rows(connection, transaction, $"SELECT id FROM {RetentionSql.Table(table)} WHERE target_id = @target;", p => p.AddWithValue("target", targetId), r => r.GetInt64(0));

        public List<(long Part, long String)> StringsUsedBy(PartTable table, IReadOnlyList<long>? ids)
        {
            var filter = ids is null ? "" : " AND id = ANY(@ids)";
            var rows = Rows(
                connection,
                transaction,
                $"SELECT id, {RetentionSql.StringColumns(table)} FROM {RetentionSql.Table(table)} WHERE target_id = @target{filter};",
                p => Ids(p, ids ?? []),
                r => (Part: r.GetInt64(0), Strings: Enumerable.Range(1, r.FieldCount - 1).Select(r.GetInt64).ToArray()));
            return [.. rows.SelectMany(row => row.Strings.Select(s => (row.Part, s)))];
        }

        public int Delete(PartTable table, IReadOnlyList<long> ids) =>
            Execute(connection, transaction, $"DELETE FROM {RetentionSql.Table(table)} WHERE target_id = @target AND id = ANY(@ids);", p => Ids(p, ids));

        public long DeletedCount() => Rows(connection, transaction, RetentionSql.DeletedCount, p => p.AddWithValue("target", targetId), r => r.GetInt64(0)).Single();

        public void SubtractDeleted(long collected) => Execute(connection, transaction, RetentionSql.SubtractDeleted, p =>
        {
            p.AddWithValue("target", targetId);
            p.AddWithValue("collected", collected);
        });

        private void Ids(NpgsqlParameterCollection p, IReadOnlyList<long> ids)
        {
            p.AddWithValue("target", targetId);
            p.AddWithValue("ids", ids.ToArray());
        }
    }
}
