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

/// <summary>The line <c>gomem serve</c> prints once it serves, in text and JSON.</summary>
public sealed class DashboardAddressRendererTests
{
    private static readonly GoMem.Dashboard.DashboardAddress Address = new(new Uri("http://0.0.0.0:8080/?token=abc"), "gomem.db", TokenRequired: true);

    [Fact]
    public void Text_matches_golden()
    {
        var writer = new StringWriter { NewLine = "\n" };
        GoMem.Output.Dashboard.DashboardAddressTextRenderer.Write(writer, Address);
        Golden.AssertMatches("dashboard/address.txt", writer.ToString());
    }

    [Fact]
    public void Json_matches_golden()
    {
        using var stream = new MemoryStream();
        GoMem.Output.Dashboard.DashboardAddressJsonRenderer.Write(stream, Address);
        Golden.AssertMatches("dashboard/address.json", System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
