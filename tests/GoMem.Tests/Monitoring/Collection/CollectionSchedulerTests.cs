using GoMem.Monitoring.Collection;
using Microsoft.Extensions.Time.Testing;

namespace GoMem.Tests.Monitoring.Collection;

/// <summary>The scheduler on a fake clock: schedules, isolation of slow jobs, the concurrency cap, and reconfiguration.</summary>
public sealed class CollectionSchedulerTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    /// <summary>How far the fake clock moves at a time: a cycle starts no later than one step after it was due.</summary>
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(1);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Each_job_runs_once_per_interval_at_its_own_offset()
    {
        var a = new CountingJob("api/127.0.0.1:6060");
        var b = new CountingJob("api/127.0.0.1:6061");
        await using var scheduler = new CollectionScheduler(8, _clock, (_, e) => throw e);
        scheduler.Set([a, b]);

        await AdvanceAsync(Interval * 10, () => a.Cycles.Count >= 10 && b.Cycles.Count >= 10);

        Assert.Equal(10, a.Cycles.Count);
        Assert.Equal(10, b.Cycles.Count);
        Assert.All(a.Cycles.Zip(a.Cycles.Skip(1)), p => Assert.Equal(Interval, p.Second.Due - p.First.Due));
        Assert.NotEqual(a.Cycles[0].Due, b.Cycles[0].Due);
        Assert.All(a.Cycles.Concat(b.Cycles), c => Assert.InRange(c.Lateness, TimeSpan.Zero, Step));
    }

    [Fact]
    public async Task A_hanging_job_neither_delays_others_nor_holds_its_slot_past_its_interval()
    {
        var hanging = new HangingJob("bad/127.0.0.1:1");
        var healthy = new CountingJob("good/127.0.0.1:6060");
        var failures = new List<Exception>();
        await using var scheduler = new CollectionScheduler(2, _clock, (_, e) => { lock (failures) { failures.Add(e); } });
        scheduler.Set([hanging, healthy]);

        await AdvanceAsync(Interval * 20, () => healthy.Cycles.Count >= 20 && scheduler.Statistics.Overrun >= 19);

        Assert.Equal(20, healthy.Cycles.Count);
        Assert.All(healthy.Cycles, c => Assert.InRange(c.Lateness, TimeSpan.Zero, Step));
        Assert.True(scheduler.Statistics.Overrun >= 19);
        lock (failures)
        {
            Assert.All(failures, e => Assert.IsType<TimeoutException>(e));
        }
    }

    [Fact]
    public async Task No_more_cycles_than_the_cap_run_at_once()
    {
        var gate = new SemaphoreSlim(0);
        var jobs = Enumerable.Range(0, 6).Select(i => new GatedJob($"job{i}", gate)).ToList();
        await using var scheduler = new CollectionScheduler(2, _clock, (_, _) => { });
        scheduler.Set(jobs);

        await AdvanceAsync(Interval, () => GatedJob.Running >= 2);
        await Task.Delay(50);
        Assert.Equal(2, GatedJob.Running);
        gate.Release(100);
        await AdvanceAsync(TimeSpan.FromSeconds(1), () => jobs.All(j => j.Completed >= 1));
        Assert.True(GatedJob.MaxRunning <= 2, $"{GatedJob.MaxRunning} ran at once");
    }

    [Fact]
    public async Task Setting_a_new_job_list_starts_and_stops_jobs_by_key()
    {
        var a = new CountingJob("a");
        var b = new CountingJob("b");
        await using var scheduler = new CollectionScheduler(4, _clock, (_, e) => throw e);
        scheduler.Set([a]);
        await AdvanceAsync(Interval * 3, () => a.Cycles.Count >= 3);

        scheduler.Set([b]);
        var stoppedAt = a.Cycles.Count;
        await AdvanceAsync(Interval * 3, () => b.Cycles.Count >= 3);

        Assert.Equal(["b"], scheduler.Keys);
        Assert.Equal(stoppedAt, a.Cycles.Count);
    }

    [Fact]
    public void A_job_fires_at_the_same_phase_whichever_collector_starts_it_and_when()
    {
        const string key = "api http://10.0.0.7:6060";
        var starts = new[] { _clock.GetUtcNow(), _clock.GetUtcNow().AddSeconds(3.7), _clock.GetUtcNow().AddHours(5).AddMilliseconds(123) };

        var dues = starts.Select(start => CollectionScheduler.FirstDue(key, Interval, start)).ToList();

        Assert.All(dues.Zip(starts), p => Assert.InRange(p.First - p.Second, TimeSpan.Zero, Interval));
        Assert.All(dues, due => Assert.Equal(0, (due - dues[0]).Ticks % Interval.Ticks));
        Assert.Equal(CollectionScheduler.Offset(key, Interval).Ticks, (dues[0] - DateTimeOffset.UnixEpoch).Ticks % Interval.Ticks);
    }

    [Fact]
    public void Offsets_are_stable_and_inside_the_interval()
    {
        var offsets = Enumerable.Range(0, 1000).Select(i => CollectionScheduler.Offset($"api/10.0.0.{i}:6060", Interval)).ToList();
        Assert.All(offsets, o => Assert.InRange(o, TimeSpan.Zero, Interval - TimeSpan.FromTicks(1)));
        Assert.Equal(offsets, Enumerable.Range(0, 1000).Select(i => CollectionScheduler.Offset($"api/10.0.0.{i}:6060", Interval)));

        // Spread: each tenth of the interval gets a fair share of a thousand targets.
        var tenths = offsets.GroupBy(o => (int)(o / Interval * 10)).Select(g => g.Count()).ToList();
        Assert.Equal(10, tenths.Count);
        Assert.All(tenths, n => Assert.InRange(n, 50, 150));
    }

    /// <summary>Moves the fake clock forward in small steps, letting the scheduler's loops catch up, until the condition holds.</summary>
    private async Task AdvanceAsync(TimeSpan span, Func<bool> done)
    {
        for (var moved = TimeSpan.Zero; moved < span; moved += Step)
        {
            _clock.Advance(Step);
            await Settle();
        }

        for (var i = 0; i < 200 && !done(); i++)
        {
            await Task.Delay(10);
        }
    }

    private static async Task Settle()
    {
        await Task.Yield();
        await Task.Delay(1);
    }

    private sealed class CountingJob(string key) : ICollectionJob
    {
        private readonly List<CycleTiming> _cycles = [];

        public string Key => key;

        public TimeSpan Interval => CollectionSchedulerTests.Interval;

        public List<CycleTiming> Cycles
        {
            get
            {
                lock (_cycles)
                {
                    return [.. _cycles];
                }
            }
        }

        public Task RunCycleAsync(CycleTiming cycle, CancellationToken cancel)
        {
            lock (_cycles)
            {
                _cycles.Add(cycle);
            }

            return Task.CompletedTask;
        }
    }

    private sealed class HangingJob(string key) : ICollectionJob
    {
        public string Key => key;

        public TimeSpan Interval => CollectionSchedulerTests.Interval;

        public Task RunCycleAsync(CycleTiming cycle, CancellationToken cancel) => Task.Delay(Timeout.Infinite, cancel);
    }

    private sealed class GatedJob(string key, SemaphoreSlim gate) : ICollectionJob
    {
        private static int _running;
        private static int _maxRunning;
        private int _completed;

        public static int Running => Volatile.Read(ref _running);

        public static int MaxRunning => Volatile.Read(ref _maxRunning);

        public int Completed => Volatile.Read(ref _completed);

        public string Key => key;

        public TimeSpan Interval => CollectionSchedulerTests.Interval;

        public async Task RunCycleAsync(CycleTiming cycle, CancellationToken cancel)
        {
            var now = Interlocked.Increment(ref _running);
            int max;
            while (now > (max = Volatile.Read(ref _maxRunning)) && Interlocked.CompareExchange(ref _maxRunning, now, max) != max)
            {
            }

            try
            {
                await gate.WaitAsync(cancel);
                Interlocked.Increment(ref _completed);
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }
    }
}
