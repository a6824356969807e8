using System.Security.Cryptography;
using System.Text;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Profiles.Conformance;

/// <summary>
/// gomem top against go tool pprof (Go 1.19) on a big real CPU profile of the conformance corpus (google/pprof's
/// internal/proftest/testdata/large.cpu, Apache-2.0): with every node kept, the call edges pprof trims under
/// -edgefraction decide some "(inline)" marks. testdata/pprof-large-cpu keeps pprof's marked lines and the SHA-256 of
/// its whole output (23,044 lines, Time: line left out), captured by the commands in its README.
/// </summary>
public sealed class EdgeTrimmingConformanceTests
{
    private static readonly string Expected = Path.Combine(RepoPaths.TestData, "pprof-large-cpu");

    public static TheoryData<string, string[]> Cases() => new()
    {
        { "top.nodefraction0", ["-nodefraction=0"] },
        { "top.nodefraction0.edgefraction0", ["-nodefraction=0", "-edgefraction=0"] },
    };

    [ConformanceTheory]
    [MemberData(nameof(Cases))]
    public void Top_matches_pprof_byte_for_byte(string name, string[] flags)
    {
        var large = Path.Combine(RepoPaths.Conformance, "pprof", "internal", "proftest", "testdata", "large.cpu");
        var result = GoMemCli.Run(["top", .. flags, large]);
        Assert.Equal("", result.Stderr);
        Assert.Equal(0, result.ExitCode);

        var lines = result.Stdout.Split('\n');
        var marked = lines.Where(l => l.EndsWith("inline)", StringComparison.Ordinal));
        Assert.Equal(File.ReadAllText(Path.Combine(Expected, name + ".marks.txt")), string.Concat(marked.Select(l => l + "\n")));

        var withoutTime = string.Join('\n', lines.Where(l => !l.StartsWith("Time:", StringComparison.Ordinal)));
        var sum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(withoutTime)));
        var expected = File.ReadLines(Path.Combine(Expected, "SHA256SUMS")).Single(l => l.EndsWith("  " + name + ".txt", StringComparison.Ordinal));
        Assert.Equal(expected[..64], sum);
    }
}
