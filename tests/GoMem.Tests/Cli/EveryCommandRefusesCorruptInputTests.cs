using GoMem.Cli.Infrastructure;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli;

/// <summary>
/// The error contract, command by command: every leaf command found by walking `gomem --help`, given a corrupt
/// input where it reads one, and given its own kind of real input cut short, exits 3 with one line on stderr that
/// names the file, and writes nothing to stdout. A new command must add its line here, or the coverage test fails;
/// a command that also reads the store gomem watch fills has that shape too.
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

    /// <summary>
    /// The real input of each command line's kind and where it is cut: gzip files and stores in the middle (a
    /// download or copy cut short); text logs are gzipped first, as they are often kept, because a text log cut at
    /// a line is still a log (the shorter one, which the command reads); JSON in the middle; YAML inside a flow
    /// mapping or a quoted string (cut between two entries it is a shorter valid file).
    /// </summary>
    private static readonly Dictionary<string, (string Fixture, Cut Cut, string Marker)> RealInputs = new(StringComparer.Ordinal)
    {
        ["top"] = ("leakymap/heap.2.pb.gz", Cut.Half, ""),
        ["traces"] = ("leakymap/heap.2.pb.gz", Cut.Half, ""),
        ["diff"] = ("leakymap/heap.1.pb.gz", Cut.Half, ""),
        ["flame"] = ("leakymap/allocs.2.pb.gz", Cut.Half, ""),
        ["export profile"] = ("leakymap/heap.2.pb.gz", Cut.Half, ""),
        ["leak"] = ("leakymap/heap.2.pb.gz", Cut.Half, ""),
        ["doctor"] = ("doctor-leakymap/heap.1.pb.gz", Cut.Half, ""),
        ["explain"] = ("leakymap/vars.2.json", Cut.Half, ""),
        ["gc stats"] = ("gc/gogc100.run1.log", Cut.GzipThenHalf, ""),
        ["gc whatif"] = ("gc/gogc100.run1.log", Cut.GzipThenHalf, ""),
        ["gc tune"] = ("gc/steady.log", Cut.GzipThenHalf, ""),
        ["escape summary"] = ("escapedemo/v1/m2.txt", Cut.GzipThenHalf, ""),
        ["escape diff"] = ("escapedemo/v2/m2.txt", Cut.GzipThenHalf, ""),
        ["escape hot"] = ("escapedemo/v1/allocs.pb.gz", Cut.Half, ""),
        ["goroutines"] = ("leakymap/goroutine.2.pb.gz", Cut.Half, ""),
        ["bench compare"] = ("bench-alloc/v2.json.gz", Cut.Half, ""),
        ["bench gate"] = ("bench-alloc/v2.json.gz", Cut.Half, ""),
        ["bench scaling"] = ("bench-scaling/concat.txt", Cut.GzipThenHalf, ""),
        ["bench record"] = ("bench-alloc/v1.txt", Cut.GzipThenHalf, ""),
        ["bench history"] = (BenchStore, Cut.Half, ""),
        ["bench trend"] = (BenchStore, Cut.Half, ""),
        ["watch"] = ("watch/targets.yaml", Cut.AfterMarker, "{service: leaky"),
        ["history"] = ("watch/demo.db", Cut.Half, ""),
        ["alerts"] = ("watch/demo.db", Cut.Half, ""),
        ["serve"] = ("watch/demo.db", Cut.Half, ""),
        ["explain --store"] = ("watch/demo.db", Cut.Half, ""),
        ["top --store"] = ("watch/demo.db", Cut.Half, ""),
        ["leak --store"] = ("watch/demo.db", Cut.Half, ""),
        ["watch --rules"] = ("../tests/golden/monitoring/alert-rules.yml", Cut.AfterMarker, "summary: \"{{"),
    };

    /// <summary>Stands for a benchmark history store the test records first (none is committed).</summary>
    private const string BenchStore = "{bench store}";

    private enum Cut
    {
        Half,
        GzipThenHalf,
        AfterMarker,
    }

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

    [Fact]
    public void Every_command_line_has_a_real_input_to_cut_short() =>
        Assert.Equal([.. CommandLines.Keys.Concat(StoreShapes.Keys).Order(StringComparer.Ordinal)], [.. RealInputs.Keys.Order(StringComparer.Ordinal)]);

    [Theory]
    [MemberData(nameof(Commands))]
    public void Corrupt_input_exits_3_with_one_line_naming_the_file(string command)
    {
        // Text-looking noise with binary bytes: not a profile, log, dump, benchmark file, manifest or database.
        var corrupt = Path.Combine(_dir, "corrupt.bin");
        File.WriteAllBytes(corrupt, [.. "SQLite? garbage line\n\u0001\u0002\u00ff not a gc line\nBenchmarkX\n"u8, .. Enumerable.Range(0, 512).Select(i => (byte)(i * 37))]);

        AssertRefusedNaming(command, RunWith(command, corrupt), "corrupt.bin");
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void Real_input_cut_short_exits_3_with_one_line_naming_the_file(string command)
    {
        var (fixture, cut, marker) = RealInputs[command];
        var bytes = fixture == BenchStore ? RecordBenchStore() : File.ReadAllBytes(Path.Combine(RepoPaths.TestData, fixture));
        bytes = cut switch
        {
            Cut.Half => bytes[..(bytes.Length / 2)],
            Cut.GzipThenHalf => Gzip(bytes)[..(Gzip(bytes).Length / 2)],
            _ => bytes[..(System.Text.Encoding.UTF8.GetString(bytes).IndexOf(marker, StringComparison.Ordinal) + marker.Length)],
        };
        var truncated = Path.Combine(_dir, "cut-short" + (cut == Cut.GzipThenHalf ? ".gz" : Path.GetExtension(fixture)));
        File.WriteAllBytes(truncated, bytes);

        AssertRefusedNaming(command, RunWith(command, truncated), "cut-short");
    }

    private CliResult RunWith(string command, string input)
    {
        var commandLine = CommandLines.TryGetValue(command, out var line) ? line : StoreShapes[command];
        return GoMemCli.Run([.. commandLine.Select(a => a.Replace(Corrupt, input, StringComparison.Ordinal).Replace("{store}", Path.Combine(_dir, "runs.db"), StringComparison.Ordinal))]);
    }

    private static void AssertRefusedNaming(string command, CliResult result, string name)
    {
        Assert.True(result.ExitCode == ExitCodes.BadInput, $"gomem {command}: exit {result.ExitCode}, stderr: {result.Stderr}");
        Assert.Equal("", result.Stdout);
        var line = Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("gomem: ", line, StringComparison.Ordinal);
        Assert.Contains(name, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A real benchmark history store: bench record of a committed run.</summary>
    private byte[] RecordBenchStore()
    {
        var store = Path.Combine(_dir, "history.db");
        var recorded = GoMemCli.Run("bench", "record", Path.Combine(RepoPaths.TestData, "bench-alloc", "v1.txt"), "--commit", "abc", "--store", store);
        Assert.True(recorded.ExitCode == ExitCodes.Success, recorded.Stderr);
        return File.ReadAllBytes(store);
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new System.IO.Compression.GZipStream(output, System.IO.Compression.CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }
}
