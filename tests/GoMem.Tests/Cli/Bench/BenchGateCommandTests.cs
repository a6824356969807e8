using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli.Bench;

/// <summary>
/// The gate on real `go test -bench . -benchmem -count 10` output of examples/bench/alloc: v2 adds allocations in
/// ParseRecord only, so exactly ParseRecord's B/op and allocs/op (and its time, 8x slower) must fail, nothing else.
/// </summary>
public class BenchGateCommandTests
{
    private static readonly string V1 = "v1=" + RepoPaths.Scenario("bench-alloc", "v1.txt");
    private static readonly string V2 = "v2=" + RepoPaths.Scenario("bench-alloc", "v2.txt");

    [Fact]
    public void Finds_exactly_the_allocation_regression_and_exits_1()
    {
        var result = GoMemCli.Run("bench", "gate", V1, V2, "--format", "json");
        Assert.Equal(1, result.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(result.Stdout);
        var failed = json.RootElement.GetProperty("checks").EnumerateArray()
            .Where(c => c.GetProperty("status").GetString() == "regression")
            .Select(c => c.GetProperty("benchmark").GetString() + " " + c.GetProperty("unit").GetString())
            .ToList();
        Assert.Equal(["ParseRecord-2 sec/op", "ParseRecord-2 B/op", "ParseRecord-2 allocs/op"], failed);
    }

    [Fact]
    public void Memory_only_thresholds_flag_only_memory()
    {
        var result = GoMemCli.Run("bench", "gate", V1, V2, "--max", "allocs/op=+0", "--max", "B/op=+0");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(2, result.Stdout.Split('\n').Count(l => l.StartsWith("  FAIL", StringComparison.Ordinal)));
        Assert.DoesNotContain("sec/op", result.Stdout.Split('\n').Where(l => l.StartsWith("  FAIL", StringComparison.Ordinal)));
    }

    [Fact]
    public void Generous_thresholds_pass_with_exit_0()
    {
        var result = GoMemCli.Run("bench", "gate", V1, V2, "--max", "allocs/op=+2", "--max", "B/op=+64", "--max", "sec/op=+1000%");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("PASS: no regression in 12 checks", result.Stdout);
    }

    [Fact]
    public void No_change_passes()
    {
        var result = GoMemCli.Run("bench", "gate", V1, V1);
        Assert.Equal(0, result.ExitCode);
    }

    [Fact]
    public void Text_summary_annotations_and_junit_have_goldens()
    {
        var directory = Directory.CreateTempSubdirectory("gomem-gate-");
        try
        {
            var summary = Path.Combine(directory.FullName, "summary.md");
            var junit = Path.Combine(directory.FullName, "junit.xml");
            var result = GoMemCli.Run("bench", "gate", V1, V2, "--annotations", "--summary", summary, "--junit", junit);
            Assert.Equal(1, result.ExitCode);
            Golden.AssertMatches(Path.Combine("benchmarks", "gate-v1-v2.txt"), result.Stdout);
            Golden.AssertMatches(Path.Combine("benchmarks", "gate-v1-v2.summary.md"), File.ReadAllText(summary));
            Golden.AssertMatches(Path.Combine("benchmarks", "gate-v1-v2.junit.xml"), File.ReadAllText(junit));
            Golden.AssertMatches(Path.Combine("benchmarks", "gate-v1-v2.json"), GoMemCli.Run("bench", "gate", V1, V2, "--format", "json").Stdout);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void Bad_thresholds_are_usage_errors()
    {
        Assert.Equal(2, GoMemCli.Run("bench", "gate", V1, V2, "--max", "allocs/op").ExitCode);
        Assert.Equal(2, GoMemCli.Run("bench", "gate", V1, V2, "--max", "sec/op=-5%").ExitCode);
        Assert.Equal(2, GoMemCli.Run("bench", "gate", V1).ExitCode);
    }
}
