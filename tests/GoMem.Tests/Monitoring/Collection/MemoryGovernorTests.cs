using GoMem.Monitoring.Collection;
using Microsoft.Extensions.Time.Testing;

namespace GoMem.Tests.Monitoring.Collection;

public sealed class MemoryGovernorTests
{
    private const long MiB = 1 << 20;

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));
    private readonly List<string> _told = [];

    [Fact]
    public void A_heap_under_the_limit_is_left_to_the_runtime()
    {
        var governor = new MemoryGovernor(192 * MiB, _clock, _told.Add);
        var collections = 0;

        governor.Check(150 * MiB, () => { collections++; return 100 * MiB; });

        Assert.Equal(0, collections);
    }

    [Fact]
    public void A_heap_over_the_limit_is_collected_at_most_once_per_spacing()
    {
        var governor = new MemoryGovernor(192 * MiB, _clock, _told.Add);
        var collections = 0;
        long Collect()
        {
            collections++;
            return 120 * MiB;
        }

        governor.Check(300 * MiB, Collect);
        _clock.Advance(TimeSpan.FromSeconds(1));
        governor.Check(300 * MiB, Collect);
        _clock.Advance(MemoryGovernor.MinimumSpacing);
        governor.Check(300 * MiB, Collect);

        Assert.Equal(2, collections);
        Assert.Equal(2, governor.Collections);
        Assert.Empty(_told);
    }

    [Fact]
    public void Live_data_over_the_limit_is_told_once_and_collected_again_only_after_growing_by_half()
    {
        var governor = new MemoryGovernor(100 * MiB, _clock, _told.Add);
        var collections = 0;
        long Collect()
        {
            collections++;
            return 160 * MiB;
        }

        governor.Check(200 * MiB, Collect);
        _clock.Advance(TimeSpan.FromMinutes(1));
        governor.Check(200 * MiB, Collect); // over the limit, but not half again what survived
        governor.Check(250 * MiB, Collect);

        Assert.Equal(2, collections);
        var told = Assert.Single(_told);
        Assert.Contains("160 MiB", told, StringComparison.Ordinal);
        Assert.Contains("--memory-limit", told, StringComparison.Ordinal);
    }

    [Fact]
    public void A_limit_of_zero_never_collects()
    {
        var governor = new MemoryGovernor(0, _clock, _told.Add);
        var collections = 0;

        governor.Check(10_000 * MiB, () => { collections++; return 0; });

        Assert.Equal(0, collections);
    }
}
