using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli.Monitoring;

/// <summary>
/// <c>gomem watch --listen</c> on the command line: a malformed address is a usage error and an address that cannot be
/// bound an I/O error, each one line; once listening, only <c>/metrics</c> answers, whatever Host the scraper sends.
/// </summary>
public sealed class WatchListenTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-listen-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("nowhere:9464")]
    [InlineData("127.0.0.1:0")]
    [InlineData("127.0.0.1")]
    [InlineData("http://127.0.0.1:9464")]
    public void A_malformed_address_is_a_usage_error_of_one_line(string address)
    {
        var result = GoMemCli.Run("watch", "http://127.0.0.1:1", "--store", Path.Combine(_dir, "w.db"), "--listen", address, "--for", "5s");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("gomem: --listen: ", line, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "w.db")), "the store was opened before the address was checked");
    }

    [Fact]
    public void An_address_in_use_stops_the_command_at_once_with_one_line_and_exit_4()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);

        var result = GoMemCli.Run("watch", "http://127.0.0.1:1", "--store", Path.Combine(_dir, "w.db"), "--listen", "127.0.0.1:" + port, "--for", "30s");

        Assert.Equal(4, result.ExitCode);
        Assert.Equal($"gomem: cannot serve /metrics on 127.0.0.1:{port}: address already in use", result.Stderr.TrimEnd('\n'));
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task Only_metrics_answers_whatever_host_the_scraper_names()
    {
        var port = PostgresServer.FreePort().ToString(CultureInfo.InvariantCulture);
        var watching = Task.Run(() => GoMemCli.Run("watch", "http://127.0.0.1:1", "--every", "1s", "--store", Path.Combine(_dir, "w.db"), "--listen", ":" + port, "--for", "4s"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        async Task<HttpResponseMessage> Get(string path, string host)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}{path}");
            request.Headers.Host = host;
            return await http.SendAsync(request);
        }

        HttpResponseMessage? metrics = null;
        for (var attempt = 0; attempt < 100 && metrics is null; attempt++)
        {
            try
            {
                metrics = await Get("/metrics", "gomem.example.com:9464");
            }
            catch (HttpRequestException)
            {
                await Task.Delay(50); // not listening yet
            }
        }

        Assert.NotNull(metrics);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.StartsWith("text/plain", metrics.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("gomem_collector_leases_held", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await Get("/debug/vars", "127.0.0.1")).StatusCode);
        metrics.Dispose();

        var result = await watching;
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Equal($"gomem: serving /metrics at http://127.0.0.1:{port}/metrics", result.Stderr.TrimEnd('\n'));
    }
}
