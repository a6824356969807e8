using GoMem.Monitoring;
using Microsoft.Data.Sqlite;

namespace GoMem.Storage.Monitoring;

/// <summary>Alerts: written in a cycle's transaction (so a cycle that lost its lease writes none), read like findings.</summary>
public sealed partial class SqliteMonitoringStore
{
    public long UpsertAlert(MonitoringAlert alert) => InOwnCycle(c => c.UpsertAlert(alert));

    public bool RemoveAlert(long targetId, LabelSet labels) => InOwnCycle(c => c.RemoveAlert(targetId, labels));

    public IReadOnlyList<StoredAlert> Alerts(DateTimeOffset since, long? targetId = null) => Query(
        AlertSql.Recent,
        p =>
        {
            p.AddWithValue("@since", since.ToUnixTimeMilliseconds());
            p.AddWithValue("@target", (object?)targetId ?? DBNull.Value);
        },
        r => AlertSql.Read(r, Path));

    public int DeleteResolvedAlerts(long targetId, DateTimeOffset before, int limit) =>
        InRetentionStep(transaction => Execute(transaction, AlertSql.DeleteResolved, p => Bind(p, targetId, before, limit)));

    private sealed partial class Cycle
    {
        public long UpsertAlert(MonitoringAlert alert)
        {
            ArgumentNullException.ThrowIfNull(alert);
            ArgumentException.ThrowIfNullOrEmpty(alert.Rule);
            RequireTarget(alert.TargetId);
            using var command = Command(AlertSql.Upsert);
            foreach (var (name, value) in AlertSql.Values(alert))
            {
                command.Parameters.AddWithValue("@" + name, value ?? DBNull.Value);
            }

            return (long)command.ExecuteScalar()!;
        }

        public bool RemoveAlert(long targetId, LabelSet labels)
        {
            ArgumentNullException.ThrowIfNull(labels);
            using var command = Command(AlertSql.Remove);
            command.Parameters.AddWithValue("@target", targetId);
            command.Parameters.AddWithValue("@labels", labels.ToCanonicalJson());
            return command.ExecuteNonQuery() > 0;
        }
    }
}
