using GoMem.RuntimeStats.Breakdown;
using GoMem.RuntimeStats.Expvar;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.RuntimeStats.Breakdown;

public sealed class MemoryRatesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 4, 0, 0, TimeSpan.Zero);

    private static RuntimeFigures Vars(string scenario, int k) =>
        RuntimeFigures.From(ExpvarParser.ParseFile(RepoPaths.Scenario(scenario, $"vars.{k}.json")).MemStats!);

    [Fact]
    public void Rates_are_counter_differences_over_time()
    {
        var first = Vars("leakymap-explain", 1);
        var second = Vars("leakymap-explain", 2);
        var rates = MemoryRates.Analyze([new(T0, first, 10_000_000, "a"), new(T0.AddSeconds(30), second, 13_000_000, "b")])!;

        Assert.Equal(2, rates.Snapshots);
        Assert.Equal(30, rates.SpanSeconds);
        Assert.Equal((second.TotalAlloc!.Value - first.TotalAlloc!.Value) / 30.0, rates.AllocBytesPerSecond);
        Assert.Equal((second.NumGC!.Value - first.NumGC!.Value) / 0.5, rates.GcPerMinute);
        Assert.Equal((second.HeapAlloc - first.HeapAlloc) / 0.5, rates.HeapAllocGrowthBytesPerMinute);
        Assert.Equal(6_000_000, rates.RssGrowthBytesPerMinute);
        Assert.Empty(rates.Restarts);
    }

    [Fact]
    public void A_restart_is_detected_and_rates_start_after_it()
    {
        var before = Vars("leakymap-explain", 2);
        var afterRestart = Vars("leakymap-explain", 1);
        var later = Vars("leakymap-explain", 2);
        var rates = MemoryRates.Analyze([new(T0, before, null, "old"), new(T0.AddMinutes(1), afterRestart, null, "new1"), new(T0.AddMinutes(2), later, null, "new2")])!;

        Assert.Contains("restarted", Assert.Single(rates.Restarts), StringComparison.Ordinal);
        Assert.Equal(2, rates.Snapshots);
        Assert.Equal(60, rates.SpanSeconds);
        Assert.Equal((later.TotalAlloc!.Value - afterRestart.TotalAlloc!.Value) / 60.0, rates.AllocBytesPerSecond);
    }

    [Fact]
    public void Snapshots_taken_at_the_same_time_give_no_rates()
    {
        var figures = Vars("cgoleak", 1);
        Assert.Null(MemoryRates.Analyze([new(T0, figures, null, "a"), new(T0, figures, null, "b")]));
        Assert.Null(MemoryRates.Analyze([new(T0, figures, null, "a")]));
    }
}
