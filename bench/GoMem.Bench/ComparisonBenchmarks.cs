using System.Text;
using BenchmarkDotNet.Attributes;
using GoMem.Benchmarks;
using GoMem.Benchmarks.Comparison;
using GoMem.Benchmarks.Parsing;
using GoMem.Output.Benchmarks;

namespace GoMem.Bench;

/// <summary>
/// <c>gomem bench compare</c>'s analysis and text report on two files already read, at 5,000, 20,000 and 50,000
/// distinct benchmarks (ten samples each, ns/op, B/op and allocs/op: the shape of scripts/make-bench-file.sh).
/// The time per benchmark should stay flat as the count grows; a table that grew quadratically (issue 17) showed here
/// as a tenfold rise from the smallest to the largest.
/// </summary>
[MemoryDiagnoser]
[GcServer(false)]
[GcConcurrent(false)]
public class ComparisonBenchmarks
{
    private IReadOnlyList<BenchmarkFile> _files = [];

    [Params(5_000, 20_000, 50_000)]
    public int Benchmarks { get; set; }

    [GlobalSetup]
    public void Setup() =>
        _files = [Read(Generate(Benchmarks, faster: false), "old.txt"), Read(Generate(Benchmarks, faster: true), "new.txt")];

    [Benchmark]
    public void AnalyzeAndWriteText()
    {
        var report = ComparisonAnalysis.Analyze(_files, new CompareOptions());
        ComparisonTextRenderer.Write(TextWriter.Null, report);
    }

    private static BenchmarkFile Read(byte[] text, string name) => BenchmarkReader.Read(new MemoryStream(text, writable: false), name, name);

    /// <summary>Ten samples of each benchmark, one after another as go test -count 10 writes them; "new" makes every third 10% faster.</summary>
    private static byte[] Generate(int benchmarks, bool faster)
    {
        var random = new Random(faster ? 2 : 1);
        var text = new StringBuilder(benchmarks * 10 * 90);
        text.Append("goos: linux\ngoarch: amd64\npkg: example.com/generated/bench\ncpu: Generated CPU @ 2.00GHz\n");
        for (var b = 0; b < benchmarks; b++)
        {
            var time = (20 + (b % 997 * 3.7)) * (faster && b % 3 == 0 ? 0.9 : 1);
            for (var s = 0; s < 10; s++)
            {
                var ns = time * (0.97 + (0.06 * random.NextDouble()));
                text.Append(System.Globalization.CultureInfo.InvariantCulture, $"BenchmarkGen{b % 100:D2}/case={b:D6}-8\t1000000\t{ns:F1} ns/op\t{16 * (1 + (b % 64))} B/op\t{1 + (b % 7)} allocs/op\n");
            }
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
