using System.Text.RegularExpressions;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli;

/// <summary>
/// A machine-readable form is part of every command's contract: walking the command tree from `gomem --help`,
/// each leaf command must offer `--format` with json among its values.
/// </summary>
public partial class EveryCommandSpeaksJsonTests
{
    [Fact]
    public void Every_leaf_command_offers_format_json()
    {
        var leaves = new List<string[]>();
        Walk([], leaves);

        Assert.True(leaves.Count >= 19, $"only {leaves.Count} commands found: {string.Join(", ", leaves.Select(l => string.Join(' ', l)))}");
        var missing = leaves.Where(path => !FormatJson().IsMatch(Help(path))).Select(path => "gomem " + string.Join(' ', path)).ToList();
        Assert.True(missing.Count == 0, "no --format json: " + string.Join(", ", missing));
    }

    private static void Walk(string[] path, List<string[]> leaves)
    {
        var help = Help(path);
        var commands = help.IndexOf("\nCommands:\n", StringComparison.Ordinal);
        if (commands < 0)
        {
            leaves.Add(path);
            return;
        }

        // The section runs to the first blank line (examples below it may also start with two spaces).
        var section = help[(commands + 1)..];
        var end = section.IndexOf("\n\n", StringComparison.Ordinal);
        foreach (Match match in CommandLine().Matches(end < 0 ? section : section[..end]))
        {
            Walk([.. path, match.Groups[1].Value], leaves);
        }
    }

    private static string Help(string[] path)
    {
        var result = GoMemCli.Run([.. path, "--help"]);
        Assert.Equal(0, result.ExitCode);
        return result.Stdout.Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^  ([a-z]+)\b", RegexOptions.Multiline)]
    private static partial Regex CommandLine();

    [GeneratedRegex(@"--format <[^>]*\bjson\b[^>]*>")]
    private static partial Regex FormatJson();
}
