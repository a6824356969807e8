using System.Text.RegularExpressions;

namespace GoMem.Tests.TestSupport;

/// <summary>The gomem command tree as a user finds it: walking `gomem --help` down to the leaf commands.</summary>
internal static partial class CommandTree
{
    /// <summary>Every leaf command's path, e.g. ["gc", "stats"].</summary>
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
            Walk([.. path, match.Groups[1].Value], leaves);
        }
    }

    /// <summary>A command's name at the start of a line of the Commands section: lower-case words, joined by hyphens (prometheus-rules).</summary>
    [GeneratedRegex(@"^  ([a-z]+(?:-[a-z]+)*)(?=[ <\n])", RegexOptions.Multiline)]
    private static partial Regex CommandLine();
}
