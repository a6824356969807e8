using System.Text.Json;
using GoMem.Tests.Gc;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli.Gc;

/// <summary><c>gomem gc whatif</c>: goldens of both formats, the settings it accepts, and bad input.</summary>
public sealed class GcWhatIfCommandTests
{
    [Fact]
    public void Text_matches_golden()
    {
        var result = GoMemCli.RunIn(GcFixtures.Dir, "gc", "whatif", "gogc100.run1.log", "--gogc", "200", "--workload", "batch");

        Assert.Equal("", result.Stderr);
        Assert.Equal(0, result.ExitCode);
        Golden.AssertMatches(Path.Combine("gc", "whatif.gogc200.txt"), Relative(result.Stdout));
    }

    [Fact]
    public void Json_matches_golden_and_has_the_predicted_figures()
    {
        var result = GoMemCli.RunIn(GcFixtures.Dir, "gc", "whatif", "gogc100.run1.log", "--gogc", "off", "--memlimit", "250MiB", "--format", "json");

        Assert.Equal(0, result.ExitCode);
        Golden.AssertMatches(Path.Combine("gc", "whatif.limit250.json"), Relative(result.Stdout));
        var predicted = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("predicted");
        foreach (var field in (string[])["gcCount", "peakHeapBytes", "gcCpuFraction", "totalStwSeconds"])
        {
            Assert.True(predicted.TryGetProperty(field, out _), field);
        }

        Assert.Equal(predicted.GetProperty("gcCount").GetInt32(), predicted.GetProperty("limitBoundCycles").GetInt32());
    }

    [Fact]
    public void More_room_means_fewer_cycles_and_a_bigger_heap()
    {
        int Count(string gogc) => JsonDocument.Parse(GoMemCli.RunIn(GcFixtures.Dir, "gc", "whatif", "gogc100.run2.log", "--gogc", gogc, "--format", "json").Stdout).RootElement.GetProperty("predicted").GetProperty("gcCount").GetInt32();
        long Peak(string gogc) => JsonDocument.Parse(GoMemCli.RunIn(GcFixtures.Dir, "gc", "whatif", "gogc100.run2.log", "--gogc", gogc, "--format", "json").Stdout).RootElement.GetProperty("predicted").GetProperty("peakHeapBytes").GetInt64();

        Assert.True(Count("50") > Count("100") && Count("100") > Count("200") && Count("200") > Count("400"));
        Assert.True(Peak("50") < Peak("100") && Peak("100") < Peak("200") && Peak("200") < Peak("400"));
    }

    [Fact]
    public void GOGC_off_without_a_limit_is_unbounded()
    {
        var result = GoMemCli.RunIn(GcFixtures.Dir, "gc", "whatif", "steady.log", "--gogc", "off", "--format", "json");

        var predicted = JsonDocument.Parse(result.Stdout).RootElement.GetProperty("predicted");
        Assert.True(predicted.GetProperty("unbounded").GetBoolean());
        Assert.Equal(0, predicted.GetProperty("gcCount").GetInt32());
    }

    [Theory]
    [InlineData("--gogc", "-5")]
    [InlineData("--gogc", "lots")]
    [InlineData("--memlimit", "huge")]
    public void Bad_settings_are_usage_errors(string option, string value) =>
        Assert.Equal(2, GoMemCli.RunIn(GcFixtures.Dir, "gc", "whatif", "steady.log", option, value).ExitCode);

    [Fact]
    public void Too_short_a_trace_is_bad_input()
    {
        var result = GoMemCli.Run("gc", "whatif", Path.Combine(GcFixtures.Dir, "published", "go1.19-forced.log"), "--gogc", "200");

        Assert.Equal(3, result.ExitCode);
        Assert.Contains("at least 4", result.Stderr, StringComparison.Ordinal);
    }

    private static string Relative(string text) => text.Replace(GcFixtures.Dir + "/", "", StringComparison.Ordinal);
}
