using System.Text.Json;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli;

/// <summary><c>gomem leak</c>: golden reports, exit codes, bad input, and the live mode against a loopback server.</summary>
public sealed class LeakCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-leak-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("leak.leakymap.txt", "leakymap-series", 1)]
    [InlineData("leak.goroutineleak.txt", "goroutineleak-series", 1)]
    [InlineData("leak.boundedcache.txt", "boundedcache-series-1", 0)]
    [InlineData("leak.goroutineleak-debug2.txt", "goroutineleak-debug2-series", 1)]
    [InlineData("leak.leakymap.json", "leakymap-series", 1, "--format", "json", "--limit", "1GiB")]
    [InlineData("leak.goroutineleak.json", "goroutineleak-series", 1, "--format", "json")]
    [InlineData("leak.cgoleak.txt", "cgoleak-series", 1)]
    public void Output_matches_golden_with_exit_code(string golden, string series, int exit, params string[] options)
    {
        var result = GoMemCli.RunIn(RepoPaths.TestData, ["leak", series, .. options]);
        Assert.Equal(exit, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Golden.AssertMatches(Path.Combine("leaks", golden), result.Stdout.Replace(RepoPaths.TestData + "/", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Json_has_the_documented_fields()
    {
        var result = GoMemCli.RunIn(RepoPaths.TestData, "leak", "leakymap-series", "--format", "json");
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal(8, json.GetProperty("snapshots").GetInt32());
        var heap = json.GetProperty("findings").EnumerateArray().First(f => f.GetProperty("kind").GetString() == "heap");
        foreach (var field in (string[])["site", "file", "line", "stack", "slopePerMinute", "unit", "pValue", "firstValue", "lastValue"])
        {
            Assert.True(heap.TryGetProperty(field, out _), field);
        }

        Assert.Equal("main.recordSession", heap.GetProperty("site").GetString());
        Assert.Equal("bytes", heap.GetProperty("unit").GetString());
        Assert.True(heap.GetProperty("lastValue").GetInt64() > heap.GetProperty("firstValue").GetInt64());
    }

    [Fact]
    public void One_snapshot_is_bad_input_with_the_minimum_named()
    {
        var result = GoMemCli.RunIn(Path.Combine(RepoPaths.TestData, "leakymap-series"), "leak", "heap.1.pb.gz");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("at least 3 snapshots", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Mixed_programs_are_refused_with_exit_code_3()
    {
        var d = RepoPaths.TestData;
        var result = GoMemCli.Run("leak", $"{d}/leakymap-series/vars.1.json", $"{d}/leakymap-series/vars.2.json", $"{d}/churn-series-1/vars.3.json", $"{d}/churn-series-1/vars.4.json");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("mixed processes", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Live_service_series_is_collected_saved_and_analysed()
    {
        var series = Path.Combine(RepoPaths.TestData, "leakymap-series");
        byte[][] Bodies(string pattern) => [.. Enumerable.Range(1, 8).Select(k => File.ReadAllBytes(Path.Combine(series, string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, k))))];
        using var server = LoopbackServer.StartSequence(new Dictionary<string, byte[][]>
        {
            ["/debug/pprof/heap"] = Bodies("heap.{0}.pb.gz"),
            ["/debug/pprof/goroutine"] = Bodies("goroutine.{0}.pb.gz"),
            ["/debug/vars"] = Bodies("vars.{0}.json"),
        });
        var save = Path.Combine(_dir, "saved");
        var result = GoMemCli.Run("leak", server.BaseUrl, "--every", "0.1", "--count", "8", "--save", save, "--format", "json");
        Assert.Equal(1, result.ExitCode);
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal(8, json.GetProperty("snapshots").GetInt32());
        Assert.Contains(json.GetProperty("findings").EnumerateArray(), f => f.GetProperty("site").GetString() == "main.recordSession");
        Assert.Equal(24, Directory.GetFiles(save).Length);
        Assert.Equal(File.ReadAllBytes(Path.Combine(series, "heap.8.pb.gz")), File.ReadAllBytes(Path.Combine(save, "heap.8.pb.gz")));

        // The saved series reads back to the same report.
        var again = GoMemCli.Run("leak", save, "--format", "json");
        Assert.Equal(result.Stdout.Replace(save, "", StringComparison.Ordinal), again.Stdout.Replace(save, "", StringComparison.Ordinal));
    }

    /// <summary>
    /// A cgo service holds C.malloc'd memory: only RSS grows. /proc status shows it, and so does
    /// process_resident_memory_bytes in /metrics when no status was taken (a service on another machine).
    /// </summary>
    [Theory]
    [InlineData("status")]
    [InlineData("metrics")]
    public void A_cgo_leak_is_found_in_rss_from_proc_status_or_from_metrics_alone(string rssFrom)
    {
        var series = Path.Combine(RepoPaths.TestData, "cgoleak-series");
        var copy = Path.Combine(_dir, "series");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(series).Where(f => !Path.GetFileName(f).StartsWith(rssFrom == "status" ? "metrics." : "status.", StringComparison.Ordinal)))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        var result = GoMemCli.Run("leak", copy, "--format", "json");

        Assert.Equal(1, result.ExitCode);
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        var finding = Assert.Single(json.GetProperty("findings").EnumerateArray());
        Assert.Equal("rss", finding.GetProperty("site").GetString());
        Assert.Contains("RSS grows but the live Go heap does not", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Live_mode_with_pid_saves_proc_status_and_metrics_with_each_snapshot()
    {
        var series = Path.Combine(RepoPaths.TestData, "cgoleak-series");
        byte[][] Bodies(string pattern) => [.. Enumerable.Range(1, 4).Select(k => File.ReadAllBytes(Path.Combine(series, string.Format(System.Globalization.CultureInfo.InvariantCulture, pattern, k))))];
        using var server = LoopbackServer.StartSequence(new Dictionary<string, byte[][]>
        {
            ["/debug/pprof/heap"] = Bodies("heap.{0}.pb.gz"),
            ["/debug/pprof/goroutine"] = Bodies("goroutine.{0}.pb.gz"),
            ["/metrics"] = Bodies("metrics.{0}.txt"),
        });
        var save = Path.Combine(_dir, "saved");

        // This test's own process stands in for the service's: its /proc status is real, and it is on this machine.
        var result = GoMemCli.Run("leak", server.BaseUrl, "--every", "0.1", "--count", "4", "--save", save, "--pid", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--format", "json");

        Assert.Equal(4, Directory.GetFiles(save, "status.*.txt").Length);
        Assert.Equal(4, Directory.GetFiles(save, "metrics.*.txt").Length);
        Assert.Contains($"Pid:\t{Environment.ProcessId}\n", File.ReadAllText(Path.Combine(save, "status.4.txt")), StringComparison.Ordinal);
        Assert.DoesNotContain("RSS was not checked", result.Stderr, StringComparison.Ordinal);
        Assert.True(result.ExitCode is 0 or 1, result.Stderr);
    }

    [Fact]
    public void Live_mode_with_goroutine_states_fetches_debug2_dumps_and_reports_their_states()
    {
        var series = Path.Combine(RepoPaths.TestData, "goroutineleak-debug2-series");
        byte[] Gunzip(string path)
        {
            using var input = new System.IO.Compression.GZipStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress);
            using var output = new MemoryStream();
            input.CopyTo(output);
            return output.ToArray();
        }

        using var server = LoopbackServer.StartSequence(new Dictionary<string, byte[][]>
        {
            ["/debug/pprof/heap"] = [.. Enumerable.Range(1, 5).Select(k => File.ReadAllBytes(Path.Combine(series, $"heap.{k}.pb.gz")))],
            ["/debug/pprof/goroutine?debug=2"] = [.. Enumerable.Range(1, 5).Select(k => Gunzip(Path.Combine(series, $"goroutine.{k}.debug2.txt.gz")))],
        });
        var save = Path.Combine(_dir, "saved");

        var result = GoMemCli.Run("leak", server.BaseUrl, "--every", "0.1", "--count", "5", "--goroutine-states", "--save", save, "--format", "json");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(5, Directory.GetFiles(save, "goroutine.*.debug2.txt").Length);
        var group = Assert.Single(JsonDocument.Parse(result.Stdout).RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("kind").GetString() == "goroutine");
        Assert.Equal("main.waitForReply", group.GetProperty("site").GetString());
        Assert.Contains("chan receive", group.GetProperty("states").GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("2147483647")]
    public void A_pid_with_no_process_is_a_usage_error(string pid)
    {
        var result = GoMemCli.Run("leak", "http://127.0.0.1:1", "--pid", pid);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no such process", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>The size bars are the user's to set: a bar above what grew turns that finding off, and only that one.</summary>
    [Theory]
    [InlineData("cgoleak-series", "--min-rss-growth", "200MiB", "rss")]
    [InlineData("leakymap-series", "--min-site-growth", "64MiB", "main.recordSession")]
    [InlineData("leakymap-series", "--min-heap-growth", "64MiB", "live_heap")]
    [InlineData("goroutineleak-series", "--min-goroutine-growth", "1000", "main.waitForReply")]
    public void A_higher_growth_bar_turns_off_the_finding_below_it(string series, string option, string value, string site)
    {
        string[] Sites(params string[] extra) => [.. JsonDocument.Parse(GoMemCli.RunIn(RepoPaths.TestData, ["leak", series, "--format", "json", .. extra]).Stdout)
            .RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("site").GetString()!)];

        var before = Sites();
        var after = Sites(option, value);

        Assert.Contains(site, before);
        Assert.DoesNotContain(site, after);
        Assert.Equal(before.Where(s => s != site && !(option == "--min-goroutine-growth" && s == "goroutines")), after);
    }

    [Theory]
    [InlineData("--min-rss-growth", "lots")]
    [InlineData("--min-site-growth", "-1")]
    [InlineData("--min-goroutine-growth", "0")]
    public void Bad_growth_bars_are_usage_errors(string option, string value) =>
        Assert.Equal(2, GoMemCli.RunIn(RepoPaths.TestData, "leak", "leakymap-series", option, value).ExitCode);

    [Fact]
    public void Unreachable_service_is_an_io_failure()
    {
        var result = GoMemCli.Run("leak", $"http://127.0.0.1:{LoopbackServer.FreePort()}", "--every", "0.1", "--count", "3", "--timeout", "5");
        Assert.Equal(4, result.ExitCode);
    }

    [Fact]
    public void Live_only_options_with_files_are_a_usage_error()
    {
        var result = GoMemCli.RunIn(RepoPaths.TestData, "leak", "leakymap-series", "--count", "5");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--count is for a live service", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_accepts_go_style_durations()
    {
        var result = GoMemCli.Run("leak", "http://127.0.0.1:1", "--every", "soon");
        Assert.Equal(2, result.ExitCode);
    }
}
