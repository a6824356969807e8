using GoMem.Benchmarks;
using GoMem.Benchmarks.Comparison;
using GoMem.Benchmarks.Parsing;
using GoMem.Cli.Infrastructure;
using GoMem.IO;

namespace GoMem.Cli.Commands.Bench;

/// <summary>Reads benchmark files given as PATH or LABEL=PATH ("-" for stdin), and the grouping options shared by bench commands.</summary>
internal static class BenchInputs
{
    public static List<BenchmarkFile> Read(IReadOnlyList<string> arguments)
    {
        if (arguments.Count == 0)
        {
            throw new UsageException("give at least one benchmark file (go test -bench output), e.g. old.txt new.txt");
        }

        var files = new List<BenchmarkFile>(arguments.Count);
        var labels = arguments.Select(a => Split(a).Label).ToList();
        for (var i = 0; i < arguments.Count; i++)
        {
            var (label, path) = Split(arguments[i]);

            // The same label twice (a file given twice) becomes label#0, label#1, as benchstat names them.
            if (labels.Count(l => l == label) > 1)
            {
                label += "#" + labels.Take(i).Count(l => l == label).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            using var input = InputOpener.OpenFile(path);
            files.Add(BenchmarkReader.Read(input.Content, path, label));
        }

        return files;
    }

    /// <summary>LABEL=PATH names a column; a path that exists as written wins over that reading.</summary>
    private static (string Label, string Path) Split(string argument)
    {
        var eq = argument.IndexOf('=');
        if (eq > 0 && !File.Exists(argument))
        {
            return (argument[..eq], argument[(eq + 1)..]);
        }

        return (argument, argument);
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
