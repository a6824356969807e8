using System.Text.Json;
using GoMem.Profiles;
using GoMem.Tests.Profiles.Writing;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli.Monitoring;

/// <summary><c>gomem export profile</c>: a stored profile back as profile.proto that go tool pprof reads as gomem does.</summary>
public sealed class ExportCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-export-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [GoToolTheory]
    [InlineData("leakymap", "heap")]
    [InlineData("boundedcache", "goroutine")]
    public void A_stored_profile_exports_to_what_go_tool_pprof_reads_with_gomems_numbers(string target, string kind)
    {
        var store = Demo();
        var exported = Path.Combine(_dir, "exported.pb.gz");
        var export = GoMemCli.Run("export", "profile", "--store", store, "--target", target, "--kind", kind, "--at", "2026-12-05T02:12:00Z", "-o", exported);
        Assert.True(export.ExitCode == 0, export.Stderr);

        var pprof = GoToolPprof.Top(exported, kind == "heap" ? "inuse_space" : "goroutine", _dir);
        var gomem = GoMemCli.Run("top", "--store", store, "--target", target, "--kind", kind, "--at", "2026-12-05T02:12:00Z").Stdout;

        // The same report, but for the Time: line's layout (Go 1.19's pprof prints it differently; see README).
        static string WithoutTime(string text) => string.Join('\n', text.Split('\n').Where(l => !l.StartsWith("Time:", StringComparison.Ordinal)));
        Assert.Equal(WithoutTime(pprof), WithoutTime(gomem));
    }

    [Fact]
    public void Legacy_text_converts_to_an_equal_proto_profile_and_json_summarises_it()
    {
        var legacy = Path.Combine(RepoPaths.TestData, "leakymap", "heap.2.debug1.txt");
        var exported = Path.Combine(_dir, "legacy.pb.gz");
        Assert.Equal(0, GoMemCli.Run("export", "profile", legacy, "-o", exported).ExitCode);
        Assert.Equal(GoMemCli.Run("top", legacy).Stdout, GoMemCli.Run("top", exported).Stdout.Replace(exported, legacy, StringComparison.Ordinal));

        var summary = GoMemCli.Run("export", "profile", legacy, "-f", "json");
        using var json = JsonDocument.Parse(summary.Stdout);
        Assert.Equal(ProfileReader.ReadFile(legacy).SampleCount, json.RootElement.GetProperty("samples").GetInt32());
    }

    [Fact]
    public void A_binary_profile_is_not_written_to_a_terminal()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = GoMem.Cli.GoMemCommandLine.Run(["export", "profile", Path.Combine(RepoPaths.TestData, "leakymap", "heap.2.pb.gz")], stdout, stderr, TimeZoneInfo.Utc, stdoutIsTerminal: true);
        Assert.Equal(2, exit);
        Assert.Equal("", stdout.ToString());
        Assert.Contains("-o FILE", stderr.ToString(), StringComparison.Ordinal);
    }

    private string Demo()
    {
        var store = Path.Combine(_dir, "demo.db");
        File.Copy(Path.Combine(RepoPaths.TestData, "watch", "demo.db"), store);
        return store;
    }
}
