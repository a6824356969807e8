using System.Collections.Concurrent;
using GoMem.Monitoring;

namespace GoMem.Monitoring.Collection;

/// <summary>
/// Runs every job on its own fixed schedule: a stable offset inside the interval per job (so a thousand targets do
/// not fire at once, and a restarted collector, or another one taking the job over, keeps the same phase, as
/// Prometheus spreads its scrapes; see <see cref="FirstDue"/>), a global
/// cap on cycles in flight, and each cycle cut off at its interval. A slow or hanging job never moves another job's
/// schedule: it holds at most one slot, for at most one interval. A cycle that overran makes the job skip the
/// cycles it missed rather than run them late in a burst.
/// </summary>
public sealed class CollectionScheduler : IAsyncDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly TimeProvider _time;
    private readonly Action<ICollectionJob, Exception> _onFailure;
    private readonly ConcurrentDictionary<string, Running> _running = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private bool _disposed;

    /// <param name="onFailure">Called when a cycle throws (a bug in the job) or overruns its interval.</param>
    public CollectionScheduler(int maxCyclesInFlight, TimeProvider time, Action<ICollectionJob, Exception> onFailure)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCyclesInFlight, 1);
        _slots = new SemaphoreSlim(maxCyclesInFlight, maxCyclesInFlight);
        _time = time;
        _onFailure = onFailure;
    }

    public SchedulerStatistics Statistics { get; } = new();

    /// <summary>The jobs running now, by key.</summary>
    public IReadOnlyCollection<string> Keys => [.. _running.Keys];

    /// <summary>Makes <paramref name="jobs"/> the running set: new keys start, missing keys stop, others keep their schedule.</summary>
    public void Set(IEnumerable<ICollectionJob> jobs)
    {
        var wanted = jobs.ToDictionary(j => j.Key, StringComparer.Ordinal);
        foreach (var (key, running) in _running)
        {
            if (!wanted.TryGetValue(key, out var job) || job.Interval != running.Job.Interval)
            {
                running.Cancel.Cancel();
                _running.TryRemove(key, out _);
                _ = running.Loop.ContinueWith(_ => running.Cancel.Dispose(), TaskScheduler.Default);
            }
        }

        foreach (var (key, job) in wanted)
        {
            if (!_running.ContainsKey(key))
            {
                var cancel = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                var origin = FirstDue(job.Key, job.Interval, _time.GetUtcNow());
                _running[key] = new Running(job, cancel, Task.Run(() => LoopAsync(job, origin, cancel.Token)));
            }
        }
    }

    /// <summary>Stops every job and waits for cycles in flight to end.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _stop.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_running.Values.Select(r => r.Loop)).ConfigureAwait(false);
        foreach (var running in _running.Values)
        {
            running.Cancel.Dispose();
        }

        _running.Clear();
        _stop.Dispose();
        _slots.Dispose();
    }

    /// <summary>Where in its interval a job fires: a stable fraction of the interval from a hash of its key.</summary>
    public static TimeSpan Offset(string key, TimeSpan interval) =>
        TimeSpan.FromTicks((long)(interval.Ticks * (StableHash.Of(key) / 4294967296.0)));

    /// <summary>
    /// The first time at or after <paramref name="now"/> when a job fires: its offset plus a whole number of
    /// intervals since the Unix epoch. Every collector computes the same times for a job, so a target taken over from
    /// another collector keeps its phase, and two collectors can never collect it at two different points of one interval.
    /// </summary>
    public static DateTimeOffset FirstDue(string key, TimeSpan interval, DateTimeOffset now)
    {
        // In ticks: a double holds a count of ticks since 1970 only to within a few ticks.
        var phase = DateTimeOffset.UnixEpoch + Offset(key, interval);
        var since = (now - phase).Ticks;
        var slots = (since / interval.Ticks) + (since % interval.Ticks > 0 ? 1 : 0);
        return phase + TimeSpan.FromTicks(slots * interval.Ticks);
    }

    private async Task LoopAsync(ICollectionJob job, DateTimeOffset origin, CancellationToken stop)
    {
        var interval = job.Interval;
        var firstSlot = (origin - DateTimeOffset.UnixEpoch - Offset(job.Key, interval)).Ticks / interval.Ticks;
        var number = 0L;
        while (!stop.IsCancellationRequested)
        {
            var due = origin + (interval * number);
            try
            {
                // Timers round to the millisecond and may fire a little early: a cycle never starts before it is due,
                // so that its time falls in its own interval (the cycles of a target taken over line up with these).
                for (var wait = due - _time.GetUtcNow(); wait > TimeSpan.Zero; wait = due - _time.GetUtcNow())
                {
                    await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, _time, stop).ConfigureAwait(false);
                }

                await _slots.WaitAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await RunOneAsync(job, new CycleTiming(number, firstSlot + number, due, _time.GetUtcNow()), stop).ConfigureAwait(false);
            }
            finally
            {
                _slots.Release();
            }

            // The next cycle is the latest one already due (a cycle cut off at its interval is followed at once by
            // the one due then); older missed cycles are skipped, not run late in a burst.
            var elapsed = _time.GetUtcNow() - origin;
            var next = Math.Max(number + 1, (long)Math.Floor(elapsed / interval));
            Statistics.AddSkipped(next - number - 1);
            number = next;
        }
    }

    private async Task RunOneAsync(ICollectionJob job, CycleTiming timing, CancellationToken stop)
    {
        Statistics.AddLateness(timing.Lateness, firstCycle: timing.Number == 0);
        using var overrun = new CancellationTokenSource(job.Interval, _time);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop, overrun.Token);
        try
        {
            await job.RunCycleAsync(timing, deadline.Token).ConfigureAwait(false);
            Statistics.AddCompleted();
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping: the cycle in flight ends here.
        }
        catch (OperationCanceledException e)
        {
            Statistics.AddOverrun();
            _onFailure(job, new TimeoutException($"{job.Key}: cycle {timing.Number} did not finish within its interval ({job.Interval.TotalSeconds:0.###} s)", e));
        }
        catch (Exception e)
        {
            Statistics.AddFailed();
            _onFailure(job, e);
        }
    }

    private sealed record Running(ICollectionJob Job, CancellationTokenSource Cancel, Task Loop);
}
