using GoMem.Statistics;

namespace GoMem.Monitoring.Collection;

/// <summary>
/// How the scheduler keeps time: cycles completed, overran, failed and skipped, and the lateness of cycle starts
/// against their schedule (the last <see cref="Window"/> of them, for quantiles). Thread-safe.
/// </summary>
public sealed class SchedulerStatistics
{
    public const int Window = 65_536;

    private readonly Lock _gate = new();
    private readonly double[] _lateness = new double[Window];
    private long _latenessCount;
    private long _completed;
    private long _overrun;
    private long _failed;
    private long _skipped;

    public long Completed => Interlocked.Read(ref _completed);

    public long Overrun => Interlocked.Read(ref _overrun);

    public long Failed => Interlocked.Read(ref _failed);

    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Cycle starts measured so far.</summary>
    public long Started
    {
        get
        {
            lock (_gate)
            {
                return _latenessCount;
            }
        }
    }

    /// <summary>The lateness quantile (0 to 1) in seconds over the window, or null before any cycle.</summary>
    public double? LatenessQuantile(double q)
    {
        lock (_gate)
        {
            var n = (int)Math.Min(_latenessCount, Window);
            return n == 0 ? null : Quantiles.Of(_lateness.AsSpan(0, n), q);
        }
    }

    internal void AddLateness(TimeSpan lateness)
    {
        lock (_gate)
        {
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
