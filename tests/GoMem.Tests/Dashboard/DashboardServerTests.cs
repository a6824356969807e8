using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using GoMem.Dashboard;
using GoMem.Monitoring.Exposition;
using GoMem.Storage.Monitoring;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Dashboard;

/// <summary>
/// <c>gomem serve</c> over HTTP: the API answers what the queries answer, described by its OpenAPI document, errors as
/// one line of JSON, the token beyond loopback, and the command line's refusals with their exit codes.
/// </summary>
public sealed class DashboardServerTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-serve-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private IMonitoringStore? _store;
    private DashboardServer? _server;

    public async Task InitializeAsync()
    {
        _store = MonitoringStores.Open(DemoCopy.Make(_dir));
        _server = await DashboardServer.StartAsync(_store, "demo.db", Loopback(), token: null);
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        _store?.Dispose();
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>The leaking service's id in the demo store (the overview lists it first).</summary>
    private long LeakingTarget => DashboardQueries.Overview(_store!, "demo.db").Targets[0].Id;

    [Fact]
    public async Task The_api_answers_what_the_queries_answer()
    {
        var overview = await _http.GetStringAsync(Api("/api/targets"));
        Assert.Equal(JsonSerializer.Serialize(DashboardQueries.Overview(_store!, "demo.db"), DashboardJson.Options), overview);

        var series = await _http.GetStringAsync(Api($"/api/targets/{LeakingTarget}/series?from=2026-12-05T02:11:28Z&to=2026-12-05T02:11:45Z"));
        Assert.Equal(8, JsonNode.Parse(series)!["times"]!.AsArray().Count);

        var goroutines = await _http.GetStringAsync(Api($"/api/targets/{LeakingTarget}/goroutines?at=2026-12-05T02:12:00Z&top=2"));
        var at = DateTimeOffset.Parse("2026-12-05T02:12:00Z", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(JsonSerializer.Serialize(DashboardGoroutines.Analyze(_store!, "demo.db", LeakingTarget, at, top: 2), DashboardJson.Options), goroutines);
    }

    [Fact]
    public async Task The_profile_api_has_the_top_rows_gomem_top_prints_for_the_same_moment()
    {
        var body = JsonNode.Parse(await _http.GetStringAsync(Api($"/api/targets/{LeakingTarget}/profile?kind=heap&at=2026-12-05T02:12:32Z")))!;
        var cli = GoMemCli.Run("top", "--store", Path.Combine(_dir, "demo.db"), "--target", "shop/127.0.0.1:7101", "--at", "2026-12-05T02:12:32Z", "--format", "json");

        Assert.Equal(0, cli.ExitCode);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(cli.Stdout), body["top"]), "the API's top differs from gomem top --format json");
        Assert.Equal("2026-12-05T02:12:28.063Z", body["snapshot"]!["time"]!.GetValue<string>());
        Assert.Contains("main.recordSession", body["flame"]!["names"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task The_openapi_document_describes_every_api_path_and_the_views_as_served()
    {
        var text = await _http.GetStringAsync(Api("/api/openapi.json"));
        var document = JsonNode.Parse(text)!;
        var paths = document["paths"]!.AsObject().Select(p => p.Key).Order().ToList();

        Assert.Equal(["/api/bench/history", "/api/targets", "/api/targets/{id}/diff", "/api/targets/{id}/findings", "/api/targets/{id}/goroutines", "/api/targets/{id}/profile", "/api/targets/{id}/series"], paths);
        var schemas = document["components"]!["schemas"]!.AsObject();
        var overview = JsonNode.Parse(await _http.GetStringAsync(Api("/api/targets")))!.AsObject();
        Assert.Equal(overview.Select(p => p.Key).Order(), schemas["FleetOverview"]!["properties"]!.AsObject().Select(p => p.Key).Order());
        var target = overview["targets"]![0]!.AsObject();
        Assert.Equal(target.Select(p => p.Key).Order(), schemas["TargetOverview"]!["properties"]!.AsObject().Select(p => p.Key).Order());
        var findings = JsonNode.Parse(await _http.GetStringAsync(Api($"/api/targets/{LeakingTarget}/findings")))!["findings"]![0]!.AsObject();
        Assert.Equal(findings.Select(p => p.Key).Order(), schemas["FindingDetailView"]!["properties"]!.AsObject().Select(p => p.Key).Order());
        var series = JsonNode.Parse(await _http.GetStringAsync(Api($"/api/targets/{LeakingTarget}/series")))!.AsObject();
        Assert.Equal(series.Select(p => p.Key).Order(), schemas["SeriesView"]!["properties"]!.AsObject().Select(p => p.Key).Order());
        var goroutines = JsonNode.Parse(await _http.GetStringAsync(Api($"/api/targets/{LeakingTarget}/goroutines")))!.AsObject();
        Assert.Equal(goroutines.Select(p => p.Key).Order(), schemas["GoroutineGroupsView"]!["properties"]!.AsObject().Select(p => p.Key).Order());
        Assert.Equal(goroutines["groups"]![0]!.AsObject().Select(p => p.Key).Order(), schemas["GoroutineGroupView"]!["properties"]!.AsObject().Select(p => p.Key).Order());
        Golden.AssertMatches("dashboard/openapi.json", JsonNode.Parse(text)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    [Theory]
    [InlineData("/api/targets/99/series", HttpStatusCode.NotFound, "no target 99 in demo.db")]
    [InlineData("/api/targets/{id}/profile?kind=allocs", HttpStatusCode.NotFound, "no allocs profile of shop/127.0.0.1:7101 is stored")]
    [InlineData("/api/targets/{id}/profile?kind=cpu", HttpStatusCode.BadRequest, "Kind: \"cpu\" is not a stored profile kind (heap, allocs or goroutine)")]
    [InlineData("/api/targets/{id}/series?from=yesterday", HttpStatusCode.BadRequest, "from: \"yesterday\" is not a time (RFC 3339 such as 2026-12-04T10:00:00Z, 'now', or a duration ago such as -2h)")]
    [InlineData("/api/targets?label=leakymap", HttpStatusCode.BadRequest, "label: \"leakymap\" is not name=value (such as service=api)")]
    [InlineData("/api/targets/{id}/profile?sampleType=cpu", HttpStatusCode.BadRequest, "SampleIndex: \"cpu\" must be one of: [alloc_objects alloc_space inuse_objects inuse_space]")]
    [InlineData("/api/targets/{id}/profile?focus=(", HttpStatusCode.BadRequest, "Focus: parsing regexp \"(\": Invalid pattern '(' at offset 1. Not enough )'s.")]
    [InlineData("/api/targets/{id}/diff?baseFrom=2026-12-05T02:11:40Z&newFrom=2026-12-05T02:12:12Z&newTo=2026-12-05T02:12:28Z", HttpStatusCode.BadRequest, "baseTo: missing: the time the range starts or ends (RFC 3339, 'now' or a duration ago such as -2h)")]
    [InlineData("/api/targets/{id}/diff?baseFrom=2026-12-05T01:00:00Z&baseTo=2026-12-05T01:10:00Z&newFrom=2026-12-05T02:12:12Z&newTo=2026-12-05T02:12:28Z", HttpStatusCode.NotFound, "no heap profile of shop/127.0.0.1:7101 is stored between 2026-12-05T01:00:00Z and 2026-12-05T01:10:00Z (the base range)")]
    [InlineData("/api/targets/99/findings", HttpStatusCode.NotFound, "no target 99 in demo.db")]
    [InlineData("/api/targets/99/goroutines", HttpStatusCode.NotFound, "no target 99 in demo.db")]
    [InlineData("/api/targets/{id}/goroutines?top=-1", HttpStatusCode.BadRequest, "top: \"-1\" is not a count (0 or more)")]
    [InlineData("/api/targets/{id}/goroutines?at=soon", HttpStatusCode.BadRequest, "at: \"soon\" is not a time (RFC 3339 such as 2026-12-04T10:00:00Z, 'now', or a duration ago such as -2h)")]
    public async Task A_bad_request_is_one_line_of_json_with_its_status(string path, HttpStatusCode status, string error)
    {
        using var response = await _http.GetAsync(Api(path.Replace("{id}", LeakingTarget.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(error, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_store_is_read_only_through_the_server_and_every_answer_carries_the_content_policy()
    {
        using var post = await _http.PostAsync(Api("/api/targets"), new StringContent("{}"));
        using var page = await _http.GetAsync(Api("/"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Equal(DashboardServer.ContentSecurityPolicy, page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", page.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Beyond_loopback_a_token_is_required_and_the_printed_address_carries_it()
    {
        Assert.Null(DashboardAccess.TokenFor(Loopback(), null));
        Assert.Equal("given", DashboardAccess.TokenFor(new ListenAddress(IPAddress.Any, 8080), "given"));
        var generated = DashboardAccess.TokenFor(new ListenAddress(IPAddress.Any, 8080), null);
        Assert.True(generated is { Length: >= 32 }, "a random token of 24 bytes");

        await using var guarded = await DashboardServer.StartAsync(_store!, "demo.db", Loopback(), "s3cret");
        var root = new Uri(guarded.Url.GetLeftPart(UriPartial.Authority));
        using var bare = await _http.GetAsync(new Uri(root, "/api/targets"));
        using var wrong = new HttpRequestMessage(HttpMethod.Get, new Uri(root, "/api/targets")) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "guess") } };
        using var wrongAnswer = await _http.SendAsync(wrong);
        using var right = new HttpRequestMessage(HttpMethod.Get, new Uri(root, "/api/targets")) { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", "s3cret") } };
        using var rightAnswer = await _http.SendAsync(right);
        using var viaQuery = await _http.GetAsync(new Uri(root, "/api/targets?token=s3cret"));

        Assert.Equal(HttpStatusCode.Unauthorized, bare.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rightAnswer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, viaQuery.StatusCode);
        Assert.Contains("gomem_token=s3cret", viaQuery.Headers.GetValues("Set-Cookie").Single(), StringComparison.Ordinal);
        Assert.EndsWith("/?token=s3cret", guarded.Url.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_refuses_a_bad_address_a_missing_store_and_a_port_in_use()
    {
        var badAddress = GoMemCli.Run("serve", "--store", Path.Combine(_dir, "demo.db"), "--listen", "example.com:80");
        var missing = GoMemCli.Run("serve", "--store", Path.Combine(_dir, "none.db"), "--listen", "127.0.0.1:" + GoService.FreePort());
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var inUse = GoMemCli.Run("serve", "--store", Path.Combine(_dir, "demo.db"), "--listen", "127.0.0.1:" + port);

        Assert.Equal(2, badAddress.ExitCode);
        Assert.StartsWith("gomem: --listen: \"example.com\" is not an address to listen on", badAddress.Stderr, StringComparison.Ordinal);
        Assert.Equal(4, missing.ExitCode);
        Assert.Contains("none.db: no such store", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(4, inUse.ExitCode);
        Assert.Contains($"cannot serve the dashboard on 127.0.0.1:{port}: address already in use", inUse.Stderr, StringComparison.Ordinal);
        Assert.Single(inUse.Stderr.TrimEnd('\n').Split('\n'));
    }

    private static ListenAddress Loopback() => new(IPAddress.Loopback, GoService.FreePort());

    [Fact]
    public void Every_view_the_api_declares_has_a_generated_serializer_as_the_native_build_needs()
    {
        // The native build has no reflection-based JSON: a view missing from DashboardJsonContext is a 500 there only.
        var views = _server!.DeclaredViews.ToList();

        Assert.Contains(typeof(FleetOverview), views);
        Assert.All(views, view => Assert.True(DashboardJsonContext.Default.GetTypeInfo(view) is not null, $"{view.Name} is not in DashboardJsonContext"));
    }

    [Fact]
    public async Task A_request_that_fails_unexpectedly_is_a_500_of_one_line_and_one_line_in_the_servers_log()
    {
        // A store closed under the server: its reads throw what no answer expects (not a database or I/O error).
        var store = MonitoringStores.Open(DemoCopy.Make(Directory.CreateDirectory(Path.Combine(_dir, "closed")).FullName));
        var log = new StringWriter();
        await using var server = await DashboardServer.StartAsync(store, "demo.db", Loopback(), token: null, errors: log);
        store.Dispose();

        using var response = await _http.GetAsync(new Uri(new Uri(server.Url.GetLeftPart(UriPartial.Authority)), "/api/targets"));

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!.GetValue<string>();
        Assert.StartsWith("the server failed on this request: ", error, StringComparison.Ordinal);
        var line = Assert.Single(log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("gomem serve: GET /api/targets: ", line, StringComparison.Ordinal);
    }

    private Uri Api(string path) => new(new Uri(_server!.Url.GetLeftPart(UriPartial.Authority)), path);
}
