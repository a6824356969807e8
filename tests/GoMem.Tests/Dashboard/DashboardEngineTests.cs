using GoMem.Storage.Monitoring;
using GoMem.Tests.Storage.Monitoring;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Dashboard;

/// <summary>The dashboard's queries over an SQLite store.</summary>
public sealed class SqliteDashboardTests : DashboardContract
{
    protected override IMonitoringStore OpenStore() => SqliteMonitoringStore.Open(Path.Combine(TempDirectory, "copy.db"));
}

/// <summary>The dashboard's queries over a PostgreSQL store (<see cref="PostgresServer"/>: a throwaway cluster).</summary>
[RequiresPostgres]
public sealed class PostgresDashboardTests : DashboardContract
{
    private string? _url;

    protected override IMonitoringStore OpenStore()
    {
        _url = PostgresServer.Instance.CreateDatabase();
        return PostgresMonitoringStore.Open(_url);
    }

    protected override void Dispose(bool disposing)
    {
        if (_url is not null)
        {
            PostgresServer.Instance.DropDatabase(_url);
        }
    }
}
