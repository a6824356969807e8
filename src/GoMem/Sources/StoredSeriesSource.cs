using GoMem.Storage.Monitoring;

namespace GoMem.Sources;

/// <summary>What <c>gomem history</c> shows of one target: its runtime samples and events over a span.</summary>
public sealed record StoredSeries(MonitoringTarget Target, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<RuntimeSample> Samples, IReadOnlyList<TargetEvent> Events);

/// <summary>The runtime-stat series <c>gomem watch</c> stored, for one target or every target.</summary>
public static class StoredSeriesSource
{
    public static IReadOnlyList<StoredSeries> Read(IMonitoringStore store, string storeName, string? target, DateTimeOffset from, DateTimeOffset to)
    {
        var targets = target is null ? store.Targets() : [StoredTargets.Find(store, target, storeName)];
        return [.. targets.Select(t => new StoredSeries(t, from, to, store.RuntimeSamples(t.Id, from, to), store.Events(t.Id, from, to)))];
    }
}
