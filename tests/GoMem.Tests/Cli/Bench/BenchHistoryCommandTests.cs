using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli.Bench;

/// <summary>
/// record → history/trend on the real example runs: v1 recorded at two commits, then v2 at a third; the change points
/// must name the third commit for ParseRecord (time, B/op, allocs/op) and nothing else.
/// </summary>
public sealed class BenchHistoryCommandTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("gomem-history-");

    public BenchHistoryCommandTests()
    {
        Record("v1", "1111111aaaa", "2026-11-01T10:00:00Z");
        Record("v1", "2222222bbbb", "2026-11-02T10:00:00Z");
        Record("v2", "3333333cccc", "2026-11-03T10:00:00Z");
    }

    private string Store => Path.Combine(_directory.FullName, "gomem.db");

    public void Dispose() => _directory.Delete(recursive: true);

    private void Record(string version, string commit, string time)
    {
        var result = GoMemCli.Run("bench", "record", RepoPaths.Scenario("bench-alloc", version + ".txt"), "--commit", commit, "--branch", "main", "--time", time, "--store", Store);
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("recorded run ", result.Stdout);
    }

    [Fact]
    public void Change_points_name_the_commit_that_added_allocations()
    {
        var result = GoMemCli.Run("bench", "history", "--store", Store, "--format", "text");
        Assert.Equal(0, result.ExitCode);
        var changes = result.Stdout.Split('\n').Where(l => l.StartsWith("  ", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, changes.Count);
        Assert.All(changes, l => Assert.StartsWith("  ParseRecord-2 ", l));
        Assert.All(changes, l => Assert.Contains("at 3333333cccc (after 2222222bbbb)", l));
    }

    /// <summary>
    /// testdata/bench-creep: eight builds of one benchmark, each with 2% more fields (examples/bench/capture-creep.sh).
    /// No step reaches the 5% a gate would catch; the drift is +13.86% in allocs/op.
    /// </summary>
    [Fact]
    public void A_slow_creep_that_no_step_shows_is_reported_as_a_drift()
    {
        var store = Path.Combine(_directory.FullName, "creep.db");
        for (var k = 1; k <= 8; k++)
        {
            Assert.Equal(0, GoMemCli.Run("bench", "record", RepoPaths.Scenario("bench-creep", $"run.{k}.txt"), "--commit", $"c{k}", "--time", $"2026-11-0{k}T10:00:00Z", "--store", store).ExitCode);
        }

        var json = System.Text.Json.JsonDocument.Parse(GoMemCli.Run("bench", "history", "--store", store, "--format", "json").Stdout).RootElement;
        var allocs = json.GetProperty("series").EnumerateArray().Single(s => s.GetProperty("unit").GetString() == "allocs/op").GetProperty("drift");

        Assert.Equal(8, allocs.GetProperty("runs").GetInt32());
        Assert.Equal(101, allocs.GetProperty("first").GetDouble());
        Assert.Equal(115, allocs.GetProperty("last").GetDouble());
        Assert.Equal(7, allocs.GetProperty("steps").GetInt32());
        Assert.Equal(((115.0 / 101) - 1) * 100, allocs.GetProperty("totalPercent").GetDouble(), 9);
        Assert.True(Math.Abs(allocs.GetProperty("largestStepPercent").GetDouble()) < 5);
        Assert.Contains("drifted +13.86% over 8 runs", GoMemCli.Run("bench", "trend", "--store", store).Stdout, StringComparison.Ordinal);
        Assert.Equal(1, GoMemCli.Run("bench", "history", "--store", store, "--format", "text", "--fail-on-drift").ExitCode);
        Assert.Equal(0, GoMemCli.Run("bench", "history", "--store", store, "--format", "text", "--fail-on-drift", "--filter", ".unit:sec/op").ExitCode);
        Assert.Equal(0, GoMemCli.Run("bench", "history", "--store", store, "--format", "text").ExitCode);
    }

    [Fact]
    public void One_step_is_a_change_point_not_a_drift()
    {
        var store = Path.Combine(_directory.FullName, "step.db");
        for (var k = 1; k <= 6; k++)
        {
            Assert.Equal(0, GoMemCli.Run("bench", "record", RepoPaths.Scenario("bench-alloc", k <= 3 ? "v1.txt" : "v2.txt"), "--commit", $"s{k}", "--time", $"2026-11-0{k}T10:00:00Z", "--store", store).ExitCode);
        }

        var json = System.Text.Json.JsonDocument.Parse(GoMemCli.Run("bench", "history", "--store", store, "--format", "json").Stdout).RootElement;

        Assert.All(json.GetProperty("series").EnumerateArray(), s => Assert.Equal(System.Text.Json.JsonValueKind.Null, s.GetProperty("drift").ValueKind));
    }

    [Fact]
    public void Record_and_trend_speak_json_too()
    {
        var record = GoMemCli.Run("bench", "record", RepoPaths.Scenario("bench-alloc", "v2.txt"), "--commit", "4444444dddd", "--branch", "main", "--time", "2026-11-04T10:00:00Z", "--store", Store, "--format", "json");
        var run = System.Text.Json.JsonDocument.Parse(record.Stdout).RootElement;

        Assert.Equal(4, run.GetProperty("run").GetInt32());
        Assert.Equal("4444444dddd", run.GetProperty("commit").GetString());
        Assert.Equal("2026-11-04T10:00:00Z", run.GetProperty("time").GetString());
        Assert.True(run.GetProperty("values").GetInt32() > run.GetProperty("results").GetInt32());
        Assert.EndsWith("}\n", record.Stdout, StringComparison.Ordinal);

        // trend draws the same series that history lists: its JSON is history's, at history's default thresholds.
        Assert.Equal(GoMemCli.Run("bench", "history", "--store", Store, "--format", "json").Stdout, GoMemCli.Run("bench", "trend", "--store", Store, "--format", "json").Stdout);
    }

    [Fact]
    public void Every_format_has_a_golden()
    {
        Golden.AssertMatches(Path.Combine("benchmarks", "history.txt"), GoMemCli.Run("bench", "history", "--store", Store, "--format", "text").Stdout);
        Golden.AssertMatches(Path.Combine("benchmarks", "history.json"), GoMemCli.Run("bench", "history", "--store", Store, "--format", "json").Stdout);
        Golden.AssertMatches(Path.Combine("benchmarks", "history.html"), GoMemCli.Run("bench", "history", "--store", Store).Stdout);
        Golden.AssertMatches(Path.Combine("benchmarks", "trend.txt"), GoMemCli.Run("bench", "trend", "--store", Store).Stdout);
    }

    [Fact]
    public void Html_is_self_contained_and_escapes_names()
    {
        var html = GoMemCli.Run("bench", "history", "--store", Store).Stdout;
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("http", html);
        Assert.Contains("<svg", html);

        var hostile = Path.Combine(_directory.FullName, "hostile.txt");
        File.WriteAllText(hostile, "pkg: x\nBenchmark<img/src=x>-8 1 5 ns/op\n");
        Assert.Equal(0, GoMemCli.Run("bench", "record", hostile, "--commit", "<b>", "--branch", "b", "--time", "2026-11-04T00:00:00Z", "--store", Store).ExitCode);
        var escaped = GoMemCli.Run("bench", "history", "--store", Store).Stdout;
        Assert.DoesNotContain("<img", escaped);
        Assert.DoesNotContain("<b>", escaped);
        Assert.Contains("&lt;img/src=x&gt;", escaped);
    }

    [Fact]
    public void A_missing_store_exits_4_and_trend_filters()
    {
        Assert.Equal(4, GoMemCli.Run("bench", "trend", "--store", Path.Combine(_directory.FullName, "none.db")).ExitCode);
        var trend = GoMemCli.Run("bench", "trend", "--store", Store, "--filter", ".unit:allocs/op");
        Assert.Equal(4, trend.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void Record_takes_commit_and_branch_from_git_or_asks_for_them()
    {
        var result = GoMemCli.Run("bench", "record", RepoPaths.Scenario("bench-alloc", "v1.txt"), "--store", Store);
        var inRepository = System.Text.RegularExpressions.Regex.IsMatch(result.Stdout, "^recorded run 4: 40 results \\(130 values\\) of [0-9a-f]{40} on ");
        var outside = result.ExitCode == 2 && result.Stderr.Contains("--commit is needed outside a git repository", StringComparison.Ordinal);
        Assert.True(inRepository || outside, result.Stdout + result.Stderr);
    }
}
