using System.Diagnostics;
using GoMem.Profiles;
using GoMem.Profiles.Writing;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Profiles.Writing;

/// <summary>
/// The real <c>go tool pprof</c> reads an exported profile exactly as it reads the capture it came from: for real
/// captures and every sample type, <c>-top</c> prints the same text, line for line (the File: and Time: lines
/// included). Skipped when Go is not installed (test.sh installs it).
/// </summary>
public sealed class GoToolPprofExportTests : IDisposable
{
    private static readonly string[] Captures = ["leakymap/heap.2.pb.gz", "goroutineleak/goroutine.2.pb.gz", "churn/heap.2.pb.gz"];

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("gomem-export-");

    public void Dispose() => _directory.Delete(recursive: true);

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var capture in Captures)
        {
            foreach (var type in ProfileReader.ReadFile(Path.Combine(RepoPaths.TestData, capture)).SampleTypes)
            {
                data.Add(capture, type.Type);
            }
        }

        return data;
    }

    [GoToolTheory]
    [MemberData(nameof(Cases))]
    public void Go_tool_pprof_top_prints_the_same_for_the_export_as_for_the_capture(string capture, string sampleIndex)
    {
        var original = Path.Combine(RepoPaths.TestData, capture);
        var exported = Path.Combine(_directory.FullName, "exported.pb.gz");
        using (var output = File.Create(exported))
        {
            ProfileProtoEncoder.Write(ProfileReader.ReadFile(original), output);
        }

        var expected = GoToolPprof.Top(original, sampleIndex, _directory.FullName);
        var actual = GoToolPprof.Top(exported, sampleIndex, _directory.FullName);
        Assert.Contains("flat%", expected);
        Assert.Equal(expected, actual);
    }
}

/// <summary>Runs <c>go tool pprof</c> (Go 1.19 from Debian in test.sh) on a local file, without symbolization lookups.</summary>
internal static class GoToolPprof
{
    public static string Top(string profile, string sampleIndex, string scratch)
    {
        var start = new ProcessStartInfo("go", ["tool", "pprof", "-top", "-sample_index=" + sampleIndex, profile])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["PPROF_TMPDIR"] = scratch;
        start.Environment["PPROF_BINARY_PATH"] = scratch;
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start go tool pprof");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("go tool pprof timed out on " + profile);
        }

        Assert.True(process.ExitCode == 0, $"go tool pprof failed on {profile}: {stderr.Result}");
        return stdout;
    }
}

/// <summary>A theory that is skipped (xunit's Skip) when <c>go</c> is not on PATH.</summary>
public sealed class GoToolTheoryAttribute : TheoryAttribute
{
    public GoToolTheoryAttribute()
    {
        if (!GoIsInstalled.Value)
        {
            Skip = "needs Go on PATH (test.sh installs it: apt-get install -y golang-go)";
        }
    }

    private static readonly Lazy<bool> GoIsInstalled = new(() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, "go"))));
}
