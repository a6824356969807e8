using GoMem.Monitoring.Config;
using GoMem.Monitoring.Retention;

namespace GoMem.Monitoring.Collection;

/// <summary>
/// <c>gomem watch</c>'s engine: the targets of a configuration (file_sd files re-read as they change), one
/// <see cref="TargetCollector"/> each on the shared <see cref="CollectionScheduler"/>, all writing through one store.
/// Runs until cancelled; a target that leaves the configuration stops, one that joins starts at its own offset.
/// </summary>
public sealed class Collector(TargetWatcher watcher, StoreGate store, CollectorOptions options, ICollectorLog log, TimeProvider time)
{
    /// <summary>How often the configuration's targets are checked for changes at most (file_sd has its own refresh interval).</summary>
    private static readonly TimeSpan TargetCheck = TimeSpan.FromSeconds(1);

    private readonly Dictionary<ResolvedTarget, TargetCollector> _collectors = [];

    public async Task RunAsync(CancellationToken stop)
    {
        ReserveThreads();
        store.ReportSlowUses(elapsed => log.Problem(time.GetUtcNow(), $"the store took {elapsed.TotalSeconds:0.0} s to answer (locked by another writer, or a slow disk?); collection goes on"));
        await using var scheduler = new CollectionScheduler(options.MaxConcurrentCycles, time, (job, e) => log.Problem(time.GetUtcNow(), $"{job.Key}: {e.Message}"));
        var retention = new RetentionRunner(store, options.Retention, log, time).RunAsync(stop);
        while (!stop.IsCancellationRequested)
        {
            if (watcher.TryRefresh(out var targets))
            {
                scheduler.Set(Collectors(targets));
            }

            foreach (var error in watcher.Errors)
            {
                log.Problem(time.GetUtcNow(), error);
            }

            try
            {
                await Task.Delay(TargetCheck, time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await retention.ConfigureAwait(false);
        await scheduler.DisposeAsync().ConfigureAwait(false);
        log.Stopped(time.GetUtcNow(), scheduler.Statistics);
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

    /// <summary>The collector of each target, kept across refreshes so a target's window and health survive them.</summary>
    private List<TargetCollector> Collectors(IReadOnlyList<ResolvedTarget> targets)
    {
        foreach (var gone in _collectors.Keys.Except(targets).ToList())
        {
            _collectors.Remove(gone);
        }

        foreach (var target in targets)
        {
            if (!_collectors.ContainsKey(target))
            {
                _collectors[target] = new TargetCollector(target, store, options, log, time);
            }
        }

        return [.. _collectors.Values];
    }
}
