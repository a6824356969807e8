using System.Text.Json;
using GoMem.Tests.Gc;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli.Gc;

/// <summary><c>gomem gc stats</c> on the real logs of testdata/gc: every format against its golden, and bad input.</summary>
public sealed class GcStatsCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-gc-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("gogc100.run1.log", "stats.gogc100.txt")]
    [InlineData("forced.log", "stats.forced.txt")]
    [InlineData("gogc100-limit150.run1.log", "stats.limit150.txt")]
    [InlineData("gcoff.log", "stats.gcoff.txt")]
    public void Text_matches_golden(string log, string golden)
    {
        var result = GoMemCli.RunIn(GcFixtures.Dir, "gc", "stats", log);

        Assert.Equal("", result.Stderr);
        Assert.Equal(0, result.ExitCode);
        Golden.AssertMatches(Path.Combine("gc", golden), Relative(result.Stdout));
    }

    [Fact]
    public void Json_matches_golden_and_carries_the_documented_fields()
    {
        var result = GoMemCli.RunIn(GcFixtures.Dir, "gc", "stats", "--format", "json", "forced.log");

        Assert.Equal(0, result.ExitCode);
        Golden.AssertMatches(Path.Combine("gc", "stats.forced.json"), Relative(result.Stdout));
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        foreach (var field in (string[])["gcCount", "wallSeconds", "gcPerMinute", "gcCpuFraction", "peakHeapBytes", "assistFraction"])
        {
            Assert.True(json.TryGetProperty(field, out _), field);
        }

        foreach (var field in (string[])["p50Seconds", "p99Seconds", "maxSeconds", "totalSeconds"])
        {
            Assert.True(json.GetProperty("pauses").TryGetProperty(field, out _), field);
        }

        foreach (var field in (string[])["firstBytes", "lastBytes", "slopeBytesPerMinute"])
        {
            Assert.True(json.GetProperty("liveHeap").TryGetProperty(field, out _), field);
        }

        Assert.Equal(GcFixtures.RuntimeNumGc(GcFixtures.Log("forced.log")), json.GetProperty("gcCount").GetInt32());
    }

    [Fact]
    public void Json_with_the_gc_off_says_so_and_has_no_goal()
    {
        var result = GoMemCli.RunIn(GcFixtures.Dir, "gc", "stats", "--format", "json", "--timeline", "gcoff.log");

        Assert.Equal(0, result.ExitCode);
        Golden.AssertMatches(Path.Combine("gc", "stats.gcoff.json"), Relative(result.Stdout));
        var json = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal(JsonValueKind.Null, json.GetProperty("peakGoalBytes").ValueKind);
        Assert.Equal(10, json.GetProperty("inferred").GetProperty("gcOffCycles").GetInt32());
        Assert.All(json.GetProperty("timeline").EnumerateArray(), p => Assert.Equal(JsonValueKind.Null, p.GetProperty("goalBytes").ValueKind));
        Assert.Contains(json.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "gc-off");
    }

    [Fact]
    public void Json_timeline_has_every_cycle()
    {
        var result = GoMemCli.RunIn(GcFixtures.Dir, "gc", "stats", "--format", "json", "--timeline", "steady.log");

        var json = JsonDocument.Parse(result.Stdout).RootElement;
        Assert.Equal(json.GetProperty("gcCount").GetInt32(), json.GetProperty("timeline").GetArrayLength());
    }

    [Fact]
    public void Html_report_to_a_file_matches_golden()
    {
        var path = Path.Combine(_dir, "report.html");
        var result = GoMemCli.RunIn(GcFixtures.Dir, "gc", "stats", "steady.log", "-o", path);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stdout);
        var html = File.ReadAllText(path);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html, StringComparison.Ordinal);
        Assert.Equal(3, html.Split("<svg").Length - 1);
        Golden.AssertMatches(Path.Combine("gc", "stats.steady.html"), Relative(html));
    }

    [Fact]
    public void Html_escapes_the_file_name()
    {
        var hostile = Path.Combine(_dir, "<img src=x onerror=alert(1)>.log");
        File.Copy(GcFixtures.Log("steady.log"), hostile);
        var result = GoMemCli.Run("gc", "stats", "--format", "html", hostile);

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("<img", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;.log", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_GC_lines_is_bad_input_in_one_line()
    {
        var path = Path.Combine(_dir, "app.log");
        File.WriteAllText(path, "listening on :8080\nrequest served\n");
        var result = GoMemCli.Run("gc", "stats", path);

        Assert.Equal(3, result.ExitCode);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains("app.log", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("GODEBUG=gctrace=1", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\0\0\0\u0001binary")]
    public void Empty_and_binary_files_are_bad_input(string content)
    {
        var path = Path.Combine(_dir, "odd.log");
        File.WriteAllText(path, content);

        Assert.Equal(3, GoMemCli.Run("gc", "stats", path).ExitCode);
    }

    [Fact]
    public void A_truncated_gzip_log_is_bad_input()
    {
        var path = Path.Combine(_dir, "gc.log.gz");
        using (var file = File.Create(path))
        using (var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionLevel.Fastest))
        {
            gzip.Write(File.ReadAllBytes(GcFixtures.Log("steady.log")));
        }

        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var result = GoMemCli.Run("gc", "stats", path);

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("gc.log.gz", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_an_io_error()
    {
        Assert.Equal(4, GoMemCli.Run("gc", "stats", Path.Combine(_dir, "nope.log")).ExitCode);
    }

    [Fact]
    public async Task Follow_prints_cycles_appended_after_the_start_then_the_statistics()
    {
        var lines = File.ReadAllLines(GcFixtures.Log("steady.log"));
        var path = Path.Combine(_dir, "live.log");
        File.WriteAllLines(path, lines[..10]);
        var stdout = new SignallingWriter("gomem: following");
        var writer = Task.Run(async () =>
        {
            // Append only once the follower has read what was there: those lines are read silently.
            Assert.True(stdout.Seen.Wait(TimeSpan.FromSeconds(60)), "the follower never said it was following");
            using var log = new StreamWriter(path, append: true) { NewLine = "\n" };
            foreach (var line in lines[10..])
            {
                // Written in two pieces, as a runtime does: the reader must wait for the end of the line.
                await log.WriteAsync(line[..(line.Length / 2)]);
                await log.FlushAsync();
                await log.WriteLineAsync(line[(line.Length / 2)..]);
                await log.FlushAsync();
            }
        });

        var code = await Task.Run(() => GoMem.Cli.GoMemCommandLine.Run(["gc", "stats", "--follow", "--follow-idle", "2", path], stdout, new StringWriter(), TimeZoneInfo.Utc));
        await writer;

        Assert.Equal(0, code);
        var text = stdout.ToString();
        var appended = lines[10..].Count(l => l.StartsWith("gc ", StringComparison.Ordinal));
        var printed = text.Split('\n').Count(l => l.StartsWith("gc ", StringComparison.Ordinal) && l.Contains("pause", StringComparison.Ordinal));
        Assert.Equal(appended, printed);
        Assert.Contains($"{GcFixtures.RuntimeNumGc(GcFixtures.Log("steady.log"))} cycles over", text, StringComparison.Ordinal);
    }

    /// <summary>Collects output like a StringWriter, and signals once a given text has been written.</summary>
    private sealed class SignallingWriter(string awaited) : StringWriter
    {
        public ManualResetEventSlim Seen { get; } = new();

        public override void Write(char value)
        {
            base.Write(value);
            Check();
        }

        public override void Write(string? value)
        {
            base.Write(value);
            Check();
        }

        private void Check()
        {
            if (!Seen.IsSet && GetStringBuilder().ToString().Contains(awaited, StringComparison.Ordinal))
            {
                Seen.Set();
            }
        }
    }

    private static string Relative(string text) => text.Replace(GcFixtures.Dir + "/", "", StringComparison.Ordinal);
}
