using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace GoMem.Storage.Monitoring;

/// <summary>Retention (see <see cref="IMonitoringRetention"/>): each step one write transaction (BEGIN IMMEDIATE), so writers queue behind it only briefly.</summary>
public sealed partial class SqliteMonitoringStore
{
    public IReadOnlyList<RuntimeRollup> RuntimeRollups(long targetId, DateTimeOffset from, DateTimeOffset to) => Query(
        RetentionSql.RollupsBetween,
        p =>
        {
            p.AddWithValue("@target", targetId);
            p.AddWithValue("@from", from.ToUnixTimeMilliseconds());
            p.AddWithValue("@to", to.ToUnixTimeMilliseconds());
        },
        RollupColumns.Read);

    public int DeleteProfileSnapshots(long targetId, DateTimeOffset before, int limit) => InRetentionStep(transaction =>
        CountDeleted(transaction, targetId, Execute(transaction, RetentionSql.DeleteSnapshots, p => Bind(p, targetId, before, limit))));

    public int ThinProfileSnapshots(long targetId, DateTimeOffset from, DateTimeOffset to, TimeSpan bucket, int limit)
    {
        var bucketMs = (long)bucket.TotalMilliseconds;
        ArgumentOutOfRangeException.ThrowIfLessThan(bucketMs, 1, nameof(bucket));
        return InRetentionStep(transaction => CountDeleted(transaction, targetId, Execute(transaction, RetentionSql.ThinSnapshots, p =>
        {
            p.AddWithValue("@target", targetId);
            p.AddWithValue("@bucket", bucketMs);
            p.AddWithValue("@scan", RetentionSql.Bucket(from.ToUnixTimeMilliseconds(), bucketMs));
            p.AddWithValue("@from", from.ToUnixTimeMilliseconds());
            p.AddWithValue("@to", to.ToUnixTimeMilliseconds());
            p.AddWithValue("@limit", limit);
        })));
    }

    public int RollUpRuntime(long targetId, TimeSpan? source, TimeSpan resolution, DateTimeOffset before, int limit)
    {
        RetentionSql.CheckResolutions(source, resolution);
        return InRetentionStep(transaction =>
        {
            var samples = source is null ? Rows(transaction, RetentionSql.TakeSamples, p => Bind(p, targetId, before, limit), MonitoringRows.ReadRuntimeSample) : [];
            var finer = source is { } s ? Rows(transaction, RetentionSql.TakeRollups, p => Bind(p, targetId, before, limit, s), RollupColumns.Read) : [];
            var merged = RetentionSql.Merge(resolution, samples, finer, (first, last) => Rows(transaction, RetentionSql.ReadRollups, p =>
            {
                p.AddWithValue("@target", targetId);
                p.AddWithValue("@resolution", (long)resolution.TotalMilliseconds);
                p.AddWithValue("@first", first);
                p.AddWithValue("@last", last);
            }, RollupColumns.Read));
            using var write = _database.Command(RetentionSql.WriteRollup, transaction);
            foreach (var rollup in merged)
            {
                write.Parameters.Clear();
                var values = RollupColumns.Values(targetId, rollup);
                for (var i = 0; i < values.Length; i++)
                {
                    write.Parameters.AddWithValue("@c" + i, values[i]);
                }

                write.ExecuteNonQuery();
            }

            return samples.Count + finer.Count;
        });
    }

    public int DeleteRuntime(long targetId, TimeSpan? resolution, DateTimeOffset before, int limit) => InRetentionStep(transaction => resolution is { } r
        ? Execute(transaction, RetentionSql.DeleteRollups, p => Bind(p, targetId, before, limit, r))
        : Execute(transaction, RetentionSql.DeleteSamples, p => Bind(p, targetId, before, limit)));

    public int DeleteEvents(long targetId, DateTimeOffset before, int limit) =>
        InRetentionStep(transaction => Execute(transaction, RetentionSql.DeleteEvents, p => Bind(p, targetId, before, limit)));

    public int DeleteResolvedFindings(long targetId, DateTimeOffset before, int limit) =>
        InRetentionStep(transaction => Execute(transaction, RetentionSql.DeleteResolvedFindings, p => Bind(p, targetId, before, limit)));

    public ProfileGarbage ProfileGarbage(long targetId) =>
        Query(RetentionSql.ProfileGarbage, p => p.AddWithValue("@target", targetId), r => new ProfileGarbage(r.GetInt64(0), r.GetInt64(1))).Single();

    public ProfilePartCollection CollectProfileParts(long targetId)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return new ProfilePartCollection(
            work => work(new PartTables(this, null, targetId)),
            work => InRetentionStep(transaction => work(new PartTables(this, transaction, targetId))),
            Path);
    }

    private int InRetentionStep(Func<SqliteTransaction, int> step)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_cycle is not null)
        {
            throw new InvalidOperationException("a cycle is open on this store; retention runs between cycles");
        }

        using var transaction = _database.Connection.BeginTransaction(deferred: false);
        var result = step(transaction);
        transaction.Commit();
        return result;
    }

    private int CountDeleted(SqliteTransaction transaction, long targetId, int deleted)
    {
        if (deleted > 0)
        {
            Execute(transaction, RetentionSql.CountDeleted, p =>
            {
                p.AddWithValue("@target", targetId);
                p.AddWithValue("@deleted", deleted);
            });
        }

        return deleted;
    }

    private int Execute(SqliteTransaction transaction, string sql, Action<SqliteParameterCollection> bind)
    {
        using var command = _database.Command(sql, transaction);
        bind(command.Parameters);
        return command.ExecuteNonQuery();
    }

    private List<T> Rows<T>(SqliteTransaction? transaction, string sql, Action<SqliteParameterCollection> bind, Func<SqliteDataReader, T> read)
    {
        using var command = _database.Command(sql, transaction);
        bind(command.Parameters);
        return DbRows.Read(command, r => read((SqliteDataReader)r));
    }

    private static void Bind(SqliteParameterCollection p, long targetId, DateTimeOffset before, int limit, TimeSpan? resolution = null)
    {
        p.AddWithValue("@target", targetId);
        p.AddWithValue("@before", before.ToUnixTimeMilliseconds());
        p.AddWithValue("@limit", limit);
        if (resolution is { } r)
        {
            p.AddWithValue("@resolution", (long)r.TotalMilliseconds);
            p.AddWithValue("@last_bucket", before.ToUnixTimeMilliseconds() - (long)r.TotalMilliseconds);
        }
    }

    /// <summary>The target's snapshots and parts for a <see cref="ProfilePartCollection"/>; id lists go in as one JSON array.</summary>
    private sealed class PartTables(SqliteMonitoringStore store, SqliteTransaction? transaction, long targetId) : IPartCollectionTables
    {
        public List<(long Id, byte[] Tables)> SnapshotTables(long afterId, int limit) => store.Rows(
            transaction,
            "SELECT id, tables FROM profile_snapshots WHERE target_id = @target AND id > @after ORDER BY id LIMIT @limit;",
            p =>
            {
                p.AddWithValue("@target", targetId);
                p.AddWithValue("@after", afterId);
                p.AddWithValue("@limit", limit);
            },
            r => (r.GetInt64(0), (byte[])r.GetValue(1)));

        public List<(long Id, byte[] Tables)> SnapshotTables(IReadOnlyList<long> ids) => store.Rows(
            transaction,
            "SELECT id, tables FROM profile_snapshots WHERE target_id = @target AND id IN (SELECT value FROM json_each(@ids));",
            p => Ids(p, ids),
            r => (r.GetInt64(0), (byte[])r.GetValue(1)));

        public List<long> SnapshotIds() => store.Rows(
            transaction, "SELECT id FROM profile_snapshots WHERE target_id = @target;", p => p.AddWithValue("@target", targetId), r => r.GetInt64(0));

        public List<long> PartIds(PartTable table) => store.Rows(
            transaction, $"SELECT id FROM {RetentionSql.Table(table)} WHERE target_id = @target;", p => p.AddWithValue("@target", targetId), r => r.GetInt64(0));

        public List<(long Part, long String)> StringsUsedBy(PartTable table, IReadOnlyList<long>? ids)
        {
            var filter = ids is null ? "" : " AND id IN (SELECT value FROM json_each(@ids))";
            var rows = store.Rows(
                transaction,
                $"SELECT id, {RetentionSql.StringColumns(table)} FROM {RetentionSql.Table(table)} WHERE target_id = @target{filter};",
                p => Ids(p, ids ?? []),
                r => (Part: r.GetInt64(0), Strings: Enumerable.Range(1, r.FieldCount - 1).Select(r.GetInt64).ToArray()));
            return [.. rows.SelectMany(row => row.Strings.Select(s => (row.Part, s)))];
        }

        public int Delete(PartTable table, IReadOnlyList<long> ids) => store.Execute(
            transaction!, $"DELETE FROM {RetentionSql.Table(table)} WHERE target_id = @target AND id IN (SELECT value FROM json_each(@ids));", p => Ids(p, ids));

        public long DeletedCount() => store.Rows(transaction, RetentionSql.DeletedCount, p => p.AddWithValue("@target", targetId), r => r.GetInt64(0)).Single();

        public void SubtractDeleted(long collected) => store.Execute(transaction!, RetentionSql.SubtractDeleted, p =>
        {
            p.AddWithValue("@target", targetId);
            p.AddWithValue("@collected", collected);
        });

        private void Ids(SqliteParameterCollection p, IReadOnlyList<long> ids)
        {
            p.AddWithValue("@target", targetId);
            p.AddWithValue("@ids", JsonSerializer.Serialize(ids, StoreJson.Default.IReadOnlyListInt64));
        }
    }
}
