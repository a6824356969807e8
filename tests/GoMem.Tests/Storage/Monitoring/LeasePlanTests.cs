using GoMem.Storage.Monitoring;

namespace GoMem.Tests.Storage.Monitoring;

public sealed class LeasePlanTests
{
    [Theory]
    [InlineData(7, 3, new[] { 3, 2, 2 })]
    [InlineData(6, 3, new[] { 2, 2, 2 })]
    [InlineData(2, 3, new[] { 1, 1, 0 })]
    [InlineData(1000, 1, new[] { 1000 })]
    public void Shares_add_up_to_the_targets_and_differ_by_at_most_one(int targets, int collectors, int[] expected)
    {
        var names = Enumerable.Range(0, collectors).Select(i => $"host{i}/1/ab").ToList();

        var shares = names.Select(name => LeasePlan.Share(name, targets, names)).ToArray();

        Assert.Equal(expected, shares);
    }

    [Fact]
    public void A_collector_not_yet_counted_live_still_gets_a_share()
    {
        Assert.Equal(2, LeasePlan.Share("b", 4, ["a"]));
    }

    [Fact]
    public void A_collector_over_its_share_gives_back_the_same_targets_each_round()
    {
        var held = Enumerable.Range(0, 6).Select(i => $"api http://10.0.0.{i}:6060").ToList();

        var first = LeasePlan.Decide("a", held, [], 6, ["a", "b"]);
        var again = LeasePlan.Decide("a", held, [], 6, ["a", "b"]);

        Assert.Equal(3, first.Release.Count);
        Assert.Equal(first.Release, again.Release);
        Assert.Empty(first.Take);
    }

    [Fact]
    public void Collectors_starting_together_reach_for_different_free_targets()
    {
        var free = Enumerable.Range(0, 100).Select(i => $"api http://10.0.0.{i}:6060").ToList();
        var names = new[] { "host1/10/aa", "host2/20/bb" };

        var a = LeasePlan.Decide(names[0], [], free, 100, names).Take;
        var b = LeasePlan.Decide(names[1], [], free, 100, names).Take;

        Assert.Equal(50, a.Count);
        Assert.InRange(a.Intersect(b).Count(), 10, 40);
    }
}
