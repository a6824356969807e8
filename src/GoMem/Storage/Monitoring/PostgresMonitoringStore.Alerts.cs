using GoMem.Monitoring;
using Npgsql;
using NpgsqlTypes;

namespace GoMem.Storage.Monitoring;

/// <summary>Alerts: written in a cycle's transaction (so a cycle that lost its lease writes none), read like findings.</summary>
public sealed partial class PostgresMonitoringStore
{
    public long UpsertAlert(MonitoringAlert alert) => InOwnCycle(c => c.UpsertAlert(alert));

    public bool RemoveAlert(long targetId, LabelSet labels) => InOwnCycle(c => c.RemoveAlert(targetId, labels));

    public IReadOnlyList<StoredAlert> Alerts(DateTimeOffset since, long? targetId = null) => Query(
        AlertSql.Recent,
        p =>
        {
            p.AddWithValue("since", since.ToUnixTimeMilliseconds());
            p.Add(new NpgsqlParameter("target", NpgsqlDbType.Bigint) { Value = (object?)targetId ?? DBNull.Value });
        },
        r => AlertSql.Read(r, Source));

    public int DeleteResolvedAlerts(long targetId, DateTimeOffset before, int limit) =>
        InRetentionStep("delete old alerts", (c, t) => Execute(c, t, AlertSql.DeleteResolved, p => Bind(p, targetId, before, limit)));

    private sealed partial class Cycle
    {
        public long UpsertAlert(MonitoringAlert alert)
        {
            ArgumentNullException.ThrowIfNull(alert);
            ArgumentException.ThrowIfNullOrEmpty(alert.Rule);
            RequireTarget(alert.TargetId);
            return Write("upsert an alert", AlertSql.Upsert, p =>
            {
                foreach (var (name, value) in AlertSql.Values(alert))
                {
                    var type = name == "value" ? NpgsqlDbType.Double : value is string ? NpgsqlDbType.Text : NpgsqlDbType.Bigint;
                    p.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });
                }
            },
            c => (long)c.ExecuteScalar()!);
        }

        public bool RemoveAlert(long targetId, LabelSet labels)
        {
            ArgumentNullException.ThrowIfNull(labels);
            return Write("remove an alert", AlertSql.Remove, p =>
            {
                p.AddWithValue("target", targetId);
                p.AddWithValue("labels", labels.ToCanonicalJson());
            },
            c => c.ExecuteNonQuery() > 0);
        }
    }
}
