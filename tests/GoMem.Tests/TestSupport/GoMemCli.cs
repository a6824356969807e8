using GoMem.Cli;

namespace GoMem.Tests.TestSupport;

/// <summary>The result of running the gomem command line in process.</summary>
internal sealed record CliResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs gomem commands in process, with times shown in UTC so output is reproducible.</summary>
internal static class GoMemCli
{
    public static CliResult Run(params string[] args) => RunIn(null, args);

    /// <summary>Runs with the working directory's relative paths resolved against <paramref name="directory"/>.</summary>
    public static CliResult RunIn(string? directory, params string[] args)
    {
        if (directory is not null)
        {
            args = [.. args.Select(a => Resolve(directory, a))];
        }

        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var code = GoMemCommandLine.Run(args, stdout, stderr, TimeZoneInfo.Utc);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Turns file-name arguments (also in --opt=value form) into paths under the directory when such a file exists.</summary>
    private static string Resolve(string directory, string arg)
    {
        var eq = arg.IndexOf('=');
        if (arg.StartsWith('-') && eq > 0)
        {
            var value = arg[(eq + 1)..];
            return File.Exists(Path.Combine(directory, value)) ? arg[..(eq + 1)] + Path.Combine(directory, value) : arg;
        }

        var candidate = Path.Combine(directory, arg);
        return !arg.StartsWith('-') && (File.Exists(candidate) || Directory.Exists(candidate)) ? candidate : arg;
    }
}
