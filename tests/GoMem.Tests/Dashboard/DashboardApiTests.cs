using System.Net;
using System.Text.Json.Nodes;
using GoMem.Dashboard;
using GoMem.Monitoring.Exposition;
using GoMem.Storage;
using GoMem.Storage.Monitoring;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Dashboard;

/// <summary>
/// The second slice of <c>gomem serve</c>'s API over HTTP, each answer held against the command that answers the same
/// question: a profile's sample type and focus (<c>gomem top</c>), a diff of two ranges (<c>gomem diff --store</c>),
/// benchmark history (<c>gomem bench history</c>) over the store <c>gomem bench record</c> fills.
/// </summary>
public sealed class DashboardApiTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-serve-api-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private IMonitoringStore? _store;
    private IBenchmarkStore? _bench;
    private DashboardServer? _server;

    private string StorePath => Path.Combine(_dir, "demo.db");

    public async Task InitializeAsync()
    {
        DemoCopy.Make(_dir);
        Record("v1", "1111111aaaa", "2026-11-01T10:00:00Z");
        Record("v1", "2222222bbbb", "2026-11-02T10:00:00Z");
        Record("v2", "3333333cccc", "2026-11-03T10:00:00Z");
        _store = MonitoringStores.Open(StorePath);
        _bench = SqliteBenchmarkStore.Open(StorePath);
        _server = await DashboardServer.StartAsync(_store, "demo.db", new ListenAddress(IPAddress.Loopback, GoService.FreePort()), token: null, _bench);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _store?.Dispose();
        _bench?.Dispose();
        _http.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private long LeakingTarget => DashboardQueries.Overview(_store!, "demo.db").Targets[0].Id;

    [Fact]
    public async Task A_profile_by_sample_type_and_focus_has_the_rows_gomem_top_prints_with_those_options()
    {
        var body = JsonNode.Parse(await _http.GetStringAsync(Api($"/api/targets/{LeakingTarget}/profile?at=2026-12-05T02:12:00Z&sampleType=alloc_space&focus=net/http")))!;
        var cli = GoMemCli.Run("top", "--store", StorePath, "--target", "shop/127.0.0.1:7101", "--at", "2026-12-05T02:12:00Z", "--sample-index", "alloc_space", "--focus", "net/http", "--format", "json");

        Assert.Equal(0, cli.ExitCode);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(cli.Stdout), body["top"]), "the API's top differs from gomem top --format json");
        Assert.Equal("alloc_space", body["flame"]!["sampleType"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_diff_of_two_ranges_of_one_snapshot_each_is_gomem_diff_of_the_two_snapshots()
    {
        var body = JsonNode.Parse(await _http.GetStringAsync(Api($"/api/targets/{LeakingTarget}/diff?baseFrom=2026-12-05T02:11:43Z&baseTo=2026-12-05T02:11:45Z&newFrom=2026-12-05T02:12:27Z&newTo=2026-12-05T02:12:29Z")))!;
        var cli = GoMemCli.Run("diff", "--store", StorePath, "--target", "shop/127.0.0.1:7101", "--from", "2026-12-05T02:11:44Z", "--to", "2026-12-05T02:12:28Z", "--format", "json");

        Assert.Equal(0, cli.ExitCode);
        Assert.Equal(["2026-12-05T02:11:44.057Z"], body["base"]!["snapshots"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["2026-12-05T02:12:28.063Z"], body["new"]!["snapshots"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(cli.Stdout), body["top"]), "the API's diff differs from gomem diff --format json");
        Assert.Equal("main.recordSession", body["top"]!["rows"]![0]!["name"]!.GetValue<string>());
        Assert.True(body["flame"]!["diff"]!.GetValue<bool>());
        Assert.Equal(8, body["flame"]!["stride"]!.GetValue<int>());
    }

    [Fact]
    public async Task Benchmark_history_is_what_gomem_bench_history_writes()
    {
        var text = await _http.GetStringAsync(Api("/api/bench/history"));
        var cli = GoMemCli.Run("bench", "history", "--store", StorePath, "--format", "json");
        var filtered = JsonNode.Parse(await _http.GetStringAsync(Api("/api/bench/history?filter=.unit:allocs/op")))!;

        Assert.Equal(0, cli.ExitCode);
        Assert.Equal(cli.Stdout, text);
        var parse = JsonNode.Parse(text)!["series"]!.AsArray().Single(s => s!["benchmark"]!.GetValue<string>() == "ParseRecord-2" && s["unit"]!.GetValue<string>() == "allocs/op")!;
        Assert.Equal("3333333cccc", parse["changePoints"]![0]!["commit"]!.GetValue<string>());
        Assert.All(filtered["series"]!.AsArray(), s => Assert.Equal("allocs/op", s!["unit"]!.GetValue<string>()));
        Golden.AssertMatches("dashboard/bench-history.json", text);
    }

    [Fact]
    public async Task Without_a_benchmark_store_the_history_says_how_to_give_one()
    {
        await using var bare = await DashboardServer.StartAsync(_store!, "demo.db", new ListenAddress(IPAddress.Loopback, GoService.FreePort()), token: null);
        using var response = await _http.GetAsync(new Uri(new Uri(bare.Url.GetLeftPart(UriPartial.Authority)), "/api/bench/history"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("no benchmark store: this dashboard was started without one (the SQLite file gomem bench record fills)", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
    }

    [Fact]
    public void Serve_refuses_a_missing_benchmark_store()
    {
        var missing = GoMemCli.Run("serve", "--store", StorePath, "--bench-store", Path.Combine(_dir, "none.db"), "--listen", "127.0.0.1:" + GoService.FreePort());

        Assert.Equal(4, missing.ExitCode);
        Assert.Contains("none.db: no such store (record runs with gomem bench record FILE --store", missing.Stderr, StringComparison.Ordinal);
    }

    private void Record(string version, string commit, string time)
    {
        var result = GoMemCli.Run("bench", "record", RepoPaths.Scenario("bench-alloc", version + ".txt"), "--commit", commit, "--branch", "main", "--time", time, "--store", StorePath);
        Assert.Equal(0, result.ExitCode);
    }

    private Uri Api(string path) => new(new Uri(_server!.Url.GetLeftPart(UriPartial.Authority)), path);
}
