using GoMem.Leaks;
using GoMem.Monitoring.Alerting;
using GoMem.Monitoring.Config;
using GoMem.Storage.Monitoring;
using GoMem.Monitoring.Retention;

namespace GoMem.Monitoring.Collection;

/// <summary>
/// <c>gomem watch</c>'s engine: the targets of a configuration (file_sd files re-read as they change), one
/// <see cref="TargetCollector"/> each on the shared <see cref="CollectionScheduler"/>, all writing through one store.
/// Runs until cancelled; a target that leaves the configuration stops, one that joins starts at its own offset.
/// </summary>
/// <remarks>
/// Collectors sharing a store split the targets by leases in it (<see cref="ITargetLeases"/>): this one collects
/// only the targets it holds. It renews them every third of the shortest interval, and a lease lives two thirds
/// of it, so when a collector dies its targets are free within that and taken at the next round of another:
/// their cycles resume within two intervals, at the same phase (<see cref="CollectionScheduler.FirstDue"/>).
/// Each cycle checks its lease in the transaction that stores it, so a target is never stored twice.
/// What it measures of its targets and itself goes to <paramref name="metrics"/> (the exposition of
/// <c>gomem watch --listen</c>), when given.
/// </remarks>
public sealed class Collector(TargetWatcher watcher, StoreGate store, CollectorOptions options, ICollectorLog log, TimeProvider time, ICollectorMetrics? metrics = null)
{
    /// <summary>How often the configuration's targets are checked for changes at most (file_sd has its own refresh interval).</summary>
    private static readonly TimeSpan TargetCheck = TimeSpan.FromSeconds(1);

    private readonly CollectorOptions _options = options.Name is null ? options with { Name = CollectorOptions.DefaultName() } : options;
    private readonly Dictionary<ResolvedTarget, TargetCollector> _collectors = [];

    /// <summary>One leak interner per job: its targets are usually replicas of one program, with the same names and stacks.</summary>
    private readonly Dictionary<string, LeakInterner> _interners = new(StringComparer.Ordinal);
    private readonly ICollectorMetrics _metrics = metrics ?? NoCollectorMetrics.Instance;
    private IReadOnlySet<string> _held = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>The name this collector holds its leases under.</summary>
    public string Name => _options.Name!;

    public async Task RunAsync(CancellationToken stop)
    {
        ReserveThreads();
        store.ReportTo(message => log.Problem(time.GetUtcNow(), message));
        store.MeasureTo(_metrics);
        await using var scheduler = new CollectionScheduler(_options.MaxConcurrentCycles, time, (job, e) =>
        {
            _metrics.CycleFailed(e is TimeoutException ? CycleError.Overrun : CycleError.Internal);
            log.Problem(time.GetUtcNow(), $"{job.Key}: {e.Message}");
        });
        var memory = new MemoryGovernor(_options.MemoryLimitBytes, time, message => log.Problem(time.GetUtcNow(), message));
        IReadOnlyList<ResolvedTarget> targets = [];
        var nextRound = DateTimeOffset.MinValue;
        var retention = new RetentionRunner(store, _options.Retention, log, time).RunAsync(stop);
        while (!stop.IsCancellationRequested)
        {
            var changed = watcher.TryRefresh(out var refreshed);
            if (changed)
            {
                targets = refreshed;
            }

            foreach (var error in watcher.Errors)
            {
                log.Problem(time.GetUtcNow(), error);
            }

            var round = LeaseRound(targets);
            if (changed || time.GetUtcNow() >= nextRound)
            {
                nextRound = time.GetUtcNow() + round;
                if (await KeepLeasesAsync(targets, round * 2, stop).ConfigureAwait(false) || changed)
                {
                    scheduler.Set(Collectors(targets));
                }
            }

            var collections = memory.Collections;
            memory.Check();
            if (memory.Collections != collections)
            {
                _metrics.MemoryCollected();
            }

            try
            {
                await Task.Delay(round < TargetCheck ? round : TargetCheck, time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await retention.ConfigureAwait(false);
        await scheduler.DisposeAsync().ConfigureAwait(false);
        await ReleaseLeasesAsync().ConfigureAwait(false);
        log.Stopped(time.GetUtcNow(), scheduler.Statistics);
    }

    /// <summary>A third of the shortest interval, between 250 ms and 10 s: how often leases are renewed.</summary>
    private static TimeSpan LeaseRound(IReadOnlyList<ResolvedTarget> targets)
    {
        var shortest = targets.Count == 0 ? TimeSpan.FromSeconds(30) : targets.Min(t => t.Interval);
        return TimeSpan.FromTicks(Math.Clamp(shortest.Ticks / 3, TimeSpan.FromMilliseconds(250).Ticks, TimeSpan.FromSeconds(10).Ticks));
    }

    /// <summary>
    /// One lease round; true when the targets held changed. When the store cannot be reached the targets held stay
    /// as they are (their cycles check their leases themselves, and fail to store while the store is away).
    /// </summary>
    private async Task<bool> KeepLeasesAsync(IReadOnlyList<ResolvedTarget> targets, TimeSpan timeToLive, CancellationToken stop)
    {
        var keys = targets.Select(t => t.Key).ToList();
        LeaseRound round;
        try
        {
            round = await store.UseAsync(s => s.KeepLeases(Name, keys, timeToLive), stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (StoreUnavailableException)
        {
            return false; // told by the gate; the leases held expire if the store stays away
        }

        var heldChanged = !round.Held.SetEquals(_held);

        var taken = round.Held.Except(_held).ToList();
        var given = _held.Except(round.Held).ToList();
        if ((taken.Count > 0 || given.Count > 0) && (round.LiveCollectors > 1 || round.Held.Count < keys.Count || _held.Count > 0))
        {
            var names = targets.ToDictionary(t => t.Key, t => $"{t.Job}/{t.Instance}");
            string Name(string key) => names.TryGetValue(key, out var name) ? name : key;
            log.LeasesChanged(time.GetUtcNow(), new LeaseChange(
                [.. taken.Select(Name).Order(StringComparer.Ordinal)], [.. given.Select(Name).Order(StringComparer.Ordinal)], round.Held.Count, keys.Count, round.LiveCollectors));
        }

        _held = round.Held;
        _metrics.LeasesHeld(round.Held.Count);
        return heldChanged;
    }

    /// <summary>A clean stop gives the targets back at once, so the other collectors need not wait for the leases to expire.</summary>
    private async Task ReleaseLeasesAsync()
    {
        try
        {
            await store.UseAsync(s =>
            {
                s.ReleaseLeases(Name);
                return 0;
            }, CancellationToken.None).ConfigureAwait(false);
        }
        catch (StoreUnavailableException)
        {
            // Told by the gate; the leases expire by themselves.
        }
    }

    /// <summary>
    /// Parsing a large (or hostile) profile holds a pool thread for a while; with the pool's default minimum of one
    /// thread per core, the timers of every other target would wait for it. More ready threads keep one target's
    /// parsing from making the others late.
    /// </summary>
    private static void ReserveThreads()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        var wanted = Math.Max(workers, (Environment.ProcessorCount * 4) + 16);
        if (wanted > workers)
        {
            ThreadPool.SetMinThreads(wanted, io);
        }
    }

    /// <summary>
    /// The collector of each target held, kept across refreshes so a target's window and health survive them. One
    /// given back is dropped: if it comes back, its state is read afresh from the store another collector wrote.
    /// </summary>
    private List<TargetCollector> Collectors(IReadOnlyList<ResolvedTarget> targets)
    {
        var held = targets.Where(t => _held.Contains(t.Key)).ToList();
        foreach (var gone in _collectors.Keys.Except(held).ToList())
        {
            _collectors.Remove(gone);
            _metrics.TargetReleased(gone);
        }

        foreach (var job in _interners.Keys.Except(held.Select(t => t.Job)).ToList())
        {
            _interners.Remove(job);
        }

        foreach (var target in held)
        {
            if (!_collectors.ContainsKey(target))
            {
                if (!_interners.TryGetValue(target.Job, out var interner))
                {
                    _interners[target.Job] = interner = new LeakInterner();
                }

                _collectors[target] = new TargetCollector(target, store, _options, log, time, _metrics, interner);
                _metrics.TargetHeld(target);
            }
        }

        return [.. _collectors.Values];
    }
}
