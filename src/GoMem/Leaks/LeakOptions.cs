namespace GoMem.Leaks;

/// <summary>
/// The decision rule. A series is a leak when all of these hold: (1) Mann–Kendall says it rises (one-sided
/// p ≤ <see cref="Alpha"/>; with four snapshots the smallest possible p is 1/24, so four rising snapshots suffice);
/// (2) its Theil–Sen growth over the window is large, both absolutely (the Min*Growth figures) and relative to the
/// series' own median level (<see cref="MinRelativeGrowth"/>), so sampling noise in a big stable heap is not a leak;
/// (3) it is still rising: over the most recent half of the snapshots alone, the Theil–Sen slope is at least
/// <see cref="MinRecentSlopeRatio"/> of the whole slope and the growth clears half of the same bar (a steady leak
/// grows by half its total in half the time), so a cache that filled up and plateaued, or RSS that grew during
/// warm-up and then creeps, is not a leak.
/// Churn is never a candidate: only in-use figures are tested, never allocation totals.
/// </summary>
public sealed record LeakOptions
{
    public const int MinSnapshots = 3;

    public double Alpha { get; init; } = 0.05;

    public double MinRelativeGrowth { get; init; } = 0.10;

    public double MinRecentSlopeRatio { get; init; } = 1.0 / 3;

    /// <summary>Least growth of one heap site over the window (sampling makes smaller changes noise).</summary>
    public long MinHeapSiteGrowthBytes { get; init; } = 256 << 10;

    public long MinLiveHeapGrowthBytes { get; init; } = 1 << 20;

    public long MinRssGrowthBytes { get; init; } = 4 << 20;

    public long MinGoroutineGrowth { get; init; } = 5;

    /// <summary>Memory limit for projections (--limit), or null.</summary>
    public long? LimitBytes { get; init; }
}
