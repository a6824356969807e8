using GoMem.Monitoring.Alerting.Delivery;
using System.Collections.Concurrent;
using GoMem.Monitoring.Collection;
using GoMem.Monitoring.Config;
using GoMem.Monitoring.Exposition;
using GoMem.RuntimeStats.Prometheus.Parsing;

namespace GoMem.Monitoring.RemoteWrite;

/// <summary>
/// <c>gomem watch --remote-write URL</c>: pushes what <c>/metrics</c> shows to remote-write receivers. It sits in front
/// of the <see cref="CollectorExposition"/> (every report goes on to it) and, at the end of each cycle, queues the
/// target's series (the names of <see cref="MetricNames"/>, the labels of <see cref="ExpositionLabels"/>, the figures
/// of <see cref="TargetFigures"/>) at the sample's own collection time for each receiver's <see cref="RemoteWriteQueue"/>;
/// every health interval it queues the collector's own series, read from the exposition's registry, at that time.
/// A figure that leaves <c>/metrics</c> (the target went down, or left this collector) gets a staleness marker, as
/// Prometheus writes one when a scraped series ends. Queueing never waits: a cycle's cost is a few array stores.
/// </summary>
public sealed class RemoteWriter : ICollectorMetrics, IDisposable
{
    /// <summary>Prometheus' staleness marker: a NaN with this bit pattern ends a series.</summary>
    internal static readonly double StaleNaN = BitConverter.Int64BitsToDouble(0x7ff0000000000002);

    /// <summary>How long a stopping collector gives its receivers to take what is still queued.</summary>
    public static readonly TimeSpan ShutdownFlush = TimeSpan.FromSeconds(5);

    private const string HealthPrefix = "gomem_collector_";

    private readonly CollectorExposition _exposition;
    private readonly RemoteWriteQueue[] _queues;
    private readonly HttpMessageHandler _handler;
    private readonly TimeProvider _clock;
    private readonly TimeSpan _healthInterval;
    private readonly string[] _healthNames;
    private readonly string[] _healthValues;
    private readonly ConcurrentDictionary<ResolvedTarget, RemoteTarget> _targets = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, RemoteSeries> _healthSeries = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private Task? _healthLoop;

    /// <param name="healthLabels">Labels of the collector's own series (job, instance and the configuration's external labels).</param>
    /// <param name="handler">Where requests go (tests give their own); null for a real client.</param>
    /// <param name="random">Jitter of the backoff, in [0, 1); null for a shared random.</param>
    public RemoteWriter(
        CollectorExposition exposition,
        IReadOnlyList<RemoteWriteEndpoint> endpoints,
        IReadOnlyList<KeyValuePair<string, string>> healthLabels,
        TimeSpan healthInterval,
        ICollectorLog log,
        TimeProvider clock,
        HttpMessageHandler? handler = null,
        Func<double>? random = null)
    {
        _exposition = exposition;
        _clock = clock;
        _healthInterval = healthInterval;
        _handler = handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        _healthNames = [.. healthLabels.Select(l => ExpositionLabels.Sanitize(l.Key))];
        _healthValues = [.. healthLabels.Select(l => l.Value)];
        _queues = [.. endpoints.Select(e => new RemoteWriteQueue(e, exposition.Factory, log, clock, _handler, random ?? Random.Shared.NextDouble))];
        exposition.Registry.AddBeforeCollectCallback(() =>
        {
            foreach (var queue in _queues)
            {
                queue.UpdatePending();
            }
        });
    }

    internal IReadOnlyList<RemoteWriteQueue> Queues => _queues;

    /// <summary>Starts each receiver's sender and the health pushes.</summary>
    public void Start()
    {
        foreach (var queue in _queues)
        {
            queue.Start();
        }

        _healthLoop = Task.Run(() => PushHealthAsync(_stop.Token));
    }

    /// <summary>
    /// Stops: the collector's series as they are now are queued once more, then each receiver gets
    /// <paramref name="flushWithin"/> to take what is left (all at once, not one after another).
    /// </summary>
    public async Task StopAsync(TimeSpan flushWithin)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_healthLoop is not null)
        {
            await _healthLoop.ConfigureAwait(false);
        }

        await QueueHealthAsync(CancellationToken.None).ConfigureAwait(false);
        await Task.WhenAll(_queues.Select(q => q.StopAsync(flushWithin))).ConfigureAwait(false);
    }

    public void Dispose()
    {
        _stop.Cancel();
        foreach (var queue in _queues)
        {
            queue.Dispose();
        }

        _stop.Dispose();
        _handler.Dispose();
    }

    public void TargetHeld(ResolvedTarget target)
    {
        _exposition.TargetHeld(target);
        var (names, values) = ExpositionLabels.Of(target);
        if (_targets.TryRemove(target, out var before))
        {
            End(before);
        }

        _targets[target] = new RemoteTarget(names, values);
    }

    public void TargetReleased(ResolvedTarget target)
    {
        _exposition.TargetReleased(target);
        if (_targets.TryRemove(target, out var series))
        {
            End(series);
        }
    }

    public void CycleEnded(ResolvedTarget target, in CycleOutcome outcome, TimeSpan duration)
    {
        _exposition.CycleEnded(target, outcome, duration);
        if (outcome.Write == CycleWrite.LeaseLost || !_targets.TryGetValue(target, out var series))
        {
            return;
        }

        var time = (outcome.Sample?.Time ?? _clock.GetUtcNow()).ToUnixTimeMilliseconds();
        lock (series)
        {
            if (series.Released)
            {
                return;
            }

            Push(series.Up, time, outcome.Up ? 1 : 0);
            var figures = TargetFigures.All;
            for (var i = 0; i < figures.Length; i++)
            {
                if (!outcome.Up)
                {
                    EndSeries(series.Figures[i], time);
                }
                else if (outcome.Sample is { } sample)
                {
                    if (figures[i].Read(sample) is { } value)
                    {
                        Push(series.Figures[i], time, value);
                    }
                    else
                    {
                        EndSeries(series.Figures[i], time);
                    }
                }
            }

            for (var f = 0; f < outcome.OpenFindings.Count; f++)
            {
                series.Finding(outcome.OpenFindings[f].Code);
            }

            foreach (var (code, finding) in series.Findings)
            {
                Push(finding, time, TargetFigures.CountOpen(outcome.OpenFindings, code));
            }
        }
    }

    public void CycleFailed(CycleError error) => _exposition.CycleFailed(error);

    public void StoreUsed(TimeSpan duration) => _exposition.StoreUsed(duration);

    public void LeasesHeld(int count) => _exposition.LeasesHeld(count);

    public void MemoryCollected() => _exposition.MemoryCollected();

    public void AlertsSent(AlertSinkKind sink, string receiver, int count) => _exposition.AlertsSent(sink, receiver, count);

    public void AlertsDropped(AlertSinkKind sink, string receiver, AlertDrop reason, int count) => _exposition.AlertsDropped(sink, receiver, reason, count);

    /// <summary>Queues the collector's own series now (what the health loop does each interval).</summary>
    internal Task QueueHealthAsync(CancellationToken cancel) => QueueHealthAsync(_clock.GetUtcNow().ToUnixTimeMilliseconds(), cancel);

    private async Task QueueHealthAsync(long time, CancellationToken cancel)
    {
        using var text = new MemoryStream();
        await _exposition.WriteAsync(text, cancel).ConfigureAwait(false);
        text.Position = 0;
        var exposition = PrometheusTextParser.Parse(text, "gomem watch's own series");
        lock (_healthSeries)
        {
            foreach (var family in exposition.Families)
            {
                if (!family.Name.StartsWith(HealthPrefix, StringComparison.Ordinal))
                {
                    continue;
                }

                foreach (var sample in family.Samples)
                {
                    var key = sample.ToString();
                    key = key[..key.LastIndexOf(' ')];
                    if (!_healthSeries.TryGetValue(key, out var series))
                    {
                        _healthSeries[key] = series = new RemoteSeries(
                            sample.Name,
                            [.. _healthNames, .. sample.Labels.Select(l => l.Name)],
                            [.. _healthValues, .. sample.Labels.Select(l => l.Value)]);
                    }

                    Push(series, time, sample.Value);
                }
            }
        }
    }

    private async Task PushHealthAsync(CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await QueueHealthAsync(stop).ConfigureAwait(false);
                await Task.Delay(_healthInterval, _clock, stop).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Every series of a target that leaves ends with a staleness marker, as its /metrics series are removed.</summary>
    private void End(RemoteTarget series)
    {
        var time = _clock.GetUtcNow().ToUnixTimeMilliseconds();
        lock (series)
        {
            series.Released = true;
            EndSeries(series.Up, time);
            foreach (var figure in series.Figures)
            {
                EndSeries(figure, time);
            }

            foreach (var (_, finding) in series.Findings)
            {
                EndSeries(finding, time);
            }
        }
    }

    private void EndSeries(RemoteSeries series, long time)
    {
        if (series.Live && series.Advance(time))
        {
            series.Live = false;
            Queue(new PendingSample(series, time, StaleNaN));
        }
    }

    private void Push(RemoteSeries series, long time, double value)
    {
        if (series.Advance(time))
        {
            series.Live = true;
            Queue(new PendingSample(series, time, value));
        }
    }

    private void Queue(in PendingSample sample)
    {
        foreach (var queue in _queues)
        {
            queue.Add(sample);
        }
    }

    /// <summary>One target's series, made when the collector takes it: up, each figure, each finding code seen.</summary>
    private sealed class RemoteTarget
    {
        private readonly string[] _names;
        private readonly string[] _values;

        public RemoteTarget(string[] names, string[] values)
        {
            _names = names;
            _values = values;
            Up = new RemoteSeries(MetricNames.TargetUp, names, values);
            Figures = [.. TargetFigures.All.Select(f => new RemoteSeries(f.Name, names, values))];
            foreach (var code in GoMem.Leaks.LeakFindingCodes.All)
            {
                Finding(code);
            }
        }

        public RemoteSeries Up { get; }

        public RemoteSeries[] Figures { get; }

        public List<(string Code, RemoteSeries Series)> Findings { get; } = [];

        public bool Released { get; set; }

        /// <summary>The series of finding code <paramref name="code"/>, made the first time the code is seen.</summary>
        public RemoteSeries Finding(string code)
        {
            foreach (var (known, series) in Findings)
            {
                if (string.Equals(known, code, StringComparison.Ordinal))
                {
                    return series;
                }
            }

            var made = new RemoteSeries(MetricNames.TargetOpenFindings, [.. _names, MetricNames.CodeLabel], [.. _values, code]);
            Findings.Add((code, made));
            return made;
        }
    }
}
