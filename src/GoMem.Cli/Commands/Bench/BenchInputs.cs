using GoMem.Benchmarks;
using GoMem.Cli.Infrastructure;
using GoMem.Sources;

namespace GoMem.Cli.Commands.Bench;

/// <summary>The inputs and option checks the bench commands share.</summary>
internal static class BenchInputs
{
    public static List<BenchmarkFile> Read(CliContext context, IReadOnlyList<string> arguments)
    {
        if (arguments.Count == 0)
        {
            throw new UsageException("give at least one benchmark file (go test -bench output), e.g. old.txt new.txt");
        }

        StandardInput.Announce(context, [.. arguments], "go test -bench output");
        var files = BenchmarkSources.Read(arguments);
        foreach (var file in files)
        {
            WarnLeftOut(context.Stderr, file);
        }

        return files;
    }

    /// <summary>One stderr line per result line left out for a value that is not a finite number (the first few), then a count.</summary>
    private static void WarnLeftOut(TextWriter stderr, BenchmarkFile file)
    {
        foreach (var line in file.LeftOut)
        {
            stderr.WriteLine("gomem: " + line);
        }

        var more = file.LeftOutLines - file.LeftOut.Count;
        if (more > 0)
        {
            stderr.WriteLine($"gomem: {file.Path}: {more} more result lines left out (a value is NaN, an infinity or out of range)");
        }
    }

    public static double Probability(double value, string option)
    {
        if (double.IsNaN(value) || value < 0 || value > 1)
        {
            throw new UsageException($"{option} must be in the range [0, 1]");
        }

        return value;
    }
}
