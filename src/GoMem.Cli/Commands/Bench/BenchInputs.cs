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
        return BenchmarkSources.Read(arguments);
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
