using System.Text.Json;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli.Bench;

/// <summary>
/// Scaling on real runs of examples/bench/scaling (testdata/bench-scaling/concat.txt): `s += x` copies the string
/// every step, so its B/op grows quadratically and is flagged; strings.Builder with Grow allocates once, linearly.
/// </summary>
public class BenchScalingCommandTests
{
    private static readonly string Concat = RepoPaths.Scenario("bench-scaling", "concat.txt");

    [Fact]
    public void Finds_the_quadratic_concatenation_and_the_linear_builder()
    {
        var result = GoMemCli.Run("bench", "scaling", Concat, "--format", "json");
        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var classes = json.RootElement.GetProperty("families").EnumerateArray()
            .SelectMany(f => f.GetProperty("series").EnumerateArray().Select(s =>
                $"{f.GetProperty("name").GetString()} {s.GetProperty("unit").GetString()} {s.GetProperty("class").GetString()} {s.GetProperty("superlinear").GetBoolean()}"))
            .ToList();
        Assert.Equal(
            [
                "ConcatPlus-2 sec/op O(n²) False",
                "ConcatPlus-2 B/op O(n²) True",
                "ConcatPlus-2 allocs/op O(n) False",
                "ConcatBuilder-2 sec/op O(n) False",
                "ConcatBuilder-2 B/op O(n) False",
                "ConcatBuilder-2 allocs/op O(1) False",
            ],
            classes);
    }

    [Fact]
    public void Text_and_json_have_goldens()
    {
        Golden.AssertMatches(Path.Combine("benchmarks", "scaling-concat.txt"), GoMemCli.Run("bench", "scaling", Concat).Stdout);
        Golden.AssertMatches(Path.Combine("benchmarks", "scaling-concat.json"), GoMemCli.Run("bench", "scaling", Concat, "--format", "json").Stdout);
    }

    [Fact]
    public void The_alloc_examples_have_no_size_parameter_and_say_so()
    {
        var result = GoMemCli.Run("bench", "scaling", RepoPaths.Scenario("bench-alloc", "v2.txt"));
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("no benchmark has a size parameter", result.Stdout);
    }
}
