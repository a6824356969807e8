using GoMem.Cli.Infrastructure;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli;

/// <summary>
/// The error contract, command by command: every leaf command found by walking `gomem --help`, given a corrupt
/// input where it reads one, exits 3 with one line on stderr that names the file, and writes nothing to stdout.
/// A new command must add its line here, or the coverage test fails; a command that also reads the store gomem watch
/// fills has that shape too.
/// </summary>
public sealed class EveryCommandRefusesCorruptInputTests : IDisposable
{
    /// <summary>Where the command lines take the input under test (the file and output tests reuse them).</summary>
    internal const string Corrupt = "{corrupt}";

    /// <summary>Each leaf command with a command line that feeds it the corrupt file; good inputs where it needs two.</summary>
    internal static readonly Dictionary<string, string[]> CommandLines = new(StringComparer.Ordinal)
    {
        ["top"] = ["top", Corrupt],
        ["traces"] = ["traces", Corrupt],
        ["diff"] = ["diff", "--base", Corrupt, RepoPaths.Scenario("leakymap", "heap.2.pb.gz")],
        ["flame"] = ["flame", Corrupt, "-f", "json"],
        ["explain"] = ["explain", Corrupt],
        ["gc stats"] = ["gc", "stats", Corrupt],
        ["gc whatif"] = ["gc", "whatif", Corrupt, "--gogc", "200"],
        ["gc tune"] = ["gc", "tune", "--limit", "1Gi", "--trace", Corrupt],
        ["escape summary"] = ["escape", "summary", Corrupt],
        ["escape diff"] = ["escape", "diff", Corrupt, Path.Combine(RepoPaths.TestData, "escapedemo", "v1", "m2.txt")],
        ["escape hot"] = ["escape", "hot", Path.Combine(RepoPaths.TestData, "escapedemo", "v1", "m2.txt"), Corrupt],
        ["goroutines"] = ["goroutines", Corrupt],
        ["leak"] = ["leak", Corrupt],
        ["doctor"] = ["doctor", Corrupt],
        ["bench compare"] = ["bench", "compare", Corrupt],
        ["bench gate"] = ["bench", "gate", Corrupt, Corrupt],
        ["bench scaling"] = ["bench", "scaling", Corrupt],
        ["bench record"] = ["bench", "record", Corrupt, "--commit", "abc", "--store", "{store}"],
        ["bench history"] = ["bench", "history", "--store", Corrupt, "-f", "json"],
        ["bench trend"] = ["bench", "trend", "--store", Corrupt],
        ["watch"] = ["watch", "--config", Corrupt, "--check-config"],
        ["history"] = ["history", "--store", Corrupt],
        ["alerts"] = ["alerts", "--store", Corrupt],
        ["serve"] = ["serve", "--store", Corrupt, "--listen", "127.0.0.1:1"],
        ["export profile"] = ["export", "profile", Corrupt, "-f", "json"],
    };

    /// <summary>Second shapes of commands that read either files or the store gomem watch fills: the store is the corrupt file.</summary>
    internal static readonly Dictionary<string, string[]> StoreShapes = new(StringComparer.Ordinal)
    {
        ["explain --store"] = ["explain", "--store", Corrupt, "--target", "api"],
        ["top --store"] = ["top", "--store", Corrupt],
        ["leak --store"] = ["leak", "--store", Corrupt],
        ["watch --rules"] = ["watch", "--config", Path.Combine(RepoPaths.TestData, "watch", "targets.yaml"), "--rules", Corrupt, "--check-config"],
    };

    /// <summary>Leaf commands that read no input at all: they write what GoMem itself defines (rule files, dashboards).</summary>
    private static readonly string[] NoInput = ["export prometheus-rules", "export alert-rules", "export grafana"];

    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-corrupt-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string> Commands() => [.. CommandLines.Keys, .. StoreShapes.Keys];

    [Fact]
    public void Every_leaf_command_has_a_corrupt_input_case()
    {
        var leaves = CommandTree.Leaves().Select(path => string.Join(' ', path)).ToList();
        Assert.Empty(leaves.Except(CommandLines.Keys).Except(NoInput));
        Assert.Empty(CommandLines.Keys.Concat(NoInput).Except(leaves));
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Corrupt_input_exits_3_with_one_line_naming_the_file(string command)
    {
        // Text-looking noise with binary bytes: not a profile, log, dump, benchmark file, manifest or database.
        var corrupt = Path.Combine(_dir, "corrupt.bin");
        File.WriteAllBytes(corrupt, [.. "SQLite? garbage line\n\u0001\u0002\u00ff not a gc line\nBenchmarkX\n"u8, .. Enumerable.Range(0, 512).Select(i => (byte)(i * 37))]);
        var args = (CommandLines.TryGetValue(command, out var commandLine) ? commandLine : StoreShapes[command]).Select(a => a.Replace(Corrupt, corrupt, StringComparison.Ordinal).Replace("{store}", Path.Combine(_dir, "runs.db"), StringComparison.Ordinal)).ToArray();

        var result = GoMemCli.Run(args);

        Assert.True(result.ExitCode == ExitCodes.BadInput, $"gomem {command}: exit {result.ExitCode}, stderr: {result.Stderr}");
        Assert.Equal("", result.Stdout);
        var line = Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("gomem: ", line, StringComparison.Ordinal);
        Assert.Contains("corrupt.bin", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }
}
