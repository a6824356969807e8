using GoMem.Storage.Monitoring;
using GoMem.Tests.TestSupport;
using Npgsql;

namespace GoMem.Tests.Storage.Monitoring;

/// <summary>How a <c>postgres://</c> URL or a connection string becomes a connection, and what a message may show of it.</summary>
public sealed class PostgresConnectionTests
{
    [Fact]
    public void A_url_gives_user_password_host_port_database_and_parameters()
    {
        var parsed = PostgresConnection.Parse("postgres://gomem:s%40cr%3At@db.internal:6543/monitoring?sslmode=require&application_name=collector-1");
        var builder = new NpgsqlConnectionStringBuilder(parsed.ConnectionString);
        Assert.Equal("gomem", builder.Username);
        Assert.Equal("s@cr:t", builder.Password);
        Assert.Equal("db.internal", builder.Host);
        Assert.Equal(6543, builder.Port);
        Assert.Equal("monitoring", builder.Database);
        Assert.Equal(SslMode.Require, builder.SslMode);
        Assert.Equal("collector-1", builder.ApplicationName);
        Assert.Equal("postgres://gomem@db.internal:6543/monitoring", parsed.Description);
    }

    [Fact]
    public void The_postgresql_scheme_the_default_port_and_an_ipv6_host_are_understood()
    {
        var parsed = PostgresConnection.Parse("postgresql://[::1]/gomem");
        Assert.Equal("::1", parsed.Host);
        Assert.Equal(PostgresConnection.DefaultPort, parsed.Port);
        Assert.Equal("postgres://[::1]:5432/gomem", parsed.Description);
        Assert.Equal("gomem", new NpgsqlConnectionStringBuilder(parsed.ConnectionString).ApplicationName);
    }

    [Fact]
    public void A_connection_string_is_taken_as_it_is()
    {
        var parsed = PostgresConnection.Parse("Host=10.1.2.3;Port=5433;Username=u;Password=p;Database=d");
        Assert.Equal("postgres://u@10.1.2.3:5433/d", parsed.Description);
        Assert.Equal("p", new NpgsqlConnectionStringBuilder(parsed.ConnectionString).Password);
    }

    [Theory]
    [InlineData("postgres://u:secret@host:5432/db?nonsense=1", "unknown URL parameter 'nonsense'")]
    [InlineData("postgres://u:secret@host:5432/db/extra", "is not a database name")]
    [InlineData("postgres://u:secret@host:notaport/db", "not a valid PostgreSQL URL")]
    [InlineData("postgres://u:secret@host/db?sslmode=sometimes", "sslmode=sometimes")]
    public void A_malformed_url_is_bad_input_that_never_shows_the_password(string url, string problem)
    {
        var e = Assert.Throws<GoMem.IO.BadInputException>(() => PostgresConnection.Parse(url));
        Assert.Contains(problem, e.Message);
        Assert.DoesNotContain("secret", e.Message);
        Assert.Contains("u:***@host", e.Source);
    }

    [Fact]
    public void A_server_that_does_not_answer_is_an_io_error_of_one_line_naming_host_and_port()
    {
        var port = PostgresServer.FreePort();
        var e = Assert.Throws<IOException>(() => MonitoringStores.Open($"postgres://gomem:secret@127.0.0.1:{port}/gomem"));
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain("secret", e.Message);
        Assert.StartsWith($"postgres://gomem@127.0.0.1:{port}/gomem: could not connect (server 127.0.0.1:{port}): ", e.Message);
    }

    [Fact]
    public void Anything_but_a_postgres_url_is_an_sqlite_store_file()
    {
        var directory = Directory.CreateTempSubdirectory("gomem-stores-");
        try
        {
            using var store = MonitoringStores.Open(Path.Combine(directory.FullName, "gomem.db"));
            Assert.IsType<SqliteMonitoringStore>(store);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
