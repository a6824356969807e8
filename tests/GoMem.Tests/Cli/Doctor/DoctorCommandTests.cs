using System.Text.Json;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli.Doctor;

/// <summary>
/// <c>gomem doctor DIR</c> on the committed bundle (made by examples/capture-doctor.sh): golden reports in every
/// format, the exit code, the order of findings, and that other commands accept the bundle.
/// </summary>
public sealed class DoctorCommandTests : IDisposable
{
    private const string Bundle = "doctor-leakymap";

    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-doctor-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("doctor.leakymap.txt")]
    [InlineData("doctor.leakymap.json", "--format", "json")]
    [InlineData("doctor.leakymap.html", "--format", "html")]
    [InlineData("doctor.leakymap-limit.txt", "--limit", "64MiB")]
    public void Output_matches_golden(string golden, params string[] options)
    {
        var result = GoMemCli.RunIn(RepoPaths.TestData, ["doctor", Bundle, .. options]);

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Golden.AssertMatches(Path.Combine("diagnosis", golden), result.Stdout.Replace(RepoPaths.TestData + "/", "", StringComparison.Ordinal));
    }

    [Fact]
    public void The_leaking_function_is_the_first_finding()
    {
        var result = GoMemCli.RunIn(RepoPaths.TestData, "doctor", Bundle);

        Assert.Equal(1, result.ExitCode);
        var first = result.Stdout.Split('\n').First(l => l.StartsWith("  WARNING", StringComparison.Ordinal) || l.StartsWith("  CRITICAL", StringComparison.Ordinal));
        Assert.Contains("[heap-leak] Heap in use at main.recordSession", first, StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_are_ordered_by_severity_then_section()
    {
        // cgoleak under a 64 MiB limit: RSS growth (leaks) and near-limit (memory) are both critical; warnings follow.
        var result = GoMemCli.RunIn(RepoPaths.TestData, "doctor", "cgoleak-series", "--limit", "64MiB", "--format", "json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray()
            .Select(f => (Severity: Rank(f.GetProperty("severity").GetString()!), Section: Sections.IndexOf(f.GetProperty("section").GetString()!), Code: f.GetProperty("code").GetString()))
            .ToList();
        Assert.Equal(["rss-growth", "near-limit"], findings.Take(2).Select(f => f.Code));
        for (var i = 1; i < findings.Count; i++)
        {
            Assert.True(findings[i - 1].Severity > findings[i].Severity || (findings[i - 1].Severity == findings[i].Severity && findings[i - 1].Section <= findings[i].Section), $"finding {i} out of order");
        }

        Assert.True(json.RootElement.GetProperty("needsAction").GetBoolean());
        Assert.Equal(JsonValueKind.Object, json.RootElement.GetProperty("tuning").ValueKind);
    }

    [Fact]
    public void Json_has_the_numbers_of_the_text()
    {
        var text = GoMemCli.RunIn(RepoPaths.TestData, "doctor", Bundle).Stdout;
        using var json = JsonDocument.Parse(GoMemCli.RunIn(RepoPaths.TestData, "doctor", Bundle, "-f", "json").Stdout);
        var root = json.RootElement;

        foreach (var finding in root.GetProperty("findings").EnumerateArray())
        {
            Assert.Contains($"[{finding.GetProperty("code").GetString()}] {finding.GetProperty("title").GetString()}", text, StringComparison.Ordinal);
        }

        var leak = root.GetProperty("leaks").GetProperty("findings")[0];
        Assert.Equal("main.recordSession", leak.GetProperty("site").GetString());
        Assert.Equal(root.GetProperty("snapshots").GetInt32(), root.GetProperty("leaks").GetProperty("snapshots").GetInt32());
        Assert.Contains($"{root.GetProperty("snapshots").GetInt32()} snapshots", text, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("tuning").ValueKind);
        Assert.Contains("no GOGC/GOMEMLIMIT advice", text, StringComparison.Ordinal);
    }

    [Fact]
    public void High_gc_cpu_from_the_runtime_needs_action_and_short_series_say_why_there_is_no_leak_verdict()
    {
        // The churn example: 13% GC CPU by MemStats.GCCPUFraction, two snapshots (too few for a leak check).
        var result = GoMemCli.RunIn(RepoPaths.TestData, "doctor", "churn-explain", "--format", "json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var first = json.RootElement.GetProperty("findings")[0];
        Assert.Equal("gc-cpu-high", first.GetProperty("code").GetString());
        Assert.Equal("gc", first.GetProperty("section").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("leaks").ValueKind);
        Assert.Contains(json.RootElement.GetProperty("notes").EnumerateArray(), n => n.GetString()!.StartsWith("no leak verdicts: a leak check needs at least 3 snapshots", StringComparison.Ordinal));
        Assert.True(json.RootElement.GetProperty("gc").GetProperty("gcCpuFraction").GetDouble() >= 0.10);
    }

    [Fact]
    public void A_healthy_series_exits_0()
    {
        var result = GoMemCli.RunIn(RepoPaths.TestData, "doctor", "boundedcache-series-1");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Verdict: healthy: nothing needs action", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_commands_accept_the_bundle_and_its_files()
    {
        var dir = Path.Combine(RepoPaths.TestData, Bundle);

        var leak = GoMemCli.Run("leak", dir);
        Assert.Equal(1, leak.ExitCode);
        Assert.Equal("", leak.Stderr);
        Assert.Contains("LEAK heap site: main.recordSession", leak.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, GoMemCli.Run("top", Path.Combine(dir, "heap.5.pb.gz")).ExitCode);
        Assert.Equal(0, GoMemCli.Run("explain", Path.Combine(dir, "vars.5.json"), Path.Combine(dir, "metrics.5.txt"), Path.Combine(dir, "heap.5.pb.gz")).ExitCode);
        Assert.Equal(0, GoMemCli.Run("goroutines", Path.Combine(dir, "goroutine.5.pb.gz")).ExitCode);
    }

    [Fact]
    public void Html_on_a_terminal_is_refused_and_o_html_picks_it()
    {
        var file = Path.Combine(_dir, "doctor.html");

        var result = GoMemCli.RunIn(RepoPaths.TestData, "doctor", Bundle, "-o", file);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(file), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--duration", "1m")]
    [InlineData("--every", "10s")]
    [InlineData("--save", "x")]
    [InlineData("--pid", "1")]
    public void Live_only_options_with_a_bundle_are_usage_errors(string option, string value)
    {
        var result = GoMemCli.RunIn(RepoPaths.TestData, "doctor", Bundle, option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{option} is for a live service", result.Stderr, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public void A_folder_with_no_snapshots_is_bad_input()
    {
        File.WriteAllText(Path.Combine(_dir, "notes.md"), "# nothing here\n");

        var result = GoMemCli.Run("doctor", _dir);

        Assert.Equal(3, result.ExitCode);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
    }

    private static readonly List<string> Sections = ["leaks", "memory", "gc", "tuning", "goroutines", "churn"];

    private static int Rank(string severity) => severity switch
    {
        "critical" => 2,
        "warning" => 1,
        _ => 0,
    };
}
