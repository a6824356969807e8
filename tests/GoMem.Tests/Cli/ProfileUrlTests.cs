using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli;

/// <summary>
/// Profiles and dumps given as URLs, as `go tool pprof http://host:6060/debug/pprof/heap` takes them: fetched from a
/// real HTTP server on loopback, they give the same report as the file, and a bare host gets the right endpoint.
/// </summary>
public sealed class ProfileUrlTests
{
    private static readonly string Heap = RepoPaths.Scenario("leakymap", "heap.2.pb.gz");
    private static readonly string Goroutines = RepoPaths.Scenario("goroutineleak", "goroutine.2.debug2.txt");

    [Theory]
    [InlineData("top", "/debug/pprof/heap")]
    [InlineData("top", "")]
    [InlineData("traces", "/debug/pprof/heap")]
    public void A_profile_url_reports_what_the_file_does(string command, string path)
    {
        using var server = LoopbackServer.Start(new Dictionary<string, byte[]> { ["/debug/pprof/heap"] = File.ReadAllBytes(Heap) }, "application/octet-stream");

        var fromUrl = GoMemCli.Run(command, server.BaseUrl.TrimEnd('/') + path);
        var fromFile = GoMemCli.Run(command, Heap);

        Assert.Equal("", fromUrl.Stderr);
        Assert.Equal(0, fromUrl.ExitCode);
        Assert.Equal(fromFile.Stdout, fromUrl.Stdout);
    }

    [Fact]
    public void Diff_takes_urls_for_both_profiles()
    {
        using var server = LoopbackServer.Start(new Dictionary<string, byte[]>
        {
            ["/old"] = File.ReadAllBytes(RepoPaths.Scenario("leakymap", "heap.1.pb.gz")),
            ["/new"] = File.ReadAllBytes(Heap),
        });
        var url = server.BaseUrl.TrimEnd('/');

        var fromUrls = GoMemCli.Run("diff", "--base", url + "/old", url + "/new");

        Assert.Equal(GoMemCli.Run("diff", "--base", RepoPaths.Scenario("leakymap", "heap.1.pb.gz"), Heap).Stdout, fromUrls.Stdout);
    }

    [Fact]
    public void A_bare_host_gives_goroutines_the_debug2_dump()
    {
        using var server = LoopbackServer.Start(new Dictionary<string, byte[]> { ["/debug/pprof/goroutine?debug=2"] = File.ReadAllBytes(Goroutines) });

        var fromUrl = GoMemCli.Run("goroutines", server.BaseUrl);

        Assert.Equal(0, fromUrl.ExitCode);
        // Only the source named in the first line differs.
        var url = new Uri(new Uri(server.BaseUrl), "/debug/pprof/goroutine?debug=2").ToString();
        Assert.Equal(GoMemCli.Run("goroutines", Goroutines).Stdout.Replace(Goroutines, url, StringComparison.Ordinal), fromUrl.Stdout);
        Assert.Contains("chan receive", fromUrl.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void An_html_page_is_bad_input_and_a_missing_endpoint_an_io_failure()
    {
        using var server = LoopbackServer.Start(new Dictionary<string, byte[]> { ["/debug/pprof/heap"] = "<!DOCTYPE html><html><body>login</body></html>"u8.ToArray() }, "text/html");
        var url = server.BaseUrl.TrimEnd('/');

        var html = GoMemCli.Run("top", url + "/debug/pprof/heap");
        var missing = GoMemCli.Run("top", url + "/debug/pprof/allocs");

        Assert.Equal(3, html.ExitCode);
        Assert.Contains("HTML page", html.Stderr, StringComparison.Ordinal);
        Assert.Equal(4, missing.ExitCode);
        Assert.Single(missing.Stderr.TrimEnd('\n').Split('\n'));
    }
}
