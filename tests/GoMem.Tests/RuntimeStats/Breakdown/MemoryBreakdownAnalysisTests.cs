using GoMem.Findings;
using GoMem.Profiles;
using GoMem.Profiles.Analysis;
using GoMem.RuntimeStats.Breakdown;
using GoMem.RuntimeStats.Expvar;
using GoMem.RuntimeStats.Proc;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.RuntimeStats.Breakdown;

public sealed class MemoryBreakdownAnalysisTests
{
    private const long GiB = 1L << 30;
    private const long MiB = 1L << 20;

    /// <summary>
    /// The field's worked example (top RSS 15.1 GB, pprof 6.86 GB, MemStats below): the breakdown must reach the
    /// analyst's conclusions: ~4 GB of heap idle after a past peak, runtime metadata near 1 GB, a GB or more of
    /// garbage awaiting the next GC, and pprof's 6.86 GB being a sample of live objects as of the last GC.
    /// </summary>
    [Fact]
    public void Field_worked_example_reaches_the_analysts_conclusions()
    {
        var evidence = new MemoryEvidence
        {
            Runtime = new RuntimeFigures
            {
                Sys = 16_808_429_272,
                HeapAlloc = 10_527_689_648,
                HeapIdle = 4_272_185_344,
                HeapInuse = 11_541_258_240,
                HeapReleased = 506_535_936,
                HeapSys = 15_813_443_584,
                StackInuse = 24_248_320,
                StackSys = 24_248_320,
                MCacheSys = 65_536,
                MSpanSys = 231_292_928,
                GCSys = 682_119_168,
                BuckHashSys = 3_867_140,
                OtherSys = 53_392_596,
                NextGC = 14_926_500_032,
            },
            RssBytes = (long)(15.1 * GiB),
            ProfileInuseBytes = (long)(6.86 * GiB),
        };

        var b = MemoryBreakdownAnalysis.Analyze(evidence);

        // The parts of the runtime add up to Sys − HeapReleased.
        var runtime = b.Root.Children.Single(c => c.Key == "goResident");
        Assert.Equal(16_808_429_272 - 506_535_936, runtime.Bytes);
        Assert.Equal(runtime.Bytes, runtime.Children.Sum(c => c.Bytes));

        // ~4 GB of heap idle after a past peak (3.5 GiB kept, 0.5 GiB already released).
        Assert.InRange(b.HeapFreeBytes, 3.4 * GiB, 3.6 * GiB);
        var idle = Assert.Single(b.Findings, f => f.Code == "idle-heap-after-peak");
        Assert.Contains("earlier peak", idle.Title, StringComparison.Ordinal);

        // Runtime metadata (mspan + GC) near 1 GB.
        Assert.InRange(b.GcMetadataBytes + b.SpanAndCacheBytes, 0.8 * GiB, 1.0 * GiB);
        Assert.Single(b.Findings, f => f.Code == "runtime-metadata");

        // A GB or more of garbage awaiting the next GC; the live heap estimate agrees with pprof's 6.86 GB.
        Assert.InRange(b.GarbageEstimateBytes!.Value, 1.0 * GiB, 3.5 * GiB);
        Assert.InRange(b.LiveHeapEstimateBytes!.Value, 6.5 * GiB, 7.2 * GiB);
        Assert.Single(b.Findings, f => f.Code == "garbage-awaiting-gc");

        // pprof's 6.86 GB: live objects as of the last completed GC, a sample.
        var profile = Assert.Single(b.Findings, f => f.Code == "profile-vs-heap");
        Assert.Contains("last completed GC", profile.Title, StringComparison.Ordinal);

        // The runtime's resident figure slightly exceeds RSS: non-Go memory shows as 0, with the reason.
        Assert.Equal(0, b.NonGoBytes);
        Assert.InRange(b.RuntimeOvercountBytes!.Value, 80 * MiB, 90 * MiB);
        Assert.Single(b.Findings, f => f.Code == "runtime-exceeds-rss");
        Assert.InRange(b.FragmentationRatio!.Value, 0.08, 0.09);
        Assert.DoesNotContain(b.Findings, f => f.Code == "fragmentation");
    }

    [Fact]
    public void Cgo_allocations_show_as_memory_outside_go()
    {
        var vars = ExpvarParser.ParseFile(RepoPaths.Scenario("cgoleak", "vars.2.json"));
        var status = ProcStatusParser.ParseFile(RepoPaths.Scenario("cgoleak", "status.2.txt"));
        var evidence = new MemoryEvidence
        {
            Runtime = RuntimeFigures.From(vars.MemStats!),
            RssBytes = status.VmRSSBytes,
            RssFileBytes = status.RssFileBytes,
        };

        var b = MemoryBreakdownAnalysis.Analyze(evidence);

        // 200 requests × 512 KiB of C.malloc = 100 MiB, touched and kept.
        var anonymous = b.NonGoBytes!.Value - b.NonGoFileBytes!.Value;
        Assert.InRange(anonymous, 90 * MiB, 105 * MiB);
        var finding = Assert.Single(b.Findings, f => f.Code == "non-go-memory");
        Assert.Contains("cgo", finding.Title, StringComparison.Ordinal);
        Assert.Equal(b.RssBytes, b.Root.Bytes);
        Assert.Equal(b.RssBytes, b.Root.Children.Sum(c => c.Bytes) - (b.RuntimeOvercountBytes ?? 0));
    }

    [Theory]
    [InlineData("leakymap-explain")]
    [InlineData("cgoleak")]
    [InlineData("churn-explain")]
    [InlineData("goroutineleak-explain")]
    public void Real_captures_add_up(string scenario)
    {
        var vars = ExpvarParser.ParseFile(RepoPaths.Scenario(scenario, "vars.2.json"));
        var status = ProcStatusParser.ParseFile(RepoPaths.Scenario(scenario, "status.2.txt"));
        var profile = ProfileReader.ReadFile(RepoPaths.Scenario(scenario, "heap.2.pb.gz"));
        var inuse = TopReport.Analyze(profile, new ReportOptions { SampleIndex = "inuse_space" }).Total;
        var b = MemoryBreakdownAnalysis.Analyze(new MemoryEvidence
        {
            Runtime = RuntimeFigures.From(vars.MemStats!),
            RssBytes = status.VmRSSBytes,
            RssFileBytes = status.RssFileBytes,
            ProfileInuseBytes = inuse,
        });

        var stats = vars.MemStats!;
        Assert.Equal((long)(stats.Sys - stats.HeapReleased), b.GoResidentBytes);
        Assert.Equal(b.GoResidentBytes, b.Root.Children[0].Children.Sum(c => c.Bytes));
        Assert.True(inuse <= b.GoResidentBytes, "pprof's in-use total is part of what the runtime holds");
        Assert.NotNull(b.Pauses);
        Assert.NotEmpty(b.TopSizeClasses);
        Assert.Single(b.Findings, f => f.Code == "profile-vs-heap");
    }

    [Fact]
    public void Churning_service_holds_garbage_and_spans_freed_after_peaks_not_live_data()
    {
        var b = Explain("churn-explain", 2);
        Assert.True(b.ProfileInuseBytes < b.HeapAllocBytes / 4, "most of HeapAlloc is garbage the profile does not show");
        Assert.True(b.HeapFreeBytes > b.HeapAllocBytes, "spans emptied after the allocation peaks are kept");
        Assert.Contains(b.Findings, f => f.Code == "profile-vs-heap");
    }

    [Fact]
    public void Leaking_goroutines_grow_the_stack_share()
    {
        var first = Explain("goroutineleak-explain", 1);
        var second = Explain("goroutineleak-explain", 2);
        Assert.True(second.StackBytes > first.StackBytes, $"stacks {first.StackBytes} -> {second.StackBytes}");
        Assert.True(second.RssBytes > first.RssBytes);
    }

    private static MemoryBreakdown Explain(string scenario, int k)
    {
        var vars = ExpvarParser.ParseFile(RepoPaths.Scenario(scenario, $"vars.{k}.json"));
        var status = ProcStatusParser.ParseFile(RepoPaths.Scenario(scenario, $"status.{k}.txt"));
        var profile = ProfileReader.ReadFile(RepoPaths.Scenario(scenario, $"heap.{k}.pb.gz"));
        return MemoryBreakdownAnalysis.Analyze(new MemoryEvidence
        {
            Runtime = RuntimeFigures.From(vars.MemStats!),
            RssBytes = status.VmRSSBytes,
            RssFileBytes = status.RssFileBytes,
            ProfileInuseBytes = TopReport.Analyze(profile, new ReportOptions { SampleIndex = "inuse_space" }).Total,
        });
    }

    [Fact]
    public void Container_without_gomemlimit_near_its_limit_is_critical()
    {
        var b = MemoryBreakdownAnalysis.Analyze(new MemoryEvidence
        {
            Runtime = new RuntimeFigures { Sys = 900 * MiB, HeapAlloc = 700 * MiB, HeapInuse = 720 * MiB, HeapSys = 880 * MiB, HeapIdle = 160 * MiB, NextGC = 1400 * MiB },
            RssBytes = 950 * MiB,
            LimitBytes = 1024 * MiB,
        });

        Assert.Equal(Severity.Critical, Assert.Single(b.Findings, f => f.Code == "near-limit").Severity);
        Assert.Contains("GOMEMLIMIT", Assert.Single(b.Findings, f => f.Code == "gomemlimit-unset").Title, StringComparison.Ordinal);
        Assert.Equal(74 * MiB, b.HeadroomToLimitBytes);
    }

    [Fact]
    public void Small_healthy_service_gets_no_warnings()
    {
        var vars = ExpvarParser.ParseFile(RepoPaths.Scenario("leakymap-explain", "vars.1.json"));
        var status = ProcStatusParser.ParseFile(RepoPaths.Scenario("leakymap-explain", "status.1.txt"));
        var b = MemoryBreakdownAnalysis.Analyze(new MemoryEvidence { Runtime = RuntimeFigures.From(vars.MemStats!), RssBytes = status.VmRSSBytes, RssFileBytes = status.RssFileBytes });
        Assert.DoesNotContain(b.Findings, f => f.Severity != Severity.Info);
    }
}
