using GoMem.Benchmarks;
using GoMem.Benchmarks.Comparison;
using GoMem.Benchmarks.Gate;
using GoMem.Benchmarks.History;
using GoMem.Benchmarks.Parsing;
using GoMem.Findings;
using GoMem.Storage;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Benchmarks;

/// <summary>The gate's regressions and the history's drifts as the shared <see cref="Finding"/>, on the real example runs.</summary>
public sealed class BenchFindingsTests
{
    private static BenchmarkFile Read(string scenario, string file, string label)
    {
        using var stream = File.OpenRead(RepoPaths.Scenario(scenario, file));
        return BenchmarkReader.Read(stream, file, label);
    }

    /// <summary>examples/bench/alloc: v2 adds allocations in ParseRecord only, so its time, B/op and allocs/op regress.</summary>
    [Fact]
    public void Gate_regressions_are_critical_bench_regressions_titled_by_their_check()
    {
        var comparison = ComparisonAnalysis.Analyze([Read("bench-alloc", "v1.txt", "v1"), Read("bench-alloc", "v2.txt", "v2")], new CompareOptions());
        var report = GateAnalysis.Analyze(comparison, GateThreshold.Defaults);

        var findings = report.Findings();

        Assert.Equal(3, findings.Count);
        Assert.All(findings, f => Assert.Equal(("bench-regression", Severity.Critical), (f.Code, f.Severity)));
        Assert.Equal(report.Regressions.Select(c => c.Message), findings.Select(f => f.Title));
        Assert.Equal("ParseRecord-2: allocs/op 0.000 → 2.000 (was 0, constant in every run) exceeds allocs/op=+0", findings[2].Title);
        Assert.All(findings, f => Assert.StartsWith("v1 → v2", f.Detail, StringComparison.Ordinal));
    }

    [Fact]
    public void A_passing_gate_has_no_finding()
    {
        var comparison = ComparisonAnalysis.Analyze([Read("bench-alloc", "v1.txt", "a"), Read("bench-alloc", "v1.txt", "b")], new CompareOptions());

        Assert.Empty(GateAnalysis.Analyze(comparison, GateThreshold.Defaults).Findings());
    }

    /// <summary>testdata/bench-creep: eight builds, each with 2% more fields; allocs/op drifts +13.86% with no step of 5%.</summary>
    [Fact]
    public void A_drifting_series_is_a_bench_drift_warning()
    {
        var directory = Directory.CreateTempSubdirectory("gomem-findings-");
        try
        {
            using var store = SqliteBenchmarkStore.Open(Path.Combine(directory.FullName, "gomem.db"));
            for (var k = 1; k <= 8; k++)
            {
                store.Record(new RunInfo($"c{k}", "main", new DateTimeOffset(2026, 11, k, 10, 0, 0, TimeSpan.Zero), $"run.{k}.txt"), Read("bench-creep", $"run.{k}.txt", $"run.{k}").Results);
            }

            var report = HistoryAnalysis.Analyze(store.Series(), store.Runs().Count, BenchmarkFilter.All);

            var drift = Assert.Single(report.Findings(), f => f.Title.Contains("allocs/op", StringComparison.Ordinal));
            Assert.Equal(("bench-drift", Severity.Warning), (drift.Code, drift.Severity));
            Assert.Equal("Record-2 allocs/op drifted +13.86% over 8 runs", drift.Title);
            Assert.Equal(["bench-drift", "bench-drift"], report.Findings().Select(f => f.Code));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
