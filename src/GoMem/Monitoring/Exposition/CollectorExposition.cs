using System.Collections.Concurrent;
using GoMem.Monitoring.Alerting.Delivery;
using GoMem.Monitoring.Collection;
using GoMem.Monitoring.Config;
using Prometheus;

namespace GoMem.Monitoring.Exposition;

/// <summary>
/// The collector's measurements as Prometheus series, in a prometheus-net registry of its own (never the static
/// default one, so nothing else in the process adds to it): per target held, up, the runtime figures and the open
/// findings by code (<see cref="TargetSeries"/>); and the collector's own health: cycle durations, cycle errors by
/// kind, store write latency, leases held, the memory governor's collections, and alert notifications sent and
/// dropped per receiver.
/// <see cref="MetricsListener"/> serves it at <c>/metrics</c>.
/// </summary>
/// <remarks>
/// A target's series exist while this collector holds it: when it leaves the configuration or its lease moves to
/// another collector, they are removed at once (the other collector's exposition has them now), so Prometheus sees
/// them end rather than a stale last value.
/// </remarks>
public sealed class CollectorExposition : ICollectorMetrics
{
    /// <summary>Cycle durations: from a few milliseconds (a runtime-stats cycle on loopback) to the longest interval.</summary>
    private static readonly double[] CycleBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    /// <summary>Store uses: SQLite commits take about a millisecond, a PostgreSQL round trip a few, a locked store seconds.</summary>
    private static readonly double[] StoreBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    private readonly IMetricFactory _factory;
    private readonly ConcurrentDictionary<ResolvedTarget, TargetSeries> _targets = new(ReferenceEqualityComparer.Instance);
    private readonly Histogram _cycleDuration;
    private readonly Counter.Child[] _errors;
    private readonly Histogram _storeDuration;
    private readonly Gauge _leasesHeld;
    private readonly Counter _memoryCollections;
    private readonly Counter _alertsSent;
    private readonly Counter _alertsDropped;

    public CollectorExposition()
    {
        Registry = Metrics.NewCustomRegistry();
        _factory = Metrics.WithCustomRegistry(Registry);
        _cycleDuration = _factory.CreateHistogram(MetricNames.CycleDuration, "How long each target's collection cycle took, fetching, parsing and storing.", new HistogramConfiguration { Buckets = CycleBuckets });
        var errors = _factory.CreateCounter(MetricNames.CycleErrors, "Cycles that failed, by kind: target_down, endpoint (one endpoint failed while the target answered), store_unavailable, lease_lost, overrun, internal.", ["kind"]);
        _errors = [.. Enum.GetValues<CycleError>().Select(e => errors.WithLabels(CycleErrorKinds.Of(e)))];
        _storeDuration = _factory.CreateHistogram(MetricNames.StoreWriteDuration, "How long each use of the store took: a cycle's transaction, a lease round, a retention step.", new HistogramConfiguration { Buckets = StoreBuckets });
        _leasesHeld = _factory.CreateGauge(MetricNames.LeasesHeld, "Targets this collector holds a lease on, and so collects.");
        _memoryCollections = _factory.CreateCounter(MetricNames.MemoryCollections, "Full garbage collections the collector's memory limit caused (--memory-limit).");
        _alertsSent = _factory.CreateCounter(MetricNames.AlertsSent, "Alert notifications delivered, by sink (log, webhook, alertmanager) and receiver.", ["sink", "receiver"]);
        _alertsDropped = _factory.CreateCounter(MetricNames.AlertsDropped, "Alert notifications given up, by sink, receiver and reason: queue_full (the oldest waiting was dropped), failed (every attempt failed or the receiver refused), shutdown (the flush ran out).", ["sink", "receiver", "reason"]);
    }

    /// <summary>The registry holding every series of this collector.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>Makes series in <see cref="Registry"/> (remote-write's own counters go there too).</summary>
    internal IMetricFactory Factory => _factory;

    /// <summary>Targets with series now.</summary>
    public int TargetCount => _targets.Count;

    public void TargetHeld(ResolvedTarget target)
    {
        var (names, values) = ExpositionLabels.Of(target);
        if (_targets.TryRemove(target, out var before))
        {
            before.Release();
        }

        _targets[target] = new TargetSeries(_factory, names, values);
    }

    public void TargetReleased(ResolvedTarget target)
    {
        if (_targets.TryRemove(target, out var series))
        {
            series.Release();
        }
    }

    public void CycleEnded(ResolvedTarget target, in CycleOutcome outcome, TimeSpan duration)
    {
        _cycleDuration.Observe(duration.TotalSeconds);
        if (!outcome.Up)
        {
            _errors[(int)CycleError.TargetDown].Inc();
        }

        if (outcome.EndpointErrors > 0)
        {
            _errors[(int)CycleError.Endpoint].Inc(outcome.EndpointErrors);
        }

        switch (outcome.Write)
        {
            case CycleWrite.LeaseLost:
                // Another collector collects the target now; its series go at this collector's next lease round.
                _errors[(int)CycleError.LeaseLost].Inc();
                return;
            case CycleWrite.StoreUnavailable:
                _errors[(int)CycleError.StoreUnavailable].Inc();
                break;
        }

        if (_targets.TryGetValue(target, out var series))
        {
            series.Update(outcome.Sample, outcome.Up, outcome.OpenFindings, outcome.FiringAlerts);
        }
    }

    public void CycleFailed(CycleError error) => _errors[(int)error].Inc();

    public void StoreUsed(TimeSpan duration) => _storeDuration.Observe(duration.TotalSeconds);

    public void LeasesHeld(int count) => _leasesHeld.Set(count);

    public void MemoryCollected() => _memoryCollections.Inc();

    public void AlertsSent(AlertSinkKind sink, string receiver, int count) => _alertsSent.WithLabels(AlertDeliveryLabels.Of(sink), receiver).Inc(count);

    public void AlertsDropped(AlertSinkKind sink, string receiver, AlertDrop reason, int count) =>
        _alertsDropped.WithLabels(AlertDeliveryLabels.Of(sink), receiver, AlertDeliveryLabels.Of(reason)).Inc(count);

    /// <summary>The exposition as a scrape receives it (text format 0.0.4).</summary>
    public Task WriteAsync(Stream destination, CancellationToken cancel = default) => Registry.CollectAndExportAsTextAsync(destination, cancel);
}
