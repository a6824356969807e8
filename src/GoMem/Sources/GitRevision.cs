using System.Diagnostics;

namespace GoMem.Sources;

/// <summary>The commit, branch and time of the code in the current directory, as git says them (for a benchmark run).</summary>
public static class GitRevision
{
    public static string? Commit() => Git("rev-parse", "HEAD");

    public static string? Branch() => Git("rev-parse", "--abbrev-ref", "HEAD");

    /// <summary>The committer date of HEAD, ISO 8601.</summary>
    public static string? CommitTime() => Git("show", "-s", "--format=%cI", "HEAD");

    /// <summary>Runs git here; null when git is missing or this is not a repository.</summary>
    private static string? Git(params string[] args)
    {
        try
        {
            var start = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEnd().Trim();
            process.StandardError.ReadToEnd();
            return process.WaitForExit(10_000) && process.ExitCode == 0 && output.Length > 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
