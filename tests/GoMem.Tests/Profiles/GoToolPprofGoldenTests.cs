using GoMem.IO;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Profiles;

/// <summary>
/// gomem against the real `go tool pprof` (Go 1.19) on profiles captured from the example programs: every golden
/// listed in a testdata/**/golden/COMMANDS.txt (made by examples/capture.sh, capture-pprof-fidelity.sh and
/// capture-conformance.sh) must match byte for byte, except the
/// Time: line, whose layout changed in later pprof versions (we print the current one).
/// </summary>
public sealed class GoToolPprofGoldenTests
{
    public static TheoryData<string, string, string> Cases()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var commands in Directory.GetFiles(RepoPaths.TestData, "COMMANDS.txt", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            // The folder the commands run in, relative to testdata/ (testdata/conformance/profiles is two levels down).
            var scenario = Path.GetRelativePath(RepoPaths.TestData, Path.GetDirectoryName(Path.GetDirectoryName(commands))!).Replace('\\', '/');
            foreach (var line in File.ReadLines(commands))
            {
                if (line.StartsWith('#') || !line.Contains('\t'))
                {
                    continue;
                }

                var parts = line.Split('\t');
                data.Add(scenario, parts[0], parts[1]);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Output_matches_go_tool_pprof(string scenario, string goldenFile, string pprofCommand)
    {
        var directory = Path.Combine(RepoPaths.TestData, scenario);
        var args = Translate(pprofCommand, out var legacyWithBinary);
        var result = GoMemCli.RunIn(directory, args);

        Assert.Equal("", result.Stderr);
        Assert.Equal(0, result.ExitCode);
        // Read as bytes: a golden may hold names that are not UTF-8, which pprof prints as they are (and gomem too).
        var golden = ByteStrings.Decode(File.ReadAllBytes(Path.Combine(directory, goldenFile))).TrimEnd('\n');
        var expected = golden.Split('\n').Where(l => !l.StartsWith("Time:", StringComparison.Ordinal));
        if (legacyWithBinary)
        {
            // pprof names the binary from its command line; the text profile itself does not record it.
            expected = expected.Where(l => !l.StartsWith("File:", StringComparison.Ordinal));
        }

        var actual = result.Stdout.Split('\n').Where(l => !l.StartsWith("Time:", StringComparison.Ordinal));
        Assert.Equal(string.Join('\n', expected), string.Join('\n', actual).TrimEnd('\n'));
    }

    /// <summary>
    /// Maps a pprof command line onto gomem: -top → top, -traces → traces, -diff_base → diff; other flags pass
    /// through as pprof spellings, which gomem accepts. A legacy text profile given with its binary is compared
    /// with --noinlines: pprof's binary symbolizer cannot see inlined frames, gomem reads them from Go's comments.
    /// </summary>
    private static string[] Translate(string pprofCommand, out bool legacyWithBinary)
    {
        var words = pprofCommand.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(3).ToList();
        legacyWithBinary = words.RemoveAll(w => w.StartsWith("/opt/", StringComparison.Ordinal)) > 0;
        var command = words.Remove("-traces") ? "traces" : "top";
        words.Remove("-top");
        if (words.Any(w => w.StartsWith("-diff_base", StringComparison.Ordinal)))
        {
            command = "diff";
        }

        if (legacyWithBinary)
        {
            words.Add("--noinlines");
        }

        return [command, .. words];
    }
}
