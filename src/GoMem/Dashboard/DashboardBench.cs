using GoMem.Benchmarks.Comparison;
using GoMem.Benchmarks.History;
using GoMem.Storage;

namespace GoMem.Dashboard;

/// <summary>
/// The benchmark history of <c>GET /api/bench/history</c>: <c>gomem bench history</c>'s analysis over the store
/// <c>gomem bench record</c> fills, with its defaults (change points at α = 0.05 and at least a 5% change, drifts).
/// </summary>
public static class DashboardBench
{
    public const double Alpha = 0.05;

    public const double MinChangePercent = 5;

    /// <summary>Every benchmark and unit <paramref name="filter"/> keeps (bench compare's syntax; empty: all), oldest run first.</summary>
    public static HistoryReport History(IBenchmarkStore store, string? filter) =>
        HistoryAnalysis.Analyze(store.Series(), store.Runs().Count, BenchmarkFilter.Parse(filter), Alpha, MinChangePercent);
}
