using BenchmarkDotNet.Attributes;
using GoMem.Profiles;
using GoMem.Profiles.Analysis;

namespace GoMem.Bench;

/// <summary>The report pipelines on an already decoded profile: top (functions and lines) and traces.</summary>
[MemoryDiagnoser]
[GcServer(false)]
[GcConcurrent(false)]
public class TopReportBenchmarks
{
    private static readonly ReportOptions Functions = new();
    private static readonly ReportOptions Lines = new() { Granularity = Granularity.Lines };
    private static readonly ReportOptions AllocSpace = new() { SampleIndex = "alloc_space" };

    private Profile _profile = null!;

    [Params(BenchProfile.Big, BenchProfile.Small)]
    public BenchProfile Profile { get; set; }

    [GlobalSetup]
    public void Setup() => _profile = ProfileReader.ReadBytes("profile.pb", BenchInputs.Load(Profile).Raw);

    /// <summary><c>gomem top</c> with default options.</summary>
    [Benchmark(Baseline = true)]
    public TopReport Top() => TopReport.Analyze(_profile, Functions);

    /// <summary><c>gomem top --granularity lines</c>.</summary>
    [Benchmark]
    public TopReport TopLines() => TopReport.Analyze(_profile, Lines);

    /// <summary><c>gomem top -sample_index=alloc_space</c>.</summary>
    [Benchmark]
    public TopReport TopAllocSpace() => TopReport.Analyze(_profile, AllocSpace);

    /// <summary><c>gomem traces</c> (the report only, not its text).</summary>
    [Benchmark]
    public TracesReport Traces() => TracesReport.Analyze(_profile, Functions);
}
