using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace GoMem.Storage.Monitoring;

/// <summary>
/// Target leases in the store file (<see cref="ITargetLeases"/>): collectors on one machine sharing the file split
/// its targets. A round is one immediate (write-locked) transaction, so rounds never interleave; times are this
/// machine's clock, which every process using the file shares.
/// </summary>
public sealed partial class SqliteMonitoringStore
{
    public LeaseRound KeepLeases(string collector, IReadOnlyCollection<string> targetKeys, TimeSpan timeToLive) =>
        InOwnCycle(c => c.KeepLeases(collector, targetKeys, timeToLive, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));

    public void ReleaseLeases(string collector) => InOwnCycle(c =>
    {
        c.ReleaseLeases(collector);
        return 0;
    });

    public IReadOnlyList<TargetLease> Leases() => Query(
        "SELECT target_key, holder, expires_unix_ms FROM target_leases ORDER BY target_key;",
        _ => { },
        r => new TargetLease(r.GetString(0), r.GetString(1), MonitoringRows.Time(r, 2)));

    private sealed partial class Cycle
    {
        public bool HoldsLease(string collector, string targetKey)
        {
            using var command = Command("SELECT 1 FROM target_leases WHERE target_key = $key AND holder = $holder;");
            command.Parameters.AddWithValue("$key", targetKey);
            command.Parameters.AddWithValue("$holder", collector);
            return command.ExecuteScalar() is not null;
        }

        public LeaseRound KeepLeases(string collector, IReadOnlyCollection<string> targetKeys, TimeSpan timeToLive, long now)
        {
            ArgumentException.ThrowIfNullOrEmpty(collector);
            var ttl = (long)timeToLive.TotalMilliseconds;
            var expires = now + ttl;
            var distinct = targetKeys.Distinct(StringComparer.Ordinal).ToList();
            var keys = JsonSerializer.Serialize(distinct, StoreJson.Default.IReadOnlyListString);
            Execute("INSERT INTO collectors (id, seen_unix_ms) VALUES ($me, $now) ON CONFLICT (id) DO UPDATE SET seen_unix_ms = excluded.seen_unix_ms;", collector, now);

            // Collectors and leases silent for ten lifetimes are gone for good; their rows would only grow the tables.
            Execute("DELETE FROM collectors WHERE seen_unix_ms < $stale; DELETE FROM target_leases WHERE expires_unix_ms < $stale;", collector, now, p => p.AddWithValue("$stale", now - (10 * ttl)));
            var live = Keys("SELECT id FROM collectors WHERE seen_unix_ms >= $since;", collector, now, p => p.AddWithValue("$since", now - ttl)).ToList();
            Execute("DELETE FROM target_leases WHERE holder = $me AND target_key NOT IN (SELECT value FROM json_each($keys));", collector, now, p => p.AddWithValue("$keys", keys));
            var held = Keys("UPDATE target_leases SET expires_unix_ms = $expires WHERE holder = $me RETURNING target_key;", collector, now, p => p.AddWithValue("$expires", expires));
            var free = Keys(
                """
                SELECT k.value FROM json_each($keys) k LEFT JOIN target_leases l ON l.target_key = k.value
                WHERE l.target_key IS NULL OR (l.holder <> $me AND l.expires_unix_ms < $now);
                """,
                collector,
                now,
                p => p.AddWithValue("$keys", keys));
            var (release, take) = LeasePlan.Decide(collector, held, free, distinct.Count, live);
            if (release.Count > 0)
            {
                Execute("DELETE FROM target_leases WHERE holder = $me AND target_key IN (SELECT value FROM json_each($release));", collector, now, p => p.AddWithValue("$release", JsonSerializer.Serialize(release, StoreJson.Default.IReadOnlyListString)));
                held.ExceptWith(release);
            }

            if (take.Count > 0)
            {
                held.UnionWith(Keys(
                    """
                    INSERT INTO target_leases (target_key, holder, expires_unix_ms) SELECT value, $me, $expires FROM json_each($take) WHERE true
                    ON CONFLICT (target_key) DO UPDATE SET holder = excluded.holder, expires_unix_ms = excluded.expires_unix_ms
                    WHERE target_leases.expires_unix_ms < $now
                    RETURNING target_key;
                    """,
                    collector,
                    now,
                    p =>
                    {
                        p.AddWithValue("$take", JsonSerializer.Serialize(take, StoreJson.Default.IReadOnlyListString));
                        p.AddWithValue("$expires", expires);
                    }));
            }

            return new LeaseRound(held, live.Count);
        }

        public void ReleaseLeases(string collector)
        {
            Execute("DELETE FROM target_leases WHERE holder = $me; DELETE FROM collectors WHERE id = $me;", collector, 0);
        }

        private void Execute(string sql, string collector, long now, Action<SqliteParameterCollection>? bind = null)
        {
            using var command = LeaseCommand(sql, collector, now, bind);
            command.ExecuteNonQuery();
        }

        private HashSet<string> Keys(string sql, string collector, long now, Action<SqliteParameterCollection> bind)
        {
            using var command = LeaseCommand(sql, collector, now, bind);
            return DbRows.Read(command, r => r.GetString(0)).ToHashSet(StringComparer.Ordinal);
        }

        private SqliteCommand LeaseCommand(string sql, string collector, long now, Action<SqliteParameterCollection>? bind)
        {
            var command = Command(sql);
            command.Parameters.AddWithValue("$me", collector);
            command.Parameters.AddWithValue("$now", now);
            bind?.Invoke(command.Parameters);
            return command;
        }
    }
}
