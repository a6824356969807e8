using GoMem.Leaks;

namespace GoMem.Tests.Leaks;

/// <summary>The leak decision on shapes whose answer is known: steady growth, plateau, flat noise, too few points.</summary>
public sealed class TrendRuleTests
{
    private static readonly double[] Minutes = [0, 1, 2, 3, 4, 5, 6, 7];
    private static readonly LeakOptions Options = new();

    [Fact]
    public void Steady_growth_is_a_leak()
    {
        double[] values = [1_000_000, 1_400_000, 1_800_000, 2_200_000, 2_600_000, 3_000_000, 3_400_000, 3_800_000];
        var trend = TrendRule.Measure(Minutes, values);
        Assert.Equal(400_000, trend.SlopePerMinute, 6);
        Assert.True(TrendRule.IsLeak(trend, values.Length, Options.MinHeapSiteGrowthBytes, Options));
    }

    [Fact]
    public void Rise_then_plateau_is_not_a_leak_even_when_monotonic()
    {
        // Strictly increasing (Mann-Kendall p = 1/8! ~ 2.5e-5) but the last half barely moves: a cache that filled.
        double[] values = [400_000, 1_600_000, 2_600_000, 3_000_000, 3_010_000, 3_020_000, 3_030_000, 3_040_000];
        var trend = TrendRule.Measure(Minutes, values);
        Assert.True(trend.PValue < 0.001);
        Assert.False(TrendRule.IsLeak(trend, values.Length, Options.MinHeapSiteGrowthBytes, Options));
    }

    [Fact]
    public void Small_rise_relative_to_a_large_level_is_noise_not_a_leak()
    {
        double[] values = [100_000_000, 100_100_000, 100_200_000, 100_300_000, 100_400_000, 100_500_000, 100_600_000, 100_700_000];
        var trend = TrendRule.Measure(Minutes, values);
        Assert.True(trend.PValue < 0.001);
        Assert.False(TrendRule.IsLeak(trend, values.Length, Options.MinHeapSiteGrowthBytes, Options));
    }

    [Fact]
    public void Flat_noise_is_not_a_leak()
    {
        double[] values = [2_000_000, 2_900_000, 1_800_000, 2_700_000, 2_100_000, 2_600_000, 1_900_000, 2_500_000];
        Assert.False(TrendRule.IsLeak(TrendRule.Measure(Minutes, values), values.Length, Options.MinHeapSiteGrowthBytes, Options));
    }

    [Fact]
    public void Three_rising_points_are_not_enough()
    {
        double[] values = [0, 10_000_000, 20_000_000];
        Assert.False(TrendRule.IsLeak(TrendRule.Measure([0, 1, 2], values), values.Length, Options.MinHeapSiteGrowthBytes, Options));
    }
}
