using GoMem.Monitoring;
using GoMem.Profiles;
using GoMem.Storage.Monitoring;
using GoMem.Tests.Profiles.Writing;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Storage.Monitoring;

/// <summary>Many snapshots at once (a time range of the dashboard's diff): each equal to its own load, parts read once per target.</summary>
public abstract partial class MonitoringStoreContract
{
    [ContractFact]
    public void Many_snapshots_of_several_targets_load_at_once_each_equal_to_the_profile_stored()
    {
        using var store = OpenStore();
        var leaking = store.UpsertTarget("shop", "http://10.0.0.1:7101", LabelSet.Empty);
        var cache = store.UpsertTarget("shop", "http://10.0.0.2:7102", LabelSet.Empty);
        var stored = new List<(long Snapshot, Profile Profile)>();
        for (var k = 1; k <= 8; k++)
        {
            var heap = ProfileReader.ReadFile(Path.Combine(RepoPaths.TestData, "leakymap-series", $"heap.{k}.pb.gz"));
            var goroutine = ProfileReader.ReadFile(Path.Combine(RepoPaths.TestData, "boundedcache-series-1", $"goroutine.{k}.pb.gz"));
            stored.Add((store.AddProfile(leaking, ProfileKinds.Heap, T0.AddSeconds(k), heap), heap));
            stored.Add((store.AddProfile(cache, ProfileKinds.Goroutine, T0.AddSeconds(k), goroutine), goroutine));
        }

        var order = stored.OrderBy(s => (s.Snapshot * 7919) % 101).Append(stored[3]).ToList();
        var loaded = store.LoadProfiles([.. order.Select(s => s.Snapshot)]);

        Assert.Equal(order.Count, loaded.Count);
        for (var i = 0; i < order.Count; i++)
        {
            ProfileAssert.Equal(order[i].Profile, loaded[i]);
            Assert.Equal(store.LoadProfile(order[i].Snapshot).Source, loaded[i].Source);
        }

        Assert.Empty(store.LoadProfiles([]));
        Assert.Throws<KeyNotFoundException>(() => store.LoadProfiles([stored[0].Snapshot, 424242]));
    }
}
