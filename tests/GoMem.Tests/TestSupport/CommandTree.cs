using System.Text.RegularExpressions;

namespace GoMem.Tests.TestSupport;

/// <summary>The gomem command tree as a user finds it: walking `gomem --help` down to the leaf commands.</summary>
internal static partial class CommandTree
{
    /// <summary>
    /// Commands about gomem itself rather than reports: `gomem completion SHELL` prints a shell script and `gomem help
    /// TOPIC` a page, as --help and --version do, so they have no --format or -o and read no input. Their usage errors
    /// are tested in Cli/Tool/CompletionTests and HelpTopicsTests.
    /// </summary>
    public static IReadOnlyList<string> ToolCommands { get; } = ["completion", "help"];

    /// <summary>Every leaf report command's path, e.g. ["gc", "stats"] (not the <see cref="ToolCommands"/>).</summary>
    public static IReadOnlyList<string[]> Leaves()
    {
        var leaves = new List<string[]>();
        Walk([], leaves);
        return leaves;
    }

    public static string Help(string[] path)
    {
        var result = GoMemCli.Run([.. path, "--help"]);
        Assert.Equal(0, result.ExitCode);
        return result.Stdout.Replace("\r\n", "\n", StringComparison.Ordinal);
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
            if (path.Length == 0 && ToolCommands.Contains(match.Groups[1].Value))
            {
                continue;
            }

            Walk([.. path, match.Groups[1].Value], leaves);
        }
    }

    /// <summary>A command's name at the start of a line of the Commands section: lower-case words, joined by hyphens (prometheus-rules).</summary>
    [GeneratedRegex(@"^  ([a-z]+(?:-[a-z]+)*)(?=[ <\n])", RegexOptions.Multiline)]
    private static partial Regex CommandLine();
}
