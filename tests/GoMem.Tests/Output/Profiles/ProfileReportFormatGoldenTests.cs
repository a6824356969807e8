using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Output.Profiles;

/// <summary>
/// Golden files for every output format of the profile commands (the pprof-compatible text of top, traces and
/// diff is also checked against go tool pprof itself in GoToolPprofGoldenTests).
/// </summary>
public sealed class ProfileReportFormatGoldenTests
{
    [Theory]
    [InlineData("top.leakymap.json", "top", "--format", "json", "--nodecount", "8", "leakymap/heap.2.pb.gz")]
    [InlineData("top.churn.alloc_space.lines.json", "top", "--format", "json", "-s", "alloc_space", "-g", "lines", "-n", "5", "churn/heap.2.pb.gz")]
    [InlineData("diff.leakymap.json", "diff", "--format", "json", "--nodecount", "6", "--base", "leakymap/heap.1.pb.gz", "leakymap/heap.2.pb.gz")]
    [InlineData("traces.goroutineleak.focus.json", "traces", "--format", "json", "--focus", "waitForReply", "goroutineleak/goroutine.2.pb.gz")]
    [InlineData("traces.goroutineleak.focus.txt", "traces", "--focus", "waitForReply", "goroutineleak/goroutine.2.pb.gz")]
    [InlineData("compare-alloc.churn.txt", "top", "--compare-alloc", "-n", "10", "churn/heap.2.pb.gz")]
    [InlineData("compare-alloc.leakymap.json", "top", "--compare-alloc", "--format", "json", "-n", "10", "leakymap/heap.2.pb.gz")]
    [InlineData("top.leakymap.debug1.txt", "top", "-n", "10", "leakymap/heap.2.debug1.txt")]
    public void Output_matches_golden(string golden, params string[] args)
    {
        var result = GoMemCli.RunIn(RepoPaths.TestData, args);
        Assert.Equal("", result.Stderr);
        Assert.Equal(0, result.ExitCode);
        Golden.AssertMatches(Path.Combine("profiles", golden), result.Stdout);
    }

    [Fact]
    public void Json_and_text_show_the_same_numbers()
    {
        var text = GoMemCli.RunIn(RepoPaths.TestData, "top", "-s", "inuse_objects", "-n", "5", "leakymap/heap.2.pb.gz").Stdout;
        var json = System.Text.Json.JsonDocument.Parse(GoMemCli.RunIn(RepoPaths.TestData, "top", "-s", "inuse_objects", "-n", "5", "--format", "json", "leakymap/heap.2.pb.gz").Stdout);
        var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
        var lines = text.Split('\n').SkipWhile(l => !l.TrimStart().StartsWith("flat", StringComparison.Ordinal)).Skip(1).Where(l => l.Length > 0).ToList();
        Assert.Equal(rows.Count, lines.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var columns = lines[i].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(rows[i].GetProperty("flat").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), columns[0]);
            Assert.Equal(rows[i].GetProperty("cum").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), columns[3]);
            Assert.EndsWith(rows[i].GetProperty("name").GetString()!, lines[i].Replace(" (inline)", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }
    }
}
