using System.Text;
using GoMem.Monitoring;
using GoMem.Monitoring.Collection;
using GoMem.Output.RuntimeStats;
using GoMem.RuntimeStats.Breakdown;
using GoMem.RuntimeStats.Expvar;
using GoMem.RuntimeStats.GoMetrics;
using GoMem.RuntimeStats.Prometheus.Parsing;
using GoMem.Storage.Monitoring;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Monitoring.Collection;

/// <summary>
/// What the collector keeps of a cycle's evidence is what explain needs: real captures read as the live service's
/// endpoints, kept in a real store as a runtime sample, read back as evidence, give the same breakdown to the byte.
/// </summary>
public sealed class RuntimeSampleReaderTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 8, 0, 0, TimeSpan.Zero);

    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-sample-reader-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("snapshot", "vars.json", "metrics.txt")]
    [InlineData("snapshot", "vars.json", null)]
    [InlineData("snapshot", null, "metrics.txt")]
    [InlineData("leakymap-explain", "vars.2.json", "metrics.2.txt")]
    [InlineData("cgoleak", "vars.2.json", null)]
    public void A_stored_sample_gives_the_breakdown_of_the_evidence_it_was_made_from(string scenario, string? vars, string? metrics)
    {
        var builder = new MemoryEvidenceBuilder();
        if (vars is not null)
        {
            builder.AddExpvar(ExpvarParser.ParseFile(RepoPaths.Scenario(scenario, vars)), vars);
        }

        if (metrics is not null)
        {
            builder.AddMetrics(GoMetricsView.Create(PrometheusTextParser.ParseFile(RepoPaths.Scenario(scenario, metrics))), metrics);
        }

        AssertSameBreakdown(builder.Build());
    }

    /// <summary>
    /// A Go 1.21+ /metrics page: the live heap is reported by the runtime, GOGC and GOMEMLIMIT are known, and
    /// GOMEMLIMIT unset (math.MaxInt64) is told apart from not known (the finding says which).
    /// </summary>
    [Theory]
    [InlineData("9.223372036854775807e+18", "GOMEMLIMIT is not set")]
    [InlineData("9.437184e+08", null)]
    public void Go_1_21_metrics_keep_the_live_heap_gogc_and_gomemlimit(string gomemlimit, string? finding)
    {
        var page = File.ReadAllText(RepoPaths.Scenario("snapshot", "metrics.txt")) + $"""
            # TYPE go_gc_heap_live_bytes gauge
            go_gc_heap_live_bytes 1.9e+07
            # TYPE go_gc_gogc_percent gauge
            go_gc_gogc_percent 150
            # TYPE go_gc_gomemlimit_bytes gauge
            go_gc_gomemlimit_bytes {gomemlimit}

            """;
        var path = Path.Combine(_dir, "metrics.txt");
        File.WriteAllText(path, page);
        var builder = new MemoryEvidenceBuilder { LimitOverride = 64L << 20 };
        builder.AddMetrics(GoMetricsView.Create(PrometheusTextParser.ParseFile(path)), "metrics.txt");
        var evidence = builder.Build();

        var stored = AssertSameBreakdown(evidence);
        Assert.Equal(19_000_000, stored.HeapLiveBytes);
        Assert.Equal(150, stored.Gogc);
        var text = Render(MemoryBreakdownAnalysis.Analyze(evidence), json: false);
        if (finding is not null)
        {
            Assert.Contains(finding, text, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain("gomemlimit-unset", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Only_the_size_classes_explain_shows_are_kept()
    {
        var evidence = new MemoryEvidenceBuilder().AddExpvar(ExpvarParser.ParseFile(RepoPaths.Scenario("snapshot", "vars.json")), "vars.json").Build();
        var sample = RuntimeSampleReader.From(T0, evidence, RuntimeSampleSources.DebugVars, null, null);

        Assert.True(evidence.Runtime.SizeClasses.Count(c => c.LiveObjects > 0) > MemoryBreakdownAnalysis.ShownSizeClasses);
        Assert.Equal(MemoryBreakdownAnalysis.ShownSizeClasses, sample.SizeClasses!.Count);
        Assert.Equal(MemoryBreakdownAnalysis.TopSizeClasses(evidence.Runtime).Select(c => (c.ObjectSize, c.LiveObjects)), sample.SizeClasses);
    }

    [Fact]
    public void A_sample_written_before_the_figures_were_kept_says_so()
    {
        var old = new RuntimeSample { Time = T0, Sources = RuntimeSampleSources.DebugVars, HeapAllocBytes = 21_000_000, SysBytes = 40_000_000, HeapReleasedBytes = 1_000_000 };
        var breakdown = MemoryBreakdownAnalysis.Analyze(RuntimeSampleReader.ToEvidence(old, ["store"]));

        Assert.Contains(breakdown.MissingInputs, m => m.StartsWith("runtime fields not in the input (taken as 0): HeapSys, HeapIdle, HeapInuse, HeapObjects, StackInuse, StackSys", StringComparison.Ordinal));
        Assert.Contains(breakdown.MissingInputs, m => m.StartsWith("the stored sample predates", StringComparison.Ordinal));
        Assert.Null(breakdown.Pauses);
        Assert.Equal(39_000_000, breakdown.GoResidentBytes);
    }

    /// <summary>The evidence, kept as the collector keeps it in an SQLite store and read back, gives the same JSON and text.</summary>
    private RuntimeSample AssertSameBreakdown(MemoryEvidence live)
    {
        using var store = SqliteMonitoringStore.Open(Path.Combine(_dir, "store.db"));
        var id = store.UpsertTarget("api", "127.0.0.1:6060", LabelSet.Empty);
        store.AddRuntimeSample(id, RuntimeSampleReader.From(T0, live, RuntimeSampleSources.DebugVars | RuntimeSampleSources.Metrics, null, null));
        var stored = store.NearestRuntimeSample(id, T0)!;
        var back = RuntimeSampleReader.ToEvidence(stored, live.Sources);

        var expected = MemoryBreakdownAnalysis.Analyze(live);
        var actual = MemoryBreakdownAnalysis.Analyze(back);
        Assert.Equal(Render(expected, json: true), Render(actual, json: true));
        Assert.Equal(Render(expected, json: false), Render(actual, json: false));
        return stored;
    }

    private static string Render(MemoryBreakdown breakdown, bool json)
    {
        if (json)
        {
            using var stream = new MemoryStream();
            BreakdownJsonRenderer.Write(stream, breakdown);
            return Encoding.UTF8.GetString(stream.ToArray());
        }

        using var writer = new StringWriter();
        BreakdownTextRenderer.Write(writer, breakdown);
        return writer.ToString();
    }
}
