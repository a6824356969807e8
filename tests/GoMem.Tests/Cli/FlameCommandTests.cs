using System.Text.Json;
using GoMem.Cli.Infrastructure;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli;

public sealed class FlameCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-flame-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Writes_the_page_to_the_output_file()
    {
        var output = Path.Combine(_dir, "heap.html");
        var result = GoMemCli.RunIn(RepoPaths.TestData, "flame", "leakymap/heap.2.pb.gz", "-o", output);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal("", result.Stderr);
        var html = File.ReadAllText(output);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<title>leakymap &#xB7; inuse_space &#xB7; ", html, StringComparison.Ordinal);
        Assert.Contains("main.recordSession", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Diff_page_carries_base_and_new()
    {
        var output = Path.Combine(_dir, "growth.html");
        var result = GoMemCli.RunIn(RepoPaths.TestData, "flame", "--base", "leakymap/heap.1.pb.gz", "leakymap/heap.2.pb.gz", "-sample_index=alloc_space", "-o", output);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        var html = File.ReadAllText(output);
        Assert.Contains("\"diff\":true", html, StringComparison.Ordinal);
        Assert.Contains("\"sampleType\":\"alloc_space\"", html, StringComparison.Ordinal);
        Assert.Contains("class=\"flame-legend\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Pasted_list_options_are_accepted_but_said_to_be_ignored()
    {
        var plain = GoMemCli.RunIn(RepoPaths.TestData, "flame", "leakymap/heap.2.pb.gz", "--format", "json");
        var pasted = GoMemCli.RunIn(RepoPaths.TestData, "flame", "leakymap/heap.2.pb.gz", "--format", "json", "-nodecount=5", "--cum");

        Assert.Equal(0, pasted.ExitCode);
        Assert.Equal(plain.Stdout, pasted.Stdout);
        Assert.Equal("gomem: flame ignores --nodecount and --cum (options for top and traces): it draws every call path; --min-fraction folds narrow ones\n", pasted.Stderr.Replace("\r\n", "\n", StringComparison.Ordinal));

        var three = GoMemCli.RunIn(RepoPaths.TestData, "flame", "leakymap/heap.2.pb.gz", "--format", "json", "-nodecount=5", "-edgefraction=0", "--cum");
        Assert.Equal(plain.Stdout, three.Stdout);
        Assert.StartsWith("gomem: flame ignores --nodecount, --edgefraction and --cum (", three.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Redirected_stdout_gets_the_page_without_o()
    {
        // In process, stdout is a StringWriter: that counts as redirected.
        var result = GoMemCli.RunIn(RepoPaths.TestData, "flame", "leakymap/heap.2.pb.gz");
        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("<!DOCTYPE html>", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_tree_honours_filters()
    {
        var all = Tree(GoMemCli.RunIn(RepoPaths.TestData, "flame", "--format", "json", "leakymap/heap.2.pb.gz"));
        var focused = Tree(GoMemCli.RunIn(RepoPaths.TestData, "flame", "-f", "json", "-focus=json", "--min-fraction", "0", "leakymap/heap.2.pb.gz"));
        var root = all.GetProperty("root");
        Assert.Equal("root", root.GetProperty("name").GetString());
        Assert.Equal(all.GetProperty("total").GetInt64(), root.GetProperty("value").GetInt64());
        Assert.Equal("bytes", all.GetProperty("unit").GetString());
        Assert.False(all.GetProperty("diff").GetBoolean());
        Assert.True(focused.GetProperty("root").GetProperty("value").GetInt64() < root.GetProperty("value").GetInt64());
        Assert.Equal("focus=json", focused.GetProperty("filters")[0].GetString());

        var diff = Tree(GoMemCli.RunIn(RepoPaths.TestData, "flame", "--format", "json", "--base", "leakymap/heap.1.pb.gz", "leakymap/heap.2.pb.gz"));
        var diffRoot = diff.GetProperty("root");
        Assert.Equal(diffRoot.GetProperty("new").GetInt64() - diffRoot.GetProperty("base").GetInt64(), diffRoot.GetProperty("value").GetInt64());
    }

    [Fact]
    public void Terminal_stdout_without_o_is_a_usage_error()
    {
        var profile = RepoPaths.Scenario("leakymap", "heap.2.pb.gz");
        // HTML is flame's default format: at a terminal without -o, one usage line suggesting a file, no page.
        var (code, stdout, stderr) = RunOnTerminal("flame", profile);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Equal("", stdout);
        Assert.Equal("gomem: an HTML page is not written to a terminal: give -o flame.html (or redirect standard output) (see gomem flame --help)\n", stderr);
        Assert.Equal(stderr, RunOnTerminal("flame", "--format", "html", profile).Stderr);

        Assert.Equal(ExitCodes.Success, RunOnTerminal("flame", "--format", "json", profile).Code);
        var page = Path.Combine(Path.GetTempPath(), $"gomem-flame-{Guid.NewGuid():N}.html");
        try
        {
            Assert.Equal(ExitCodes.Success, RunOnTerminal("flame", profile, "-o", page).Code);
            Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(page), StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            File.Delete(page);
        }
    }

    private static (int Code, string Stdout, string Stderr) RunOnTerminal(params string[] args)
    {
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var code = GoMem.Cli.GoMemCommandLine.Run(args, stdout, stderr, TimeZoneInfo.Utc, stdoutIsTerminal: true);
        return (code, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("--min-fraction", "2")]
    [InlineData("--min-fraction", "-0.5")]
    [InlineData("--format", "svg")]
    [InlineData("--granularity", "bogus")]
    public void Bad_flags_exit_2(string flag, string value)
    {
        var result = GoMemCli.RunIn(RepoPaths.TestData, "flame", flag, value, "leakymap/heap.2.pb.gz", "-o", Path.Combine(_dir, "x.html"));
        // One line naming the flag, and never the help on stdout.
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Contains(flag, Assert.Single(result.Stderr.TrimEnd('\n').Split('\n')), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "x.html")));
    }

    [Fact]
    public void Missing_profile_argument_exits_2()
    {
        Assert.Equal(ExitCodes.Usage, GoMemCli.Run("flame", "-o", Path.Combine(_dir, "x.html")).ExitCode);
    }

    [Fact]
    public void Bad_input_exits_3_with_one_line()
    {
        var bad = Path.Combine(_dir, "notes.txt");
        File.WriteAllText(bad, "hello, this is not a profile\n");
        var output = Path.Combine(_dir, "x.html");
        var result = GoMemCli.Run("flame", bad, "-o", output);
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.StartsWith("gomem: ", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.False(File.Exists(output));

        var badBase = GoMemCli.Run("flame", "--base", bad, RepoPaths.Scenario("leakymap", "heap.2.pb.gz"), "-o", output);
        Assert.Equal(ExitCodes.BadInput, badBase.ExitCode);
        Assert.Single(badBase.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Base_of_another_kind_is_refused_in_one_line()
    {
        var result = GoMemCli.RunIn(RepoPaths.TestData, "flame", "--base", "goroutineleak/goroutine.2.pb.gz", "leakymap/heap.2.pb.gz", "-o", Path.Combine(_dir, "x.html"));
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("goroutine.2.pb.gz: the base profile has no sample type", result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Help_shows_examples()
    {
        var result = GoMemCli.Run("flame", "--help");
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("gomem flame heap.pb.gz -o heap.html", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--min-fraction", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("--focus", result.Stdout, StringComparison.Ordinal);
    }

    private static JsonElement Tree(CliResult result)
    {
        Assert.Equal("", result.Stderr);
        Assert.Equal(0, result.ExitCode);
        // Every tree level is two JSON levels (node and children array).
        return JsonDocument.Parse(result.Stdout, new JsonDocumentOptions { MaxDepth = 4096 }).RootElement.Clone();
    }
}
