using System.Text;
using BenchmarkDotNet.Attributes;
using GoMem.Benchmarks;
using GoMem.Benchmarks.Parsing;

namespace GoMem.Bench;

/// <summary>
/// Reading Go benchmark output (<c>gomem bench</c>'s parser): one million lines generated at setup like a long
/// <c>go test -bench . -benchmem -count N</c> log over several packages: result lines with 3 or 4 units and
/// sub-benchmark names, a configuration block per package, and PASS/ok noise.
/// </summary>
[MemoryDiagnoser]
[GcServer(false)]
[GcConcurrent(false)]
public class BenchmarkParserBenchmarks
{
    public const int Lines = 1_000_000;

    private byte[] _text = [];

    [GlobalSetup]
    public void Setup() => _text = Generate(Lines);

    /// <summary>The bytes parsed per operation, for the figure in docs/PERFORMANCE.md.</summary>
    public int InputBytes => _text.Length;

    [Benchmark]
    public BenchmarkFile ParseMillionLines() => BenchmarkReader.Read(new MemoryStream(_text, writable: false), "million.txt", "million.txt");

    public static byte[] Generate(int lines)
    {
        var text = new StringBuilder(lines * 90);
        var random = new Random(42);
        string[] names = ["Encode/format=json", "Encode/format=gob", "Decode/size=1kB", "Decode/size=64kB", "ParseRecord", "Checksum", "JoinFields/n=16", "JoinFields/n=4096"];
        var written = 0;
        var package = 0;
        while (written < lines)
        {
            text.Append("goos: linux\ngoarch: amd64\npkg: example.com/p").Append(package++).Append("\ncpu: Intel(R) Xeon(R) CPU @ 2.20GHz\n");
            written += 4;
            for (var i = 0; i < 2000 && written < lines - 2; i++, written++)
            {
                var name = names[i % names.Length];
                text.Append("Benchmark").Append(name).Append("-8   \t ").Append(random.Next(1000, 5_000_000)).Append("\t    ")
                    .Append((random.NextDouble() * 5000).ToString("F1", System.Globalization.CultureInfo.InvariantCulture)).Append(" ns/op\t");
                if (i % 3 == 0)
                {
                    text.Append((random.NextDouble() * 900).ToString("F2", System.Globalization.CultureInfo.InvariantCulture)).Append(" MB/s\t");
                }

                text.Append(random.Next(0, 4096)).Append(" B/op\t     ").Append(random.Next(0, 40)).Append(" allocs/op\n");
            }

            text.Append("PASS\nok  \texample.com/p").Append(package).Append("\t12.345s\n");
            written += 2;
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
