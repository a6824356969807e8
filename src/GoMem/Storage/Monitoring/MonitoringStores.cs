namespace GoMem.Storage.Monitoring;

/// <summary>Opens the monitoring store an address names: the one place that picks the engine.</summary>
public static class MonitoringStores
{
    /// <summary>
    /// A <c>postgres://</c> or <c>postgresql://</c> URL opens the PostgreSQL store there
    /// (<see cref="PostgresMonitoringStore"/>); anything else is the path of an SQLite store file
    /// (<see cref="SqliteMonitoringStore"/>). Either is created or migrated as needed.
    /// </summary>
    /// <summary>True when <paramref name="store"/> names a PostgreSQL server rather than a file.</summary>
    public static bool IsPostgres(string store) => PostgresConnection.IsUrl(store);

    public static IMonitoringStore Open(string store)
    {
        ArgumentException.ThrowIfNullOrEmpty(store);
        return PostgresConnection.IsUrl(store) ? PostgresMonitoringStore.Open(store) : SqliteMonitoringStore.Open(store);
    }
}
