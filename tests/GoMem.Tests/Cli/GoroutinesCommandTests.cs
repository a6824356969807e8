using System.Text.Json;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli;

/// <summary><c>gomem goroutines</c> on real dumps: golden text and JSON, options, and bad input.</summary>
public sealed class GoroutinesCommandTests
{
    [Theory]
    [InlineData("goroutines.goroutineleak.debug2.txt", "goroutineleak", "goroutine.2.debug2.txt")]
    [InlineData("goroutines.goroutineleak.pb.txt", "goroutineleak", "goroutine.2.pb.gz")]
    [InlineData("goroutines.leakymap.debug1.txt", "leakymap", "goroutine.2.debug1.txt")]
    [InlineData("goroutines.sigquit.created-by.txt", "goroutines", "sigquit.crash.log", "--by", "created-by")]
    [InlineData("goroutines.sigquit.all.txt", "goroutines", "sigquit.crash.log", "--all", "--by", "top")]
    [InlineData("goroutines.goroutineleak.debug2.json", "goroutineleak", "goroutine.2.debug2.txt", "--format", "json")]
    [InlineData("goroutines.sigquit.top.json", "goroutines", "sigquit.crash.log", "--by", "top", "--format", "json")]
    [InlineData("goroutines.ancestors.txt", "goroutines", "ancestors.debug2.txt")]
    [InlineData("goroutines.ancestors.json", "goroutines", "ancestors.debug2.txt", "--format", "json")]
    [InlineData("goroutines.indented.txt", "goroutines", "indented.test.log", "--by", "top")]
    public void Output_matches_golden(string golden, string scenario, string file, params string[] options)
    {
        var result = GoMemCli.RunIn(Path.Combine(RepoPaths.TestData, scenario), ["goroutines", file, .. options]);
        Assert.Equal("", result.Stderr);
        Assert.Equal(0, result.ExitCode);
        Golden.AssertMatches(Path.Combine("goroutines", golden), result.Stdout.Replace(RepoPaths.TestData + "/", "", StringComparison.Ordinal));
    }

    [Fact]
    public void Json_and_text_show_the_same_counts()
    {
        var dir = Path.Combine(RepoPaths.TestData, "goroutineleak");
        var json = JsonDocument.Parse(GoMemCli.RunIn(dir, "goroutines", "goroutine.2.debug2.txt", "--format", "json").Stdout).RootElement;
        var text = GoMemCli.RunIn(dir, "goroutines", "goroutine.2.debug2.txt").Stdout;
        foreach (var group in json.GetProperty("groups").EnumerateArray())
        {
            var count = group.GetProperty("count").GetInt64();
            Assert.Contains($"\n{count} goroutine{(count == 1 ? "" : "s")}: {group.GetProperty("key").GetString()}", text, StringComparison.Ordinal);
        }

        Assert.Equal(203, json.GetProperty("total").GetInt64());
    }

    [Fact]
    public void Ignore_top_hides_the_named_function()
    {
        var dir = Path.Combine(RepoPaths.TestData, "goroutineleak");
        var json = JsonDocument.Parse(GoMemCli.RunIn(dir, "goroutines", "goroutine.2.debug2.txt", "--ignore-top", "main.waitForReply", "--format", "json").Stdout).RootElement;
        Assert.Equal(201, json.GetProperty("hiddenIgnored").GetInt64());
        Assert.DoesNotContain(json.GetProperty("groups").EnumerateArray(), g => g.GetProperty("topFunction").GetString() == "main.waitForReply");
    }

    [Fact]
    public void Help_lists_the_default_ignore_list()
    {
        var result = GoMemCli.Run("goroutines", "--help");
        Assert.Contains("os/signal.signal_recv", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("runtime/pprof.writeGoroutineStacks", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Examples:", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_input_is_one_line_with_exit_code_3()
    {
        var result = GoMemCli.RunIn(Path.Combine(RepoPaths.TestData, "leakymap"), "goroutines", "vars.2.json");
        Assert.Equal(3, result.ExitCode);
        Assert.Contains("no goroutine tracebacks found", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
    }
}
