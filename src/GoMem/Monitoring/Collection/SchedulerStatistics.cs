using GoMem.Statistics;

namespace GoMem.Monitoring.Collection;

/// <summary>
/// How the scheduler keeps time: cycles completed, overran, failed and skipped, and the lateness of cycle starts
/// against their schedule (the last <see cref="Window"/> of them, for quantiles). Each job's first cycle is counted
/// apart: at start-up every target registers and writes its whole profile dictionary at once, a burst that says how
/// fast the collector starts, not how well it keeps time afterwards. Thread-safe.
/// </summary>
public sealed class SchedulerStatistics
{
    public const int Window = 65_536;

    private readonly Lock _gate = new();
    private readonly double[] _lateness = new double[Window];
    private readonly double[] _firstLateness = new double[Window];
    private long _latenessCount;
    private long _firstCount;
    private long _completed;
    private long _overrun;
    private long _failed;
    private long _skipped;

    public long Completed => Interlocked.Read(ref _completed);

    public long Overrun => Interlocked.Read(ref _overrun);

    public long Failed => Interlocked.Read(ref _failed);

    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Cycle starts measured so far, first cycles included.</summary>
    public long Started
    {
        get
        {
            lock (_gate)
            {
                return _latenessCount + _firstCount;
            }
        }
    }

    /// <summary>The lateness quantile (0 to 1) in seconds of every cycle but each job's first, or null before any.</summary>
    public double? LatenessQuantile(double q)
    {
        lock (_gate)
        {
            var n = (int)Math.Min(_latenessCount, Window);
            return n == 0 ? null : Quantiles.Of(_lateness.AsSpan(0, n), q);
        }
    }

    /// <summary>The lateness quantile in seconds of the jobs' first cycles (the start-up burst), or null before any.</summary>
    public double? FirstCycleLatenessQuantile(double q)
    {
        lock (_gate)
        {
            var n = (int)Math.Min(_firstCount, Window);
            return n == 0 ? null : Quantiles.Of(_firstLateness.AsSpan(0, n), q);
        }
    }

    internal void AddLateness(TimeSpan lateness, bool firstCycle)
    {
        lock (_gate)
        {
            if (firstCycle)
            {
                _firstLateness[(int)(_firstCount % Window)] = Math.Max(0, lateness.TotalSeconds);
                _firstCount++;
                return;
            }

            _lateness[(int)(_latenessCount % Window)] = Math.Max(0, lateness.TotalSeconds);
            _latenessCount++;
        }
    }

    internal void AddCompleted() => Interlocked.Increment(ref _completed);

    internal void AddOverrun() => Interlocked.Increment(ref _overrun);

    internal void AddFailed() => Interlocked.Increment(ref _failed);

    internal void AddSkipped(long cycles)
    {
        if (cycles > 0)
        {
            Interlocked.Add(ref _skipped, cycles);
        }
    }
}
