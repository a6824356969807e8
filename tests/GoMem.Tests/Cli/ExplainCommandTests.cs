using System.Net;
using System.Text.Json;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli;

/// <summary><c>gomem explain</c> on real captures, from files and from a live service on loopback, and on bad input.</summary>
public sealed class ExplainCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-explain-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("1m")]
    [InlineData("1m0s")]
    [InlineData("60000ms")]
    public void Interval_is_a_go_duration_or_bare_seconds(string interval)
    {
        var dir = Path.Combine(RepoPaths.TestData, "leakymap-explain");
        string[] files = ["vars.1.json", "status.1.txt", "vars.2.json", "status.2.txt"];
        var seconds = GoMemCli.RunIn(dir, ["explain", "--format", "json", "--interval", "60", .. files]);

        var duration = GoMemCli.RunIn(dir, ["explain", "--format", "json", "--interval", interval, .. files]);

        Assert.Equal(0, seconds.ExitCode);
        Assert.Equal(seconds.Stdout, duration.Stdout);
    }

    [Theory]
    [InlineData("explain.cgoleak.txt", "vars.2.json", "status.2.txt", "heap.2.pb.gz", "cgroup.2")]
    [InlineData("explain.leakymap.txt", "vars.2.json", "smaps_rollup.2.txt", "heap.2.pb.gz")]
    public void Text_matches_golden(string golden, params string[] files)
    {
        var scenario = golden.Split('.')[1] == "leakymap" ? "leakymap-explain" : "cgoleak";
        var result = GoMemCli.RunIn(Path.Combine(RepoPaths.TestData, scenario), ["explain", .. files]);
        Assert.Equal("", result.Stderr);
        Assert.Equal(0, result.ExitCode);
        Golden.AssertMatches(Path.Combine("runtimestats", golden), result.Stdout.Replace(RepoPaths.TestData + "/", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Json_carries_the_documented_fields()
    {
        var result = GoMemCli.RunIn(Path.Combine(RepoPaths.TestData, "cgoleak"), "explain", "--format", "json", "vars.2.json", "status.2.txt", "heap.2.pb.gz");
        Assert.Equal(0, result.ExitCode);
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        foreach (var field in (string[])["rssBytes", "goResidentBytes", "heapAllocBytes", "heapFragmentationBytes", "heapFreeBytes", "heapReleasedBytes", "stackBytes", "gcMetadataBytes", "otherRuntimeBytes", "nonGoBytes", "profileInuseBytes", "limitBytes", "findings"])
        {
            Assert.True(json.TryGetProperty(field, out _), field);
        }

        Assert.Contains(json.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "non-go-memory");
        Assert.Equal(json.GetProperty("rssBytes").GetInt64(), json.GetProperty("goResidentBytes").GetInt64() + json.GetProperty("nonGoBytes").GetInt64());
    }

    /// <summary>vars.json and metrics.txt come from one MemStats read: the two breakdowns must be the same.</summary>
    [Fact]
    public void Metrics_and_expvar_of_the_same_moment_give_the_same_breakdown()
    {
        var dir = Path.Combine(RepoPaths.TestData, "snapshot");
        var fromVars = Breakdown(GoMemCli.RunIn(dir, "explain", "--format", "json", "vars.json", "status.txt"));
        var fromMetrics = Breakdown(GoMemCli.RunIn(dir, "explain", "--format", "json", "metrics.txt", "status.txt"));
        foreach (var field in (string[])["goResidentBytes", "heapAllocBytes", "heapFragmentationBytes", "heapFreeBytes", "heapReleasedBytes", "stackBytes", "gcMetadataBytes", "spanAndCacheBytes", "otherRuntimeBytes", "nonGoBytes", "nextGcBytes"])
        {
            Assert.Equal(fromVars.GetProperty(field).GetInt64(), fromMetrics.GetProperty(field).GetInt64());
        }
    }

    [Theory]
    [InlineData("explain.snapshot-metrics.txt", "text")]
    [InlineData("explain.snapshot-metrics.json", "json")]
    public void Metrics_alone_match_golden(string golden, string format)
    {
        var result = GoMemCli.RunIn(Path.Combine(RepoPaths.TestData, "snapshot"), "explain", "--format", format, "metrics.txt", "status.txt");

        Assert.Equal("", result.Stderr);
        Assert.Equal(0, result.ExitCode);
        Golden.AssertMatches(Path.Combine("runtimestats", golden), result.Stdout.Replace(RepoPaths.TestData + "/", "", StringComparison.Ordinal));
    }

    /// <summary>
    /// /metrics has no pause ring, only client_golang's go_gc_duration_seconds summary over the same last pauses:
    /// its median and maximum are shown (the maximum equals the ring's), and no p99 is made up.
    /// </summary>
    [Fact]
    public void Metrics_alone_give_the_pause_median_and_maximum_of_the_gc_duration_summary()
    {
        var dir = Path.Combine(RepoPaths.TestData, "snapshot");
        var fromVars = JsonDocument.Parse(GoMemCli.RunIn(dir, "explain", "--format", "json", "vars.json").Stdout).RootElement.GetProperty("pauses");
        var fromMetrics = JsonDocument.Parse(GoMemCli.RunIn(dir, "explain", "--format", "json", "metrics.txt").Stdout).RootElement.GetProperty("pauses");

        Assert.Equal("MemStats.PauseNs", fromVars.GetProperty("source").GetString());
        Assert.Equal("go_gc_duration_seconds", fromMetrics.GetProperty("source").GetString());
        Assert.Equal(fromVars.GetProperty("count").GetInt32(), fromMetrics.GetProperty("count").GetInt32());
        Assert.Equal(fromVars.GetProperty("maxSeconds").GetDouble(), fromMetrics.GetProperty("maxSeconds").GetDouble(), 9);
        Assert.Equal(45.455e-6, fromMetrics.GetProperty("p50Seconds").GetDouble(), 12);
        Assert.Equal(JsonValueKind.Null, fromMetrics.GetProperty("p99Seconds").ValueKind);
    }

    [Fact]
    public void Live_service_is_read_over_loopback_http()
    {
        var dir = Path.Combine(RepoPaths.TestData, "leakymap-explain");
        using var server = LoopbackServer.Start(new Dictionary<string, byte[]>
        {
            ["/debug/vars"] = File.ReadAllBytes(Path.Combine(dir, "vars.2.json")),
            ["/metrics"] = File.ReadAllBytes(Path.Combine(dir, "metrics.2.txt")),
            ["/debug/pprof/heap"] = File.ReadAllBytes(Path.Combine(dir, "heap.2.pb.gz")),
        });
        var result = GoMemCli.Run("explain", "--format", "json", server.BaseUrl);
        Assert.Equal("", result.Stderr);
        Assert.Equal(0, result.ExitCode);
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.True(json.GetProperty("rssBytes").GetInt64() > 0, "RSS comes from process_resident_memory_bytes");
        Assert.True(json.GetProperty("profileInuseBytes").GetInt64() > 0);
        Assert.Equal(3, json.GetProperty("sources").GetArrayLength());
    }

    [Fact]
    public void Missing_endpoints_are_reported_and_skipped()
    {
        using var server = LoopbackServer.Start(new Dictionary<string, byte[]>
        {
            ["/debug/vars"] = File.ReadAllBytes(Path.Combine(RepoPaths.TestData, "leakymap-explain", "vars.2.json")),
        });
        var result = GoMemCli.Run("explain", server.BaseUrl);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("/metrics: not served (404)", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Service_answering_html_is_bad_input()
    {
        using var server = LoopbackServer.Start(new Dictionary<string, byte[]> { ["/debug/vars"] = "<!DOCTYPE html><html><body>login</body></html>"u8.ToArray() }, "text/html");
        var result = GoMemCli.Run("explain", server.BaseUrl);
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("HTML", Assert.Single(result.Stderr.TrimEnd('\n').Split('\n')), StringComparison.Ordinal);
    }

    [Fact]
    public void Service_that_does_not_answer_is_a_network_failure()
    {
        var port = LoopbackServer.FreePort();
        var result = GoMemCli.Run("explain", "--timeout", "2", $"http://127.0.0.1:{port}");
        Assert.Equal(4, result.ExitCode);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
    }

    /// <summary>`grep Vm /proc/PID/status > rss.txt` (with or without the Name line) gives the breakdown the whole file gives.</summary>
    [Theory]
    [InlineData("Vm")]
    [InlineData("Name|Vm")]
    public void A_status_excerpt_gives_the_same_breakdown_as_the_whole_file(string keys)
    {
        var dir = Path.Combine(RepoPaths.TestData, "snapshot");
        var excerpt = Path.Combine(_dir, "rss.txt");
        File.WriteAllLines(excerpt, File.ReadAllLines(Path.Combine(dir, "status.txt")).Where(l => keys.Split('|').Any(k => l.StartsWith(k, StringComparison.Ordinal))));
        var whole = Breakdown(GoMemCli.RunIn(dir, "explain", "--format", "json", "vars.json", "status.txt"));
        var result = GoMemCli.RunIn(dir, "explain", "--format", "json", "vars.json", excerpt);
        Assert.Equal("", result.Stderr);
        Assert.Equal(whole.GetProperty("nonGoBytes").GetInt64(), Breakdown(result).GetProperty("nonGoBytes").GetInt64());
        Assert.Equal(whole.GetProperty("goResidentBytes").GetInt64(), Breakdown(result).GetProperty("goResidentBytes").GetInt64());
    }

    [Fact]
    public void A_file_no_reader_knows_names_the_formats_tried()
    {
        var path = Path.Combine(_dir, "odd.txt");
        File.WriteAllText(path, "Foo:\t  123456 kB\nVmRSS:\t  120000 kB\n");
        var result = GoMemCli.Run("explain", path);
        Assert.Equal(3, result.ExitCode);
        Assert.Equal($"gomem: {path}: not an input explain reads (tried /debug/vars JSON, Prometheus or OpenMetrics text, /proc/PID/status or an excerpt of it, smaps_rollup, a cgroup file or directory, and a heap profile) (at byte offset 0)\n", result.Stderr);
    }

    [Theory]
    [InlineData("bad.json", "{\"memstats\": {\"Alloc\": 12,", 3)]
    [InlineData("notexpvar.json", "{\"name\": \"a package.json\", \"version\": \"1.0.0\"}", 3)]
    [InlineData("badlabel.txt", "# TYPE go_goroutines gauge\ngo_goroutines{job=\"a} 12\n", 3)]
    [InlineData("macos.txt", "Mach Virtual Memory Statistics: (page size of 16384 bytes)\nPages free: 3263.\n", 3)]
    [InlineData("empty.txt", "", 3)]
    public void Bad_inputs_give_one_line_and_exit_3(string name, string content, int exitCode)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        var result = GoMemCli.Run("explain", path);
        Assert.Equal(exitCode, result.ExitCode);
        var line = Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains(name, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Pid_reads_this_machines_proc_and_cgroup()
    {
        var vars = Path.Combine(RepoPaths.TestData, "snapshot", "vars.json");
        var result = GoMemCli.Run("explain", "--format", "json", "--pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), vars);
        Assert.Equal(0, result.ExitCode);
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.True(json.GetProperty("rssBytes").GetInt64() > 0);
        Assert.Contains(json.GetProperty("sources").EnumerateArray(), s => s.GetString()!.StartsWith("pid ", StringComparison.Ordinal));
    }

    [Fact]
    public void Unknown_pid_is_an_io_failure()
    {
        var result = GoMemCli.Run("explain", "--pid", "999999999", Path.Combine(RepoPaths.TestData, "snapshot", "vars.json"));
        Assert.Equal(4, result.ExitCode);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Snapshot_files_give_rates_with_their_interval()
    {
        var dir = Path.Combine(RepoPaths.TestData, "leakymap-explain");
        var untimed = GoMemCli.RunIn(dir, "explain", "vars.1.json", "status.1.txt", "vars.2.json", "status.2.txt");
        Assert.Equal(0, untimed.ExitCode);
        Assert.DoesNotContain("Rates over", untimed.Stdout, StringComparison.Ordinal);
        Assert.Contains("--interval", untimed.Stdout, StringComparison.Ordinal);

        var result = GoMemCli.RunIn(dir, "explain", "--format", "json", "--interval", "90", "vars.1.json", "status.1.txt", "vars.2.json", "status.2.txt");
        Assert.Equal(0, result.ExitCode);
        var rates = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("rates");
        Assert.Equal(2, rates.GetProperty("snapshots").GetInt32());
        Assert.Equal(90, rates.GetProperty("spanSeconds").GetDouble());
        Assert.True(rates.GetProperty("allocBytesPerSecond").GetDouble() > 0);
        Assert.True(rates.GetProperty("rssGrowthBytesPerMinute").GetDouble() > 0, "status.1 and status.2 give RSS at both moments");
    }

    [Fact]
    public void Live_service_polled_twice_gives_rates()
    {
        var dir = Path.Combine(RepoPaths.TestData, "leakymap-explain");
        using var server = LoopbackServer.StartSequence(new Dictionary<string, byte[][]>
        {
            ["/debug/vars"] = [File.ReadAllBytes(Path.Combine(dir, "vars.1.json")), File.ReadAllBytes(Path.Combine(dir, "vars.2.json"))],
        });
        var result = GoMemCli.Run("explain", "--format", "json", "--count", "2", "--every", "0.3", server.BaseUrl);
        Assert.Equal(0, result.ExitCode);
        var rates = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("rates");
        Assert.Equal(2, rates.GetProperty("snapshots").GetInt32());
        Assert.InRange(rates.GetProperty("spanSeconds").GetDouble(), 0.25, 30);
        Assert.True(rates.GetProperty("gcPerMinute").GetDouble() > 0);
    }

    /// <summary>--every is a Go duration as for leak and watch (a bare number is still seconds).</summary>
    [Theory]
    [InlineData("300ms")]
    [InlineData("0.3")]
    public void Every_takes_a_go_duration(string every)
    {
        var dir = Path.Combine(RepoPaths.TestData, "leakymap-explain");
        using var server = LoopbackServer.StartSequence(new Dictionary<string, byte[][]>
        {
            ["/debug/vars"] = [File.ReadAllBytes(Path.Combine(dir, "vars.1.json")), File.ReadAllBytes(Path.Combine(dir, "vars.2.json"))],
        });
        var result = GoMemCli.Run("explain", "--format", "json", "--count", "2", "--every", every, server.BaseUrl);
        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.InRange(JsonDocument.Parse(result.Stdout).RootElement.GetProperty("rates").GetProperty("spanSeconds").GetDouble(), 0.25, 30);
    }

    [Theory]
    [InlineData("soon", "--every: \"soon\" is not a duration")]
    [InlineData("0s", "--every: \"0s\" is not a duration")]
    [InlineData("-1s", "is not a duration")]
    [InlineData("25h", "--every 100ms to 24h")]
    [InlineData("50ms", "--every 100ms to 24h")]
    public void Every_out_of_range_or_not_a_duration_is_a_usage_error(string every, string message)
    {
        var result = GoMemCli.Run("explain", "--count", "2", "--every", every, "http://127.0.0.1:1");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, Assert.Single(result.Stderr.TrimEnd('\n').Split('\n')), StringComparison.Ordinal);
    }

    [Fact]
    public void Count_without_a_url_is_a_usage_error()
    {
        var result = GoMemCli.RunIn(Path.Combine(RepoPaths.TestData, "cgoleak"), "explain", "--count", "3", "vars.2.json");
        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public void Proc_files_alone_are_a_usage_error()
    {
        var result = GoMemCli.RunIn(Path.Combine(RepoPaths.TestData, "cgoleak"), "explain", "status.2.txt");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("/debug/vars or /metrics", result.Stderr, StringComparison.Ordinal);
    }

    private static JsonElement Breakdown(CliResult result)
    {
        Assert.Equal("", result.Stderr);
        Assert.Equal(0, result.ExitCode);
        return JsonDocument.Parse(result.Stdout).RootElement;
    }
}
