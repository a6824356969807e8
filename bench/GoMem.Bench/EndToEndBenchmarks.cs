using BenchmarkDotNet.Attributes;
using GoMem.Output.Profiles;
using GoMem.Profiles;
using GoMem.Profiles.Analysis;

namespace GoMem.Bench;

/// <summary>
/// What <c>gomem top</c> and <c>gomem traces</c> do in-process, without the .NET host start-up: decode the gzip
/// bytes, build the report and render its text (to a null writer).
/// </summary>
[MemoryDiagnoser]
[GcServer(false)]
[GcConcurrent(false)]
public class EndToEndBenchmarks
{
    private static readonly ReportOptions Defaults = new();

    private byte[] _gzip = [];

    [Params(BenchProfile.Big, BenchProfile.Small)]
    public BenchProfile Profile { get; set; }

    [GlobalSetup]
    public void Setup() => _gzip = BenchInputs.Load(Profile).Gzip;

    [Benchmark(Baseline = true)]
    public int TopText()
    {
        var report = TopReport.Analyze(ProfileReader.ReadBytes("profile.pb.gz", _gzip), Defaults);
        TopTextRenderer.Write(TextWriter.Null, report, TimeZoneInfo.Utc);
        return report.Rows.Count;
    }

    [Benchmark]
    public int TracesText()
    {
        var report = TracesReport.Analyze(ProfileReader.ReadBytes("profile.pb.gz", _gzip), Defaults);
        TracesTextRenderer.Write(TextWriter.Null, report, TimeZoneInfo.Utc);
        return report.Traces.Count;
    }
}
