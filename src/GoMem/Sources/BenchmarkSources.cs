using System.Globalization;
using GoMem.Benchmarks;
using GoMem.Benchmarks.Parsing;
using GoMem.IO;

namespace GoMem.Sources;

/// <summary>Benchmark result files given as PATH or LABEL=PATH ("-" for stdin), labelled as benchstat labels them.</summary>
public static class BenchmarkSources
{
    public static List<BenchmarkFile> Read(IReadOnlyList<string> arguments)
    {
        var files = new List<BenchmarkFile>(arguments.Count);
        var labels = arguments.Select(a => Split(a).Label).ToList();
        for (var i = 0; i < arguments.Count; i++)
        {
            var (label, path) = Split(arguments[i]);

            // The same label twice (a file given twice) becomes label#0, label#1, as benchstat names them.
            if (labels.Count(l => l == label) > 1)
            {
                label += "#" + labels.Take(i).Count(l => l == label).ToString(CultureInfo.InvariantCulture);
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
        return eq > 0 && !File.Exists(argument) ? (argument[..eq], argument[(eq + 1)..]) : (argument, argument);
    }
}
