using System.CommandLine;
using System.Diagnostics;
using GoMem.Cli.Infrastructure;
using GoMem.Storage;

namespace GoMem.Cli.Commands.Bench;

/// <summary>The --store option shared by record, history and trend, and git look-ups for run defaults.</summary>
internal static class BenchStoreOptions
{
    public static Option<string> Store() => new("--store")
    {
        Description = "The benchmark store: an SQLite file, created on first use.",
        DefaultValueFactory = _ => "gomem.db",
    };

    public static IBenchmarkStore Open(string path, bool mustExist)
    {
        if (mustExist && !File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such store (record runs with gomem bench record FILE --store {path})", path);
        }

        return SqliteBenchmarkStore.Open(path);
    }

    /// <summary>Runs git in the current directory; null when git is missing or this is not a repository.</summary>
    public static string? Git(params string[] args)
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

    public static DateTimeOffset ParseTime(string text)
    {
        if (DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        throw new UsageException($"--time: \"{text}\" is not a date and time (e.g. 2026-11-23T05:00:00Z)");
    }
}
