using Npgsql;
using NpgsqlTypes;

namespace GoMem.Storage.Monitoring;

/// <summary>
/// Target leases in the shared database (<see cref="ITargetLeases"/>): a fleet of collectors splits the targets.
/// A round runs in one transaction under an advisory lock (<see cref="PostgresMonitoringSchema.LeaseLock"/>), so
/// rounds never interleave; times are the database server's clock, so collectors on machines whose clocks disagree
/// still agree on when a lease expires.
/// </summary>
public sealed partial class PostgresMonitoringStore
{
    public LeaseRound KeepLeases(string collector, IReadOnlyCollection<string> targetKeys, TimeSpan timeToLive) =>
        InOwnCycle(c => c.KeepLeases(collector, targetKeys, timeToLive));

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
        /// <summary>The server's clock in unix milliseconds (the time now, not the transaction's start).</summary>
        private const string ServerNow = "(extract(epoch from clock_timestamp()) * 1000)::bigint";

        public bool HoldsLease(string collector, string targetKey) => Write(
            "check the target's lease",
            // FOR UPDATE: a round of another collector that would take the lease waits for this cycle to end.
            "SELECT 1 FROM target_leases WHERE target_key = @key AND holder = @me FOR UPDATE;",
            p =>
            {
                p.AddWithValue("key", targetKey);
                p.AddWithValue("me", collector);
            },
            c => c.ExecuteScalar() is not null);

        public LeaseRound KeepLeases(string collector, IReadOnlyCollection<string> targetKeys, TimeSpan timeToLive)
        {
            ArgumentException.ThrowIfNullOrEmpty(collector);
            var ttl = (long)timeToLive.TotalMilliseconds;
            var keys = targetKeys.Distinct(StringComparer.Ordinal).ToArray();
            LeaseWrite($"SELECT pg_advisory_xact_lock({PostgresMonitoringSchema.LeaseLock});", collector, ttl);
            var now = Write("read the clock", $"SELECT {ServerNow};", _ => { }, c => (long)c.ExecuteScalar()!);
            LeaseWrite("INSERT INTO collectors (id, seen_unix_ms) VALUES (@me, @now) ON CONFLICT (id) DO UPDATE SET seen_unix_ms = excluded.seen_unix_ms;", collector, ttl, now);

            // Collectors and leases silent for ten lifetimes are gone for good; their rows would only grow the tables.
            LeaseWrite("DELETE FROM collectors WHERE seen_unix_ms < @now - 10 * @ttl;", collector, ttl, now);
            LeaseWrite("DELETE FROM target_leases WHERE expires_unix_ms < @now - 10 * @ttl;", collector, ttl, now);
            var live = LeaseKeys("SELECT id FROM collectors WHERE seen_unix_ms >= @now - @ttl;", collector, ttl, now).ToList();
            LeaseWrite("DELETE FROM target_leases WHERE holder = @me AND NOT (target_key = ANY(@keys));", collector, ttl, now, keys);
            var held = LeaseKeys("UPDATE target_leases SET expires_unix_ms = @now + @ttl WHERE holder = @me RETURNING target_key;", collector, ttl, now);
            var free = LeaseKeys(
                """
                SELECT k FROM unnest(@keys) AS k LEFT JOIN target_leases l ON l.target_key = k
                WHERE l.target_key IS NULL OR (l.holder <> @me AND l.expires_unix_ms < @now);
                """,
                collector,
                ttl,
                now,
                keys);
            var (release, take) = LeasePlan.Decide(collector, held, free, keys.Length, live);
            if (release.Count > 0)
            {
                LeaseWrite("DELETE FROM target_leases WHERE holder = @me AND target_key = ANY(@keys);", collector, ttl, now, [.. release]);
                held.ExceptWith(release);
            }

            if (take.Count > 0)
            {
                held.UnionWith(LeaseKeys(
                    """
                    INSERT INTO target_leases (target_key, holder, expires_unix_ms) SELECT k, @me, @now + @ttl FROM unnest(@keys) AS k
                    ON CONFLICT (target_key) DO UPDATE SET holder = excluded.holder, expires_unix_ms = excluded.expires_unix_ms
                    WHERE target_leases.expires_unix_ms < @now
                    RETURNING target_key;
                    """,
                    collector,
                    ttl,
                    now,
                    [.. take]));
            }

            return new LeaseRound(held, live.Count);
        }

        public void ReleaseLeases(string collector)
        {
            LeaseWrite($"SELECT pg_advisory_xact_lock({PostgresMonitoringSchema.LeaseLock});", collector, 0);
            LeaseWrite("DELETE FROM target_leases WHERE holder = @me;", collector, 0);
            LeaseWrite("DELETE FROM collectors WHERE id = @me;", collector, 0);
        }

        private void LeaseWrite(string sql, string collector, long ttl, long now = 0, string[]? keys = null) =>
            Write("keep the target leases", sql, p => Bind(p, collector, ttl, now, keys), c => c.ExecuteNonQuery());

        private HashSet<string> LeaseKeys(string sql, string collector, long ttl, long now, string[]? keys = null) =>
            Write("keep the target leases", sql, p => Bind(p, collector, ttl, now, keys), c => DbRows.Read(c, r => r.GetString(0)).ToHashSet(StringComparer.Ordinal));

        private static void Bind(NpgsqlParameterCollection p, string collector, long ttl, long now, string[]? keys = null)
        {
            p.AddWithValue("me", collector);
            p.AddWithValue("ttl", ttl);
            p.AddWithValue("now", now);
            if (keys is not null)
            {
                p.Add(new NpgsqlParameter("keys", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = keys });
            }
        }
    }
}
