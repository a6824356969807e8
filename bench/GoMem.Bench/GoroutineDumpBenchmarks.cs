using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using GoMem.Goroutines;

namespace GoMem.Bench;

/// <summary>
/// Parsing a 100,000-goroutine <c>?debug=2</c> dump held in memory (about 42 MB, written by examples/goroutinedump
/// through examples/make-goroutine-dump.sh, or taken from GOMEM_GOROUTINE_DUMP), then grouping it. MB/s = the
/// dump's size (printed at setup) over the mean.
/// </summary>
[MemoryDiagnoser]
[GcServer(false)]
[GcConcurrent(false)]
public class GoroutineDumpBenchmarks
{
    public const string DumpVariable = "GOMEM_GOROUTINE_DUMP";

    private byte[] _dump = [];
    private string? _scratch;

    [GlobalSetup]
    public void Setup()
    {
        var path = Environment.GetEnvironmentVariable(DumpVariable);
        if (string.IsNullOrEmpty(path))
        {
            _scratch = Directory.CreateTempSubdirectory("gomem-bench-goroutines-").FullName;
            path = Path.Combine(_scratch, "dump.txt");
            var start = new ProcessStartInfo("bash") { UseShellExecute = false };
            start.ArgumentList.Add(Path.Combine(BenchInputs.RepoRoot, "examples", "make-goroutine-dump.sh"));
            start.ArgumentList.Add(path);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start bash");
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"make-goroutine-dump.sh failed ({process.ExitCode}); set {DumpVariable} to a debug=2 dump instead");
            }
        }

        _dump = File.ReadAllBytes(path);
        Console.WriteLine($"// goroutine dump: {_dump.Length:N0} bytes");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_scratch is not null)
        {
            Directory.Delete(_scratch, recursive: true);
        }
    }

    [Benchmark(Baseline = true)]
    public GoroutineDump ParseDebug2() => GoroutineDumpReader.ReadBytes("dump.txt", _dump);

    [Benchmark]
    public GoroutineReport ParseAndGroupByTop() =>
        GoroutineReport.Analyze(GoroutineDumpReader.ReadBytes("dump.txt", _dump), new GoroutineReportOptions { Grouping = GoroutineGrouping.TopFunction });
}
