using GoMem.Storage.Monitoring;

namespace GoMem.Tests.Storage.Monitoring;

/// <summary>
/// A rollup is the same however its samples were grouped on the way (several steps, a late sample merged into a
/// finished span, minutes merged into an hour): the property that makes retention safe to interrupt and resume.
/// </summary>
public sealed class RuntimeRollupBuilderTests
{
    private static readonly DateTimeOffset Hour = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Any_grouping_of_the_samples_gives_the_rollup_of_all_of_them_at_once(int seed)
    {
        var random = new Random(seed);
        var samples = Enumerable.Range(0, 200).Select(i => Sample(random, Hour.AddSeconds(random.Next(3600)))).ToList();
        var all = new RuntimeRollupBuilder(Hour, TimeSpan.FromHours(1));
        samples.ForEach(all.Add);
        var expected = all.Build();

        // Random groups in random order, each rolled up on its own, some of them merged into groups again.
        var shuffled = samples.OrderBy(_ => random.Next()).ToList();
        var parts = new List<RuntimeRollup>();
        for (var i = 0; i < shuffled.Count;)
        {
            var n = 1 + random.Next(30);
            var part = new RuntimeRollupBuilder(Hour, TimeSpan.FromHours(1));
            shuffled.Skip(i).Take(n).ToList().ForEach(part.Add);
            parts.Add(part.Build());
            i += n;
        }

        var merged = new RuntimeRollupBuilder(Hour, TimeSpan.FromHours(1));
        foreach (var pair in parts.Chunk(3))
        {
            var group = new RuntimeRollupBuilder(Hour, TimeSpan.FromHours(1));
            foreach (var part in pair)
            {
                group.Add(part);
            }

            merged.Add(group.Build());
        }

        var actual = merged.Build();
        Assert.Equal((expected.SampleCount, expected.FirstSample, expected.LastSample, expected.Sources), (actual.SampleCount, actual.FirstSample, actual.LastSample, actual.Sources));
        foreach (var figure in RuntimeSeriesFigures.Gauges)
        {
            var (e, a) = (expected[figure.Key]!.Value, actual[figure.Key]!.Value);
            Assert.Equal((e.Min, e.Max, e.Count), (a.Min, a.Max, a.Count));
            Assert.Equal(e.Average, a.Average, e.Average * 1e-12);
        }

        // The last value is that of the latest sample, whichever group it was in.
        var latest = samples.OrderBy(s => s.Time).Last();
        Assert.Equal(latest.NumGc, actual[RuntimeCounter.NumGc]!.Value.Last);
        Assert.Equal(expected[RuntimeCounter.NumGc], actual[RuntimeCounter.NumGc]);
        Assert.Equal(expected[RuntimeCounter.TotalAlloc], actual[RuntimeCounter.TotalAlloc]);
        Assert.Equal(latest.Pid, actual.Pid);
    }

    [Fact]
    public void A_gauge_is_averaged_over_the_samples_that_had_it_and_a_counter_is_its_last_value()
    {
        var builder = new RuntimeRollupBuilder(Hour, TimeSpan.FromMinutes(1));
        builder.Add(new RuntimeSample { Time = Hour.AddSeconds(40), RssBytes = 300, NumGc = 12 });
        builder.Add(new RuntimeSample { Time = Hour, RssBytes = 100, NumGc = 10 });
        builder.Add(new RuntimeSample { Time = Hour.AddSeconds(20), NumGc = 11 });
        var rollup = builder.Build();

        Assert.Equal(new GaugeRollup(100, 200, 300, 2), rollup[RuntimeGauge.Rss]);
        Assert.Equal(new CounterRollup(10, 12, 12), rollup[RuntimeCounter.NumGc]);
        Assert.Null(rollup[RuntimeGauge.Goroutines]);
        Assert.Null(rollup[RuntimeCounter.TotalAlloc]);
        Assert.Equal(3, rollup.SampleCount);
    }

    private static RuntimeSample Sample(Random random, DateTimeOffset time) => new()
    {
        Time = time,
        Sources = random.Next(2) == 0 ? RuntimeSampleSources.DebugVars : RuntimeSampleSources.Metrics,
        RssBytes = random.Next(10) == 0 ? null : 10_000_000 + random.Next(50_000_000),
        HeapAllocBytes = random.Next(5_000_000),
        HeapInuseBytes = random.Next(5_000_000),
        HeapIdleBytes = random.Next(5_000_000),
        HeapReleasedBytes = random.Next(5_000_000),
        HeapSysBytes = random.Next(5_000_000),
        SysBytes = random.Next(5_000_000),
        NextGcBytes = random.Next(5_000_000),
        StackInuseBytes = random.Next(5_000_000),
        Goroutines = random.Next(1000),
        NumGc = time.ToUnixTimeSeconds() - Hour.ToUnixTimeSeconds(),
        TotalAllocBytes = (time.ToUnixTimeSeconds() - Hour.ToUnixTimeSeconds()) * 1000,
        GcCpuFraction = random.NextDouble(),
        PauseP99Seconds = random.NextDouble() / 100,
        Gogc = 100,
        GomemlimitBytes = 1L << 30,
        ContainerLimitBytes = 1L << 31,
        Pid = time.ToUnixTimeSeconds(),
    };
}
