using System.Text;
using BenchmarkDotNet.Attributes;
using GoMem.Gc.Analysis;
using GoMem.Gc.Model;
using GoMem.Gc.Parsing;

namespace GoMem.Bench;

/// <summary>
/// Reading a gctrace log of a million lines held in memory: the real lines of testdata/gc/gogc100.run1.log
/// (Go 1.19, examples/gcworkload) repeated with cycle numbers and times carried on, their application lines included,
/// as scripts/make-big-gctrace.sh writes it for the end-to-end timing. Then the statistics over all its cycles.
/// </summary>
[MemoryDiagnoser]
[GcServer(false)]
[GcConcurrent(false)]
public class GcTraceBenchmarks
{
    public const int Lines = 1_000_000;

    private byte[] _log = [];
    private GcTrace? _trace;

    [GlobalSetup]
    public void Setup()
    {
        _log = MakeLog(Path.Combine(BenchInputs.RepoRoot, "testdata", "gc", "gogc100.run1.log"), Lines);
        _trace = Parse();
        Console.WriteLine($"// gctrace log: {Lines:N0} lines, {_log.Length:N0} bytes, {_trace.CycleCount:N0} cycles");
    }

    [Benchmark(Baseline = true)]
    public GcTrace Parse()
    {
        var builder = new GcTraceBuilder();
        builder.AddAll(new MemoryStream(_log, writable: false), "big.log");
        return builder.Build();
    }

    [Benchmark]
    public GcStatsReport Statistics() => GcStatsAnalysis.Analyze(_trace!);

    /// <summary>Repeats a real log to <paramref name="lines"/> lines, renumbering cycles and shifting times.</summary>
    public static byte[] MakeLog(string sample, int lines)
    {
        var source = File.ReadAllLines(sample);
        var text = new StringBuilder(lines * 130);
        long number = 0;
        var offset = 0.0;
        var last = 0.0;
        var written = 0;
        while (written < lines)
        {
            foreach (var line in source)
            {
                if (written == lines)
                {
                    break;
                }

                if (line.StartsWith("gc ", StringComparison.Ordinal))
                {
                    var at = line.IndexOf(" @", StringComparison.Ordinal);
                    var s = line.IndexOf("s ", at, StringComparison.Ordinal);
                    last = double.Parse(line[(at + 2)..s], System.Globalization.CultureInfo.InvariantCulture);
                    text.Append("gc ").Append(++number).Append(" @").Append((offset + last).ToString("0.000", System.Globalization.CultureInfo.InvariantCulture)).Append(line.AsSpan(s)).Append('\n');
                }
                else
                {
                    text.Append(line).Append('\n');
                }

                written++;
            }

            offset += last;
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
