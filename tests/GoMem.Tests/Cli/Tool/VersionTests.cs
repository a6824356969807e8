using System.Diagnostics;
using System.Reflection;
using GoMem.Cli.Infrastructure;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli.Tool;

/// <summary>`gomem --version`: the version and the commit the binary was built from, one line.</summary>
public sealed class VersionTests
{
    [GitCheckoutFact]
    public void Version_names_the_version_and_the_commit_of_HEAD()
    {
        var head = GitHead();
        // The commit this test run was built from: the SDK stamps it into every assembly of the build, this one too.
        var builtFrom = typeof(VersionTests).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+') is [_, var sha, ..] ? sha : null;
        Assert.True(builtFrom == head, $"HEAD is {head}, but the tests were built at {builtFrom}: a commit made after the build cannot be named by it; run the tests again");

        var result = GoMemCli.Run("--version");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Assert.Equal($"gomem {ToolVersion.Version} (commit {head![..12]})\n", result.Stdout);
        Assert.Matches(@"^\d+\.\d+\.\d+", ToolVersion.Version);
    }

    /// <summary>
    /// HEAD's full hash, or null outside a git checkout. The checkout is declared safe for this one command: git
    /// refuses a repository another user owns (as a CI checkout may be), while the SDK, which reads .git itself,
    /// stamps the commit into the build regardless, so without it the tests would expect "unknown".
    /// </summary>
    internal static string? GitHead()
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", ["-c", "safe.directory=" + RepoPaths.Root, "-C", RepoPaths.Root, "rev-parse", "HEAD"]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 && output.Length == 40 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}

/// <summary>A fact about the commit the build was made from: skipped, with the reason, outside a git checkout.</summary>
public sealed class GitCheckoutFactAttribute : FactAttribute
{
    public GitCheckoutFactAttribute() => Skip = VersionTests.GitHead() is null ? "not a git checkout (or no git): no commit to compare with" : null;
}
