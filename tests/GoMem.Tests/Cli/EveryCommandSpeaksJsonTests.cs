using System.Text.RegularExpressions;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli;

/// <summary>
/// A machine-readable form and a destination are part of every command's contract: walking the command tree from
/// `gomem --help`, each leaf command must offer `--format` with json among its values, and `-o/--output`.
/// </summary>
public partial class EveryCommandSpeaksJsonTests
{
    [Fact]
    public void Every_leaf_command_offers_format_json()
    {
        var leaves = CommandTree.Leaves();

        Assert.True(leaves.Count >= 19, $"only {leaves.Count} commands found: {string.Join(", ", leaves.Select(l => string.Join(' ', l)))}");
        var missing = leaves.Where(path => !FormatJson().IsMatch(CommandTree.Help([.. path]))).Select(path => "gomem " + string.Join(' ', path)).ToList();
        Assert.True(missing.Count == 0, "no --format json: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_leaf_command_takes_an_output_file()
    {
        var missing = CommandTree.Leaves().Where(path => !CommandTree.Help([.. path]).Contains("-o, --output", StringComparison.Ordinal)).Select(path => "gomem " + string.Join(' ', path)).ToList();
        Assert.True(missing.Count == 0, "no -o/--output: " + string.Join(", ", missing));
    }

    [GeneratedRegex(@"--format <[^>]*\bjson\b[^>]*>")]
    private static partial Regex FormatJson();
}
