using GoMem.Monitoring;
using GoMem.Storage.Monitoring;

namespace GoMem.Tests.Storage.Monitoring;

/// <summary>Target leases: collectors sharing a store split its targets, take over a dead one's, and fence their cycles.</summary>
public abstract partial class MonitoringStoreContract
{
    private static readonly string[] FourTargets = ["api http://10.0.0.1:6060", "api http://10.0.0.2:6060", "api http://10.0.0.3:6060", "api http://10.0.0.4:6060"];

    private static readonly TimeSpan LongLease = TimeSpan.FromMinutes(5);

    [ContractFact]
    public void A_lone_collector_leases_every_target_and_keeps_them_round_after_round()
    {
        using var store = OpenStore();
        var first = store.KeepLeases("a", FourTargets, LongLease);
        var second = store.KeepLeases("a", FourTargets, LongLease);

        Assert.Equal(FourTargets.Order(StringComparer.Ordinal), first.Held.Order(StringComparer.Ordinal));
        Assert.Equal(first.Held.Order(StringComparer.Ordinal), second.Held.Order(StringComparer.Ordinal));
        Assert.Equal(1, second.LiveCollectors);
        var leases = store.Leases();
        Assert.Equal(FourTargets.Order(StringComparer.Ordinal), leases.Select(l => l.TargetKey));
        Assert.All(leases, l => Assert.Equal("a", l.Holder));
        Assert.All(leases, l => Assert.InRange(l.Expires, DateTimeOffset.UtcNow.AddMinutes(4), DateTimeOffset.UtcNow.AddMinutes(6)));
    }

    [ContractFact]
    public void A_second_collector_gets_half_the_targets_and_no_target_is_held_twice()
    {
        using var a = OpenStore();
        using var b = OpenStore();
        Assert.Equal(4, a.KeepLeases("a", FourTargets, LongLease).Held.Count);

        // b is live but every target is held: it waits; a sees two collectors and gives back what is past its half.
        var bFirst = b.KeepLeases("b", FourTargets, LongLease);
        Assert.Empty(bFirst.Held);
        Assert.Equal(2, bFirst.LiveCollectors);
        var aSecond = a.KeepLeases("a", FourTargets, LongLease);
        Assert.Equal(2, aSecond.Held.Count);
        var bSecond = b.KeepLeases("b", FourTargets, LongLease);
        Assert.Equal(2, bSecond.Held.Count);

        Assert.Empty(aSecond.Held.Intersect(bSecond.Held));
        Assert.Equal(FourTargets.Order(StringComparer.Ordinal), aSecond.Held.Union(bSecond.Held).Order(StringComparer.Ordinal));

        // Steady: further rounds change nothing.
        Assert.Equal(aSecond.Held.Order(StringComparer.Ordinal), a.KeepLeases("a", FourTargets, LongLease).Held.Order(StringComparer.Ordinal));
        Assert.Equal(bSecond.Held.Order(StringComparer.Ordinal), b.KeepLeases("b", FourTargets, LongLease).Held.Order(StringComparer.Ordinal));
    }

    [ContractFact]
    public void The_leases_of_a_collector_that_stops_renewing_are_taken_over_once_they_expire()
    {
        using var a = OpenStore();
        using var b = OpenStore();
        var shortLease = TimeSpan.FromMilliseconds(400);
        a.KeepLeases("a", FourTargets, shortLease);
        Assert.Empty(b.KeepLeases("b", FourTargets, shortLease).Held);

        Thread.Sleep(shortLease + TimeSpan.FromMilliseconds(200));
        var taken = b.KeepLeases("b", FourTargets, shortLease);

        Assert.Equal(4, taken.Held.Count);
        Assert.Equal(1, taken.LiveCollectors);
        Assert.All(b.Leases(), l => Assert.Equal("b", l.Holder));
    }

    [ContractFact]
    public void A_collector_that_stops_cleanly_gives_its_targets_back_at_once()
    {
        using var a = OpenStore();
        using var b = OpenStore();
        a.KeepLeases("a", FourTargets, LongLease);
        Assert.Empty(b.KeepLeases("b", FourTargets, LongLease).Held);

        a.ReleaseLeases("a");

        var taken = b.KeepLeases("b", FourTargets, LongLease);
        Assert.Equal(4, taken.Held.Count);
        Assert.Equal(1, taken.LiveCollectors);
    }

    [ContractFact]
    public void A_target_that_leaves_the_configuration_loses_its_lease()
    {
        using var store = OpenStore();
        store.KeepLeases("a", FourTargets, LongLease);

        var round = store.KeepLeases("a", FourTargets[..3], LongLease);

        Assert.Equal(FourTargets[..3].Order(StringComparer.Ordinal), round.Held.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(store.Leases(), l => l.TargetKey == FourTargets[3]);
    }

    [ContractFact]
    public void A_cycle_stores_only_while_its_collector_holds_the_lease()
    {
        using var a = OpenStore();
        using var b = OpenStore();
        var shortLease = TimeSpan.FromMilliseconds(300);
        a.KeepLeases("a", FourTargets, shortLease);
        using (var cycle = a.BeginCycle())
        {
            Assert.True(cycle.HoldsLease("a", FourTargets[0]));
            Assert.False(cycle.HoldsLease("b", FourTargets[0]));
            Assert.False(cycle.HoldsLease("a", "api http://10.0.0.9:6060"));
        }

        // Expired but not taken: still a's (nobody else stored the target meanwhile).
        Thread.Sleep(shortLease + TimeSpan.FromMilliseconds(200));
        using (var cycle = a.BeginCycle())
        {
            Assert.True(cycle.HoldsLease("a", FourTargets[0]));
        }

        b.KeepLeases("b", FourTargets, shortLease);
        using (var cycle = a.BeginCycle())
        {
            Assert.False(cycle.HoldsLease("a", FourTargets[0]));
        }
    }

    [ContractFact]
    public void Lease_shares_round_up_so_that_every_target_is_held()
    {
        var keys = Enumerable.Range(1, 7).Select(i => $"api http://10.0.0.{i}:6060").ToList();
        using var a = OpenStore();
        using var b = OpenStore();
        using var c = OpenStore();
        a.KeepLeases("a", keys, LongLease);
        b.KeepLeases("b", keys, LongLease);
        c.KeepLeases("c", keys, LongLease);
        for (var round = 0; round < 3; round++)
        {
            a.KeepLeases("a", keys, LongLease);
            b.KeepLeases("b", keys, LongLease);
            c.KeepLeases("c", keys, LongLease);
        }

        var leases = a.Leases();
        Assert.Equal(keys.Order(StringComparer.Ordinal), leases.Select(l => l.TargetKey));
        Assert.All(leases.GroupBy(l => l.Holder), g => Assert.InRange(g.Count(), 2, 3));
        Assert.Equal(3, leases.Select(l => l.Holder).Distinct().Count());
    }
}
