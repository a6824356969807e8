using System.Text;
using BenchmarkDotNet.Attributes;
using GoMem.Escape;
using GoMem.Escape.Analysis;
using GoMem.Escape.Parsing;

namespace GoMem.Bench;

/// <summary>
/// Parsing real <c>go build -gcflags='-m -m'</c> output (testdata/escapedemo/v1/m2.txt, Go 1.19) from memory:
/// the log once (256 lines, 18.7 kB) and 2,000 copies of it with distinct package headers (512,000 lines,
/// 37.4 MB, the size of -m -m output for a large monorepo build), and the summary analysis on top.
/// </summary>
[MemoryDiagnoser]
[GcServer(false)]
[GcConcurrent(false)]
public class EscapeParserBenchmarks
{
    private byte[] _log = [];

    [Params(1, 2000)]
    public int Copies { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var text = File.ReadAllText(Path.Combine(BenchInputs.RepoRoot, "testdata", "escapedemo", "v1", "m2.txt"));
        var all = new StringBuilder(text.Length * Copies);
        for (var i = 0; i < Copies; i++)
        {
            all.Append(Copies == 1 ? text : text.Replace("# escapedemo", $"# copy{i}/escapedemo", StringComparison.Ordinal));
        }

        _log = Encoding.UTF8.GetBytes(all.ToString());
    }

    [Benchmark(Baseline = true)]
    public EscapeLog Parse() => EscapeLogParser.Parse(new MemoryStream(_log, writable: false), "m2.txt");

    [Benchmark]
    public EscapeSummary ParseAndSummarize() => EscapeSummaryAnalysis.Analyze(Parse());
}
