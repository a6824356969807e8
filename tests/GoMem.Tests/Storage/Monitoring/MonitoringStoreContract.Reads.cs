using GoMem.Monitoring;
using GoMem.Profiles;
using GoMem.Storage.Monitoring;
using GoMem.Tests.Profiles.Writing;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Storage.Monitoring;

/// <summary>
/// The reads of the dashboard: many snapshots at once (a time range of its diff), each equal to its own load, parts read
/// once per target; some gauges of the samples as columns (its charts), the values whole samples give.
/// </summary>
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

    [ContractFact]
    public void Gauges_as_columns_are_the_values_of_the_samples_in_the_span_in_the_order_asked()
    {
        using var store = OpenStore();
        var id = store.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Empty);
        var other = store.UpsertTarget("worker", "http://10.0.0.2:6060", LabelSet.Empty);
        store.AddRuntimeSample(id, FullSample(T0));
        store.AddRuntimeSample(id, new RuntimeSample { Time = T0.AddSeconds(10), RssBytes = long.MaxValue >> 11, GcCpuFraction = double.NaN });
        store.AddRuntimeSample(id, FullSample(T0.AddSeconds(20)) with { Goroutines = null, ContainerLimitBytes = 0 });
        store.AddRuntimeSample(id, FullSample(T0.AddSeconds(30)));
        store.AddRuntimeSample(other, FullSample(T0.AddSeconds(15)));
        RuntimeGauge[] gauges = [RuntimeGauge.GcCpuFraction, RuntimeGauge.Rss, RuntimeGauge.Goroutines, RuntimeGauge.ContainerLimit, RuntimeGauge.PauseP99];

        var columns = store.RuntimeGauges(id, T0, T0.AddSeconds(20), gauges);
        var samples = store.RuntimeSamples(id, T0, T0.AddSeconds(20));

        Assert.Equal(gauges, columns.Gauges);
        Assert.Equal(samples.Select(s => s.Time), columns.Times);
        for (var g = 0; g < gauges.Length; g++)
        {
            var figure = RuntimeSeriesFigures.Gauges[(int)gauges[g]];
            Assert.Equal(samples.Select(figure.Value), columns.Values[g]);
        }

        Assert.Equal([null, null, (double?)FullSample(T0).Goroutines], columns.Values[2].Reverse());
        Assert.Null(columns.Values[0][1]);
        Assert.Equal((double)(long.MaxValue >> 11), columns.Values[1][1]);
        Assert.Empty(store.RuntimeGauges(id, T0.AddMinutes(1), T0.AddMinutes(2), gauges).Times);
        Assert.Equal([T0.AddSeconds(15)], store.RuntimeGauges(other, T0, T0.AddMinutes(1), [RuntimeGauge.Rss]).Times);
    }
}
