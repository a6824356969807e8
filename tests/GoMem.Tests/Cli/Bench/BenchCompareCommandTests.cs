using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli.Bench;

public class BenchCompareCommandTests
{
    private static string Benchstat(string file) => Path.Combine(RepoPaths.Conformance, "perf", "cmd", "benchstat", "testdata", file);

    private static CliResult Compare(params string[] extra) =>
        GoMemCli.Run(["bench", "compare", "old.txt=" + Benchstat("old.txt"), "new.txt=" + Benchstat("new.txt"), .. extra]);

    [ConformanceTheory]
    [InlineData("text", "compare-oldnew.txt")]
    [InlineData("csv", "compare-oldnew.csv")]
    [InlineData("markdown", "compare-oldnew.md")]
    [InlineData("json", "compare-oldnew.json")]
    public void Every_format_has_a_golden(string format, string golden)
    {
        var result = Compare("--format", format);
        Assert.Equal(0, result.ExitCode);
        Golden.AssertMatches(Path.Combine("benchmarks", golden), result.Stdout);
    }

    [ConformanceFact]
    public void Markdown_marks_warnings_and_config_changes()
    {
        var result = GoMemCli.Run("bench", "compare", "--col", "note", "--format", "markdown", "units.txt=" + Benchstat("units.txt"));
        Assert.Equal(0, result.ExitCode);
        Golden.AssertMatches(Path.Combine("benchmarks", "compare-units.md"), result.Stdout);
    }

    [ConformanceFact]
    public void Alpha_changes_what_counts_as_significant()
    {
        var strict = Compare("--alpha", "0.0000001");
        Assert.DoesNotContain("-17.20%", strict.Stdout);
        Assert.Contains("~ (p=0.000 n=10)", strict.Stdout);
    }

    [ConformanceFact]
    public void A_filter_matching_nothing_is_explained_not_crashed()
    {
        var result = Compare("--filter", ".name:Nothing");
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("no benchmark results match the filter \".name:Nothing\"\n", result.Stdout);
    }

    [Fact]
    public void Bad_input_names_file_and_line_and_exits_3()
    {
        var path = Path.Combine(Path.GetTempPath(), "gomem-bench-bad-" + Guid.NewGuid().ToString("N") + ".txt");
        File.WriteAllText(path, "goos: linux\nBenchmarkA-8 100 12 ns/op 5\n");
        try
        {
            var result = GoMemCli.Run("bench", "compare", path);
            Assert.Equal(3, result.ExitCode);
            Assert.Equal($"gomem: {path}:2: benchmark BenchmarkA-8: odd number of value/unit fields (value \"5\" has no unit)\n", result.Stderr);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Missing_file_exits_4_and_bad_flags_exit_2()
    {
        Assert.Equal(4, GoMemCli.Run("bench", "compare", "no-such-file.txt").ExitCode);
        Assert.Equal(2, Compare("--alpha", "2").ExitCode);
        Assert.Equal(2, Compare("--filter", ".name:(A").ExitCode);
    }

    /// <summary>
    /// A corrupt line (here a 60 KB garbage field where the iteration count goes) stops the comparison: one line naming
    /// file, line and the start of the field, exit 3. benchstat warns and skips such a line, and on a line over its
    /// 64 KiB scanner limit stops reading the file, prints no table and still exits 0; a comparison that silently
    /// lacks data is worse for a user, and for CI, than a refusal that says where the file is broken.
    /// </summary>
    [Theory]
    [InlineData(61_440, "iteration count")]
    [InlineData(2 << 20, "line is longer than 1048576 bytes")]
    public void A_corrupt_or_overlong_line_is_one_bounded_line_naming_it(int garbage, string problem)
    {
        var path = Path.Combine(Path.GetTempPath(), "gomem-bench-long-" + Guid.NewGuid().ToString("N") + ".txt");
        File.WriteAllText(path, "goos: linux\nBenchmarkA-2 100 1 ns/op\nBenchmarkA-2 " + new string('x', garbage) + " 5 ns/op\nBenchmarkA-2 100 2 ns/op\n");
        try
        {
            var result = GoMemCli.Run("bench", "compare", path);
            Assert.Equal(3, result.ExitCode);
            Assert.Equal("", result.Stdout);
            var line = Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
            Assert.StartsWith($"gomem: {path}:3: ", line, StringComparison.Ordinal);
            Assert.Contains(problem, line, StringComparison.Ordinal);
            Assert.True(line.Length < path.Length + 200, $"the message quotes too much: {line.Length} characters");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
