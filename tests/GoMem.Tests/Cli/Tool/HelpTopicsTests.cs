using GoMem.Cli.Infrastructure;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli.Tool;

/// <summary>`gomem help [TOPIC]`: the list of topics and each page, as golden files; an unknown topic is a usage error.</summary>
public sealed class HelpTopicsTests
{
    public static TheoryData<string> Topics() => ["inuse-vs-alloc", "pprof-vs-rss", "gogc-vs-gomemlimit"];

    [Fact]
    public void Help_alone_lists_the_topics()
    {
        var result = GoMemCli.Run("help");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Golden.AssertMatches("help/topics.txt", result.Stdout);
        foreach (var topic in Topics())
        {
            Assert.Contains("  " + topic + " ", result.Stdout, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Topics))]
    public void Each_topic_has_its_page(string topic)
    {
        var result = GoMemCli.Run("help", topic);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Golden.AssertMatches($"help/{topic}.txt", result.Stdout);
    }

    /// <summary>Every command a page shows as an example (but those that fetch a URL) runs as far as its inputs: it parses (no usage error).</summary>
    [Theory]
    [MemberData(nameof(Topics))]
    public void The_commands_a_page_shows_parse(string topic)
    {
        var page = GoMemCli.Run("help", topic).Stdout;
        var commands = page.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("gomem ", StringComparison.Ordinal) && !l.StartsWith("gomem help", StringComparison.Ordinal) && !l.Contains("http://", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(commands);
        foreach (var line in commands)
        {
            var args = line.Split("  ")[0].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1..];
            var result = GoMemCli.Run(args);
            Assert.True(result.ExitCode != ExitCodes.Usage, $"{line}: {result.Stderr}");
        }
    }

    [Theory]
    [InlineData("inuse-vs-aloc", "gomem: unknown help topic \"inuse-vs-aloc\"; did you mean \"inuse-vs-alloc\"? (see gomem help --help)")]
    [InlineData("rss", "gomem: unknown help topic \"rss\"; did you mean \"pprof-vs-rss\"? (see gomem help --help)")]
    [InlineData("gogc", "gomem: unknown help topic \"gogc\"; did you mean \"gogc-vs-gomemlimit\"? (see gomem help --help)")]
    [InlineData("weather", "gomem: unknown help topic \"weather\" (see gomem help --help)")]
    public void An_unknown_topic_is_a_usage_error_with_a_did_you_mean(string topic, string expected)
    {
        var result = GoMemCli.Run("help", topic);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal(expected + "\n", result.Stderr);
    }
}
