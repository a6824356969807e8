using GoMem.Escape.Analysis;
using GoMem.Profiles;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Escape;

/// <summary>
/// The join of the real v1 log with the allocs profile of the program built from the same sources
/// (examples/escape/v1, MemProfileRate = 1, 2000 rounds; made by examples/capture-escape.sh).
/// Expected figures follow from the workload in examples/escape/v1/main.go: Checksum runs in rounds 0, 50, ..., 1950
/// (40 calls of new([262144]byte) = 10,485,760 bytes); the profile charges 96 more bytes in one more object to the
/// same line, and `gomem top -s alloc_space -g lines` on the same profile shows the same line on top.
/// </summary>
public sealed class EscapeHotTests
{
    private static EscapeHotReport Report() =>
        EscapeHotAnalysis.Analyze(EscapeFixtures.Read("v1", "m2.txt"), ProfileReader.ReadFile(EscapeFixtures.Path("v1", "allocs.pb.gz")), "allocs.pb.gz");

    [Fact]
    public void Ranks_the_too_large_buffer_first_by_bytes()
    {
        var report = Report();
        var top = report.Sites[0];
        Assert.Equal(("patterns/patterns.go", 61, "Checksum"), (top.File, top.Line, top.Function));
        Assert.Equal(40L * 262_144, top.Bytes - 96);
        Assert.Equal(41, top.Objects);
        Assert.Equal(EscapeCause.TooLargeForStack, Assert.Single(top.Findings).Cause);
        Assert.Equal(("patterns/patterns.go", 27), (report.Sites[1].File, report.Sites[1].Line));
    }

    [Fact]
    public void Every_site_and_the_total_add_up_to_the_profile()
    {
        var report = Report();
        var profile = ProfileReader.ReadFile(EscapeFixtures.Path("v1", "allocs.pb.gz"));
        Assert.Equal(profile.AbsoluteTotal(profile.ResolveSampleIndex("alloc_space")), report.TotalBytes);
        Assert.Equal(report.MatchedBytes, report.Sites.Sum(s => s.Bytes));
        Assert.Equal(report.MatchedObjects, report.Sites.Sum(s => s.Objects));
        Assert.True(report.MatchedBytes < report.TotalBytes);
    }

    [Fact]
    public void Shows_allocating_lines_without_an_escape_finding()
    {
        // Words appends in a loop: the compiler reports nothing there, the profile shows the slice growth.
        var words = Report().Unexplained.Single(u => u.Function == "escapedemo/patterns.Words");
        Assert.Equal(("escapedemo/patterns/patterns.go", 76L), (words.File, words.Line));
        Assert.Equal(10_000, words.Objects);
    }

    [Theory]
    [InlineData("/opt/build/src/patterns/patterns.go", "example/patterns", "example/patterns", "patterns/patterns.go")]
    [InlineData("escapedemo/main.go", "main", "escapedemo", "main.go")]
    [InlineData("mod/b/main.go", "main", "mod/b", "b/main.go")]
    public void Matches_profile_paths_to_relative_compiler_paths(string profileFile, string framePackage, string package, string file)
    {
        var matcher = new FileMatcher([("example/patterns", "patterns/patterns.go"), ("escapedemo", "main.go"), ("mod/b", "b/main.go"), ("mod/a", "a/main.go")]);
        Assert.Equal((package, file), matcher.Match(profileFile, framePackage));
    }

    [Fact]
    public void Does_not_match_a_file_name_inside_a_longer_name_or_an_ambiguous_one()
    {
        var matcher = new FileMatcher([("x", "main.go"), ("y", "main.go")]);
        Assert.Null(matcher.Match("cmd/notmain.go", "main"));
        Assert.Null(matcher.Match("z/main.go", "main"));
        Assert.Equal(("y", "main.go"), matcher.Match("y/main.go", "main"));
    }

    [Theory]
    [InlineData("hot.v1.txt")]
    [InlineData("hot.v1.json", "--format", "json")]
    [InlineData("hot.v1.top3.txt", "-n", "3")]
    public void Output_matches_golden(string golden, params string[] options)
    {
        var result = GoMemCli.RunIn(RepoPaths.TestData, ["escape", "hot", "escapedemo/v1/m2.txt", "escapedemo/v1/allocs.pb.gz", .. options]);
        Assert.Equal("", result.Stderr);
        Assert.Equal(0, result.ExitCode);
        Golden.AssertMatches(Path.Combine("escape", golden), result.Stdout);
    }

    [Fact]
    public void A_log_given_as_the_profile_is_bad_input()
    {
        var result = GoMemCli.RunIn(RepoPaths.TestData, "escape", "hot", "escapedemo/v1/m2.txt", "escapedemo/v1/m2.txt");
        Assert.Equal(3, result.ExitCode);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void A_goroutine_profile_is_refused_as_bad_input()
    {
        var result = GoMemCli.RunIn(RepoPaths.TestData, "escape", "hot", "escapedemo/v1/m2.txt", "goroutineleak/goroutine.2.pb.gz");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("not in bytes", result.Stderr, StringComparison.Ordinal);
    }
}
