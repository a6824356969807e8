using System.Globalization;
using System.Runtime.ExceptionServices;
using GoMem.Benchmarks;
using GoMem.Benchmarks.Parsing;
using GoMem.IO;

namespace GoMem.Sources;

/// <summary>Benchmark result files given as PATH or LABEL=PATH ("-" for stdin), labelled as benchstat labels them.</summary>
public static class BenchmarkSources
{
    /// <summary>Below this many bytes in all, the inputs are read one after the other: starting threads costs more.</summary>
    private const long ParallelFromBytes = 1 << 20;

    /// <summary>
    /// Reads every input, several at once when there are several big ones (each file is parsed on its own, so an old
    /// and a new run take the time of the larger; small files are read one by one, as starting the thread pool would
    /// take longer than parsing them). The result is in argument order, and when inputs fail, the error is the first
    /// failing one's in argument order, as if they had been read one by one.
    /// </summary>
    public static List<BenchmarkFile> Read(IReadOnlyList<string> arguments)
    {
        var labels = arguments.Select(a => Split(a).Label).ToList();
        var files = new BenchmarkFile?[arguments.Count];
        var errors = new ExceptionDispatchInfo?[arguments.Count];

        bool ReadOne(int i)
        {
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
                return true;
            }
            catch (Exception e)
            {
                errors[i] = ExceptionDispatchInfo.Capture(e);
                return false;
            }
        }

        if (arguments.Count > 1 && TotalBytes(arguments) >= ParallelFromBytes)
        {
            Parallel.For(0, arguments.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, (i, state) =>
            {
                if (state.LowestBreakIteration is { } failed && failed < i)
                {
                    return;
                }

                if (!ReadOne(i))
                {
                    state.Break();
                }
            });
        }
        else
        {
            for (var i = 0; i < arguments.Count; i++)
            {
                if (!ReadOne(i))
                {
                    break;
                }
            }
        }

        foreach (var error in errors)
        {
            error?.Throw();
        }

        return [.. files.Select(f => f!)];
    }

    /// <summary>The inputs' size on disk (compressed, for gzip files); standard input counts as big, its size unknown.</summary>
    private static long TotalBytes(IReadOnlyList<string> arguments)
    {
        long total = 0;
        foreach (var argument in arguments)
        {
            var path = Split(argument).Path;
            if (path == "-")
            {
                return long.MaxValue;
            }

            var file = new FileInfo(path);
            total += file.Exists ? file.Length : 0;
        }

        return total;
    }

    /// <summary>LABEL=PATH names a column; a path that exists as written wins over that reading.</summary>
    private static (string Label, string Path) Split(string argument)
    {
        var eq = argument.IndexOf('=');
        return eq > 0 && !File.Exists(argument) ? (argument[..eq], argument[(eq + 1)..]) : (argument, argument);
    }
}
