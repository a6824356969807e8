using System.Text.RegularExpressions;
using GoMem.Cli.Infrastructure;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli;

/// <summary>
/// The usage-error contract, command by command: every leaf command found by walking `gomem --help`, given an unknown
/// or misspelt option, a missing argument, or an option value of the wrong kind, exits 2 with exactly one line on
/// stderr that names the culprit and points at the command's --help, and writes nothing to stdout (the help after an
/// error would corrupt a `--format json` pipeline). New commands are covered by walking the help, not by a list.
/// </summary>
public sealed partial class EveryCommandReportsUsageErrorsTests
{
    private static readonly string Heap = RepoPaths.Scenario("leakymap", "heap.2.pb.gz");

    public static TheoryData<string> Leaves() => [.. CommandTree.Leaves().Select(path => string.Join(' ', path))];

    [Theory]
    [MemberData(nameof(Leaves))]
    public void An_unknown_option_before_a_file_is_named_not_the_file(string leaf)
    {
        var result = GoMemCli.Run([.. leaf.Split(' '), "--no-such-option", Heap]);

        var line = AssertUsageLine(result, leaf);
        Assert.StartsWith("gomem: unknown option \"--no-such-option\"", line, StringComparison.Ordinal);
        Assert.DoesNotContain("heap.2.pb.gz", line, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Leaves))]
    public void A_misspelt_option_gets_a_did_you_mean(string leaf)
    {
        Assert.Contains("--format", CommandTree.Help(leaf.Split(' ')), StringComparison.Ordinal);

        var line = AssertUsageLine(GoMemCli.Run([.. leaf.Split(' '), "--formt", "json", Heap]), leaf);

        Assert.StartsWith("gomem: unknown option \"--formt\"; did you mean \"--format\"?", line, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Leaves))]
    public void A_missing_required_argument_is_named(string leaf)
    {
        var required = RequiredArguments(leaf);
        if (required.Count == 0)
        {
            // Nothing the parser can call missing (a profile or --store, standard input, a default store): the
            // commands' own checks are in Missing_inputs_are_named below.
            return;
        }

        var line = AssertUsageLine(GoMemCli.Run(leaf.Split(' ')), leaf);

        Assert.StartsWith("gomem: missing argument", line, StringComparison.Ordinal);
        Assert.Contains($"<{required[0]}>", line, StringComparison.Ordinal);
    }

    /// <summary>Every option that takes a value, given one of the wrong kind: never a .NET type name, never two lines.</summary>
    [Theory]
    [MemberData(nameof(Leaves))]
    public void A_bad_option_value_never_shows_a_dotnet_type(string leaf)
    {
        var dir = Directory.CreateTempSubdirectory("gomem-usage-").FullName;
        try
        {
            var corrupt = Path.Combine(dir, "corrupt.bin");
            File.WriteAllBytes(corrupt, [.. "not an input\n"u8, 0xff, 0x00]);
            var baseLine = EveryCommandRefusesCorruptInputTests.CommandLines.TryGetValue(leaf, out var known)
                ? known.Select(a => a.Replace(EveryCommandRefusesCorruptInputTests.Corrupt, corrupt, StringComparison.Ordinal).Replace("{store}", Path.Combine(dir, "runs.db"), StringComparison.Ordinal)).ToArray()
                : leaf.Split(' ');
            foreach (var option in ValueOptions(leaf))
            {
                // A path under a directory that does not exist, so that no option creates anything.
                var result = GoMemCli.Run([.. baseLine, option, "/no-such-dir/x!y"]);

                Assert.True(result.ExitCode is not (ExitCodes.Success or ExitCodes.InternalError), $"gomem {leaf} {option}: exit {result.ExitCode}");
                Assert.Equal("", result.Stdout);
                var line = Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
                Assert.DoesNotContain("System.", line, StringComparison.Ordinal);
                Assert.DoesNotContain("expected type", line, StringComparison.Ordinal);
                Assert.True(result.ExitCode != ExitCodes.Usage || line.Contains(option, StringComparison.Ordinal), $"gomem {leaf} {option}: {line}");
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("tpo|x", "gomem: unknown command \"tpo\"; did you mean \"top\"? (see gomem --help)")]
    [InlineData("gc|stat|gc.log", "gomem: unknown command \"gc stat\"; did you mean \"gc stats\"? (see gomem gc --help)")]
    [InlineData("compare|old.txt", "gomem: unknown command \"compare\"; did you mean \"bench compare\"? (see gomem --help)")]
    [InlineData("gc|compare|old.txt", "gomem: unknown command \"gc compare\"; did you mean \"bench compare\"? (see gomem gc --help)")]
    [InlineData("--hepl", "gomem: unknown option \"--hepl\"; did you mean \"--help\"? (see gomem --help)")]
    [InlineData("top|--nodecnt|5|{heap}", "gomem: unknown option \"--nodecnt\"; did you mean \"--nodecount\"? (see gomem top --help)")]
    [InlineData("top|-nodecnt=5|{heap}", "gomem: unknown option \"-nodecnt\"; did you mean \"--nodecount\"? (see gomem top --help)")]
    [InlineData("top|-nodecnt|5|{heap}", "gomem: unknown option \"-nodecnt\"; did you mean \"--nodecount\"? (see gomem top --help)")]
    [InlineData("top|--bogus=1|{heap}", "gomem: unknown option \"--bogus\" (see gomem top --help)")]
    [InlineData("top|{heap}|--bogus", "gomem: unknown option \"--bogus\" (see gomem top --help)")]
    [InlineData("gc|stats|--bogus|gc.log", "gomem: unknown option \"--bogus\" (see gomem gc stats --help)")]
    [InlineData("leak|--bogus|a|b", "gomem: unknown option \"--bogus\" (see gomem leak --help)")]
    [InlineData("top|--nodecount|abc|{heap}", "gomem: --nodecount: \"abc\" is not a whole number (see gomem top --help)")]
    [InlineData("leak|--alpha|high|dir", "gomem: --alpha: \"high\" is not a number (see gomem leak --help)")]
    [InlineData("top|--nodecount", "gomem: --nodecount needs a value (see gomem top --help)")]
    [InlineData("top|-edgefraction=1.5|{heap}", "gomem: --edgefraction must be between 0 and 1 (see gomem top --help)")]
    [InlineData("diff|--edgefraction|NaN|--base|{heap}|{heap}", "gomem: --edgefraction must be between 0 and 1 (see gomem diff --help)")]
    [InlineData("top|-symbolize=local|{heap}", "gomem: --symbolize local: gomem reads names from the profile only (no binaries, no symbol servers); the one value accepted is none (see gomem top --help)")]
    [InlineData("traces|--symbolize|remote|{heap}", "gomem: --symbolize remote: gomem reads names from the profile only (no binaries, no symbol servers); the one value accepted is none (see gomem traces --help)")]
    [InlineData("top|-f|jsn|{heap}", "gomem: -f: \"jsn\" is not one of json, text; did you mean \"json\"? (see gomem top --help)")]
    [InlineData("bench|compare|--format|yaml|old.txt", "gomem: --format: \"yaml\" is not one of csv, json, markdown, text (see gomem bench compare --help)")]
    [InlineData("goroutines|--by|x|dump.txt", "gomem: --by: \"x\" is not one of created-by, stack, top (see gomem goroutines --help)")]
    [InlineData("top|-g|xx|{heap}", "gomem: -g: \"xx\" is not one of addresses, filefunctions, files, functions, lines (see gomem top --help)")]
    [InlineData("gc|tune|--goal|x|--limit|1Gi", "gomem: --goal: \"x\" is not one of batch, general, latency, throughput (see gomem gc tune --help)")]
    [InlineData("top|{heap}|-f|json|-f|text", "gomem: --format takes one value, given \"json\" and \"text\" (see gomem top --help)")]
    [InlineData("explain|--every|30x|vars.json", "gomem: --every: \"30x\" is not a duration (e.g. 500ms, 10s, 1m30s, 2h) (see gomem explain --help)")]
    [InlineData("explain|--interval|1 min|vars.json", "gomem: --interval: \"1 min\" is not a duration (e.g. 500ms, 10s, 1m30s, 2h) (see gomem explain --help)")]
    [InlineData("explain|--timeout|10sec|http://127.0.0.1:1", "gomem: --timeout: \"10sec\" is not a duration (e.g. 500ms, 10s, 1m30s, 2h) (see gomem explain --help)")]
    [InlineData("leak|--interval|-30s|dir", "gomem: --interval: \"-30s\" is not a duration (e.g. 500ms, 10s, 1m30s, 2h) (see gomem leak --help)")]
    [InlineData("leak|--timeout|forever|http://127.0.0.1:1", "gomem: --timeout: \"forever\" is not a duration (e.g. 500ms, 10s, 1m30s, 2h) (see gomem leak --help)")]
    [InlineData("gc|stats|--follow|--follow-idle|5x|gc.log", "gomem: --follow-idle: \"5x\" is not a duration (e.g. 500ms, 10s, 1m30s, 2h) (see gomem gc stats --help)")]
    [InlineData("escape|diff|old.txt", "gomem: missing argument <new> (see gomem escape diff --help)")]
    [InlineData("escape|diff", "gomem: missing arguments <old> and <new> (see gomem escape diff --help)")]
    [InlineData("bench|gate|old.txt", "gomem: <files> needs 2 values, got 1 (see gomem bench gate --help)")]
    [InlineData("top|{heap}|{heap}", "gomem: unexpected argument \"{heap}\" (see gomem top --help)")]
    public void The_culprit_is_named(string commandLine, string expected)
    {
        var args = commandLine.Split('|').Select(a => a.Replace("{heap}", Heap, StringComparison.Ordinal)).ToArray();

        var result = GoMemCli.Run(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.Equal(expected.Replace("{heap}", Heap, StringComparison.Ordinal) + "\n", result.Stderr);
    }

    [Theory]
    [InlineData("top", "missing argument <profile>")]
    [InlineData("traces", "missing argument <profile>")]
    [InlineData("flame", "missing argument <profile>")]
    [InlineData("export|profile", "missing argument <profile>")]
    [InlineData("leak", "missing argument <snapshots>")]
    public void Missing_inputs_are_named(string command, string expected)
    {
        var path = command.Split('|');
        var line = AssertUsageLine(GoMemCli.Run(path), string.Join(' ', path));
        Assert.StartsWith("gomem: " + expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public void After_a_double_dash_an_option_like_word_is_a_file()
    {
        var result = GoMemCli.Run("top", "--", "--weird");
        Assert.Equal(ExitCodes.IoFailure, result.ExitCode);
        Assert.Equal("gomem: --weird: no such file\n", result.Stderr);
    }

    [Theory]
    [InlineData("")]
    [InlineData("--help")]
    [InlineData("gc")]
    [InlineData("gc|--help")]
    [InlineData("bench")]
    public void Help_asked_for_or_a_bare_group_is_help_on_stdout_with_exit_0(string commandLine)
    {
        var args = commandLine.Length == 0 ? [] : commandLine.Split('|');
        var result = GoMemCli.Run(args);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Assert.Contains("Usage:", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(CommandTree.Help([.. args.Where(a => a != "--help")]), result.Stdout);
    }

    /// <summary>One line on stderr, exit 2, nothing on stdout, ending with the pointer to the command's help.</summary>
    private static string AssertUsageLine(CliResult result, string leaf)
    {
        Assert.True(result.ExitCode == ExitCodes.Usage, $"gomem {leaf}: exit {result.ExitCode}, stderr: {result.Stderr}");
        Assert.Equal("", result.Stdout);
        var line = Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.EndsWith($" (see gomem {leaf} --help)", line, StringComparison.Ordinal);
        return line;
    }

    /// <summary>The arguments the help's Usage line shows as required: &lt;name&gt; outside brackets.</summary>
    private static List<string> RequiredArguments(string leaf)
    {
        var help = CommandTree.Help(leaf.Split(' '));
        var usage = help[(help.IndexOf("Usage:\n", StringComparison.Ordinal) + 7)..].Split('\n')[0];
        return [.. RequiredArgument().Matches(usage).Select(m => m.Groups[1].Value)];
    }

    /// <summary>The long names of the options that take a value (`--name &lt;value&gt;` in the help).</summary>
    private static List<string> ValueOptions(string leaf) =>
        [.. ValueOption().Matches(CommandTree.Help(leaf.Split(' '))).Select(m => m.Groups[1].Value)];

    [GeneratedRegex(@"(?<!\[)<([a-z-]+)>")]
    private static partial Regex RequiredArgument();

    [GeneratedRegex(@"^  (?:-[^\s,]+, )*(--[a-z][a-z0-9-]*) <", RegexOptions.Multiline)]
    private static partial Regex ValueOption();
}
