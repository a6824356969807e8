using System.Globalization;
using System.Runtime.ExceptionServices;
using GoMem.Benchmarks;
using GoMem.Benchmarks.Parsing;
using GoMem.IO;

namespace GoMem.Sources;

/// <summary>Benchmark result files given as PATH or LABEL=PATH ("-" for stdin), labelled as benchstat labels them.</summary>
public static class BenchmarkSources
{
    /// <summary>
    /// Reads every input, several at once when there are several (each file is parsed on its own, so an old and a
    /// new run take the time of the larger). The result is in argument order, and when inputs fail, the error is
    /// the first failing one's in argument order, as if they had been read one by one.
    /// </summary>
    public static List<BenchmarkFile> Read(IReadOnlyList<string> arguments)
    {
        var labels = arguments.Select(a => Split(a).Label).ToList();
        var files = new BenchmarkFile?[arguments.Count];
        var errors = new ExceptionDispatchInfo?[arguments.Count];
        Parallel.For(0, arguments.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, (i, state) =>
        {
            if (state.LowestBreakIteration is { } failed && failed < i)
            {
                return;
            }

            var (label, path) = Split(arguments[i]);

            // The same label twice (a file given twice) becomes label#0, label#1, as benchstat names them.
            if (labels.Count(l => l == label) > 1)
            {
                label += "#" + labels.Take(i).Count(l => l == label).ToString(CultureInfo.InvariantCulture);
            }

            try
            {
                using var input = InputOpener.OpenFile(path);
                files[i] = BenchmarkReader.Read(input.Content, path, label);
            }
            catch (Exception e)
            {
                errors[i] = ExceptionDispatchInfo.Capture(e);
                state.Break();
            }
        });

        foreach (var error in errors)
        {
            error?.Throw();
        }

        return [.. files.Select(f => f!)];
    }

    /// <summary>LABEL=PATH names a column; a path that exists as written wins over that reading.</summary>
    private static (string Label, string Path) Split(string argument)
    {
        var eq = argument.IndexOf('=');
        return eq > 0 && !File.Exists(argument) ? (argument[..eq], argument[(eq + 1)..]) : (argument, argument);
    }
}
