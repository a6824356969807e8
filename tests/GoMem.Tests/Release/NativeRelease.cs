using System.Diagnostics;
using GoMem.Tests.Cli.Tool;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Release;

/// <summary>
/// One run of scripts/release.sh for the tests that check its files and the native binary in them: made once for the
/// test class (a Native AOT build takes minutes), in a temporary folder, and extracted there.
/// </summary>
public sealed class NativeRelease : IDisposable
{
    public const string Version = "0.0.0-test";

    public NativeRelease()
    {
        if (NativeToolchain.SkipReason is not null)
        {
            return;
        }

        Out = Path.Combine(Root, "out");
        // The commit the binary is built from is HEAD when the build reads it, minutes before the tests look at the
        // binary: HEAD is read on both sides of the build, since a commit made meanwhile (the suite runs for minutes)
        // would otherwise make the version test compare the binary with a commit it was never built from.
        BuiltFrom = VersionTests.GitHead();
        var (exit, stdout, stderr) = Run(RepoPaths.Root, [Path.Combine(RepoPaths.Root, "scripts", "release.sh"), Version], ("GOMEM_RELEASE_OUT", Out));
        HeadAfterBuild = VersionTests.GitHead();
        Problem = exit == 0 ? null : $"release.sh exited {exit}: {stderr}";
        ScriptStdout = stdout;
        ScriptStderr = stderr;
        if (Problem is null)
        {
            Directory.CreateDirectory(Extracted);
            var untar = Run(Extracted, ["tar", "-xzf", Path.Combine(Out, $"gomem-{Version}-linux-x64.tar.gz")]);
            Problem = untar.Exit == 0 ? null : "tar: " + untar.Stderr;
        }
    }

    public string Root { get; } = Directory.CreateTempSubdirectory("gomem-release-").FullName;

    /// <summary>Where release.sh wrote its files.</summary>
    public string Out { get; } = "";

    public string Extracted => Path.Combine(Root, "x");

    /// <summary>The native gomem from the linux-x64 archive.</summary>
    public string Binary => Path.Combine(Extracted, $"gomem-{Version}-linux-x64", "gomem");

    /// <summary>HEAD's full hash when release.sh started (null outside a git checkout).</summary>
    public string? BuiltFrom { get; }

    /// <summary>HEAD's full hash when release.sh had finished: <see cref="BuiltFrom"/> unless a commit was made meanwhile.</summary>
    public string? HeadAfterBuild { get; }

    /// <summary>Why the release could not be made, or null.</summary>
    public string? Problem { get; }

    public string ScriptStdout { get; } = "";

    /// <summary>What release.sh said on stderr (its progress lines, and any build warning publish-native.sh passed on).</summary>
    public string ScriptStderr { get; } = "";

    public void Dispose() => Directory.Delete(Root, recursive: true);

    /// <summary>Runs a program to its end (environment: the test's, plus <paramref name="environment"/>).</summary>
    public static (int Exit, string Stdout, string Stderr) Run(string directory, string[] command, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(command[0], command[1..]) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout, stderr.Result);
    }
}

/// <summary>Native AOT links with clang or gcc: without either the native build cannot be made here.</summary>
internal static class NativeToolchain
{
    public static string? SkipReason { get; } = OnPath("clang") || OnPath("gcc")
        ? null
        : "needs clang or gcc on PATH to link the Native AOT build (apt-get install -y gcc libc6-dev, or clang)";

    private static bool OnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries).Any(dir => File.Exists(Path.Combine(dir, name)));
}

/// <summary>A fact about the native build: skipped, with the reason, when no linker for it is installed.</summary>
public sealed class NativeFactAttribute : FactAttribute
{
    public NativeFactAttribute() => Skip = NativeToolchain.SkipReason;
}

/// <summary>A theory about the native build: skipped, with the reason, when no linker for it is installed.</summary>
public sealed class NativeTheoryAttribute : TheoryAttribute
{
    public NativeTheoryAttribute() => Skip = NativeToolchain.SkipReason;
}
