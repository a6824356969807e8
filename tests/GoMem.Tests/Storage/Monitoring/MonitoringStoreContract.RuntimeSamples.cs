using GoMem.Monitoring;
using GoMem.Storage.Monitoring;

namespace GoMem.Tests.Storage.Monitoring;

/// <summary>The contract on runtime samples beyond the series: what explain reads of them, and stores from before it.</summary>
public abstract partial class MonitoringStoreContract
{
    /// <summary>What <see cref="CreateStoreBeforeExplainFigures"/> puts in the old store: one sample of target api/old.</summary>
    protected static RuntimeSample OldSample { get; } = new()
    {
        Time = T0,
        Sources = RuntimeSampleSources.DebugVars,
        HeapAllocBytes = 21_000_000,
        StackInuseBytes = 655_360,
    };

    /// <summary>
    /// Makes this test's store as the schema stood before runtime samples kept explain's figures (the monitoring
    /// tables' first migration only), holding one target, job "api" and instance "old", with <see cref="OldSample"/>.
    /// </summary>
    protected abstract void CreateStoreBeforeExplainFigures();

    [ContractFact]
    public void The_runtime_sample_nearest_a_moment_is_the_closer_one_and_the_earlier_on_a_tie()
    {
        using var store = OpenStore();
        var id = store.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Empty);
        var other = store.UpsertTarget("worker", "http://10.0.0.2:6060", LabelSet.Empty);
        Assert.Null(store.NearestRuntimeSample(id, T0));

        store.AddRuntimeSample(id, FullSample(T0));
        store.AddRuntimeSample(id, new RuntimeSample { Time = T0.AddSeconds(10), RssBytes = 10 });
        store.AddRuntimeSample(id, new RuntimeSample { Time = T0.AddSeconds(20), RssBytes = 20 });
        store.AddRuntimeSample(other, new RuntimeSample { Time = T0.AddSeconds(14), RssBytes = 99 });

        Assert.Equal(FullSample(T0), store.NearestRuntimeSample(id, T0.AddDays(-1)));
        Assert.Equal(FullSample(T0), store.NearestRuntimeSample(id, T0.AddSeconds(4)));
        Assert.Equal(FullSample(T0), store.NearestRuntimeSample(id, T0.AddSeconds(5)));
        Assert.Equal(10, store.NearestRuntimeSample(id, T0.AddMilliseconds(5_001))!.RssBytes);
        Assert.Equal(10, store.NearestRuntimeSample(id, T0.AddSeconds(14))!.RssBytes);
        Assert.Equal(10, store.NearestRuntimeSample(id, T0.AddSeconds(15))!.RssBytes);
        Assert.Equal(20, store.NearestRuntimeSample(id, T0.AddMilliseconds(15_001))!.RssBytes);
        Assert.Equal(20, store.NearestRuntimeSample(id, T0.AddDays(1))!.RssBytes);
        Assert.Equal(99, store.NearestRuntimeSample(other, T0)!.RssBytes);
    }

    [ContractFact]
    public void A_sample_keeps_explains_figures_and_tells_no_size_classes_from_unknown_ones()
    {
        using var store = OpenStore();
        var id = store.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Empty);
        var none = FullSample(T0) with { SizeClasses = new SizeClassCounts([]) };
        var unknown = FullSample(T0.AddSeconds(1)) with { SizeClasses = null, PauseP99Seconds = null, GomemlimitBytes = 900L << 20 };
        var extreme = FullSample(T0.AddSeconds(2)) with { SizeClasses = new SizeClassCounts([(long.MaxValue, long.MaxValue), (0, 0)]) };
        store.AddRuntimeSample(id, none);
        store.AddRuntimeSample(id, unknown);
        store.AddRuntimeSample(id, extreme);

        var read = store.RuntimeSamples(id, T0, T0.AddSeconds(2));
        Assert.Equal([none, unknown, extreme], read);
        Assert.NotNull(read[0].SizeClasses);
        Assert.Empty(read[0].SizeClasses!);
        Assert.Null(read[1].SizeClasses);
        Assert.Equal((4096L, 5_000L), FullSample(T0).SizeClasses![0]);
        Assert.Equal(0.001_234_567_891, store.NearestRuntimeSample(id, T0)!.PauseMaxSeconds);
    }

    [ContractFact]
    public void A_store_from_before_explains_figures_is_upgraded_in_place_with_them_unknown_in_its_old_samples()
    {
        CreateStoreBeforeExplainFigures();

        using var store = OpenStore();
        var target = Assert.Single(store.Targets());
        Assert.Equal(("api", "old"), (target.Job, target.Instance));
        Assert.Equal(OldSample, Assert.Single(store.RuntimeSamples(target.Id, T0, T0)));

        store.AddRuntimeSample(target.Id, FullSample(T0.AddSeconds(15)));
        Assert.Equal([OldSample, FullSample(T0.AddSeconds(15))], store.RuntimeSamples(target.Id, T0, T0.AddMinutes(1)));
        Assert.Equal(OldSample, store.NearestRuntimeSample(target.Id, T0.AddSeconds(7)));
    }
}
