namespace GoMem.Monitoring.Collection;

/// <summary>Something the scheduler runs on an interval: one target's collection cycle.</summary>
public interface ICollectionJob
{
    /// <summary>The job's identity (a target's job and instance): a job set again under the same key keeps its schedule.</summary>
    string Key { get; }

    TimeSpan Interval { get; }

    /// <summary>
    /// One cycle. <paramref name="cancel"/> fires when the cycle overruns its interval or the scheduler stops; a job
    /// reports its own failures (a target down is a result, not an exception).
    /// </summary>
    Task RunCycleAsync(CycleTiming cycle, CancellationToken cancel);
}

/// <summary>
/// Which cycle this is (<paramref name="Number"/>: since the job started here; <paramref name="Slot"/>: since the Unix
/// epoch at the job's phase, the same on every collector), when it was due and when it started (the difference is
/// its lateness).
/// </summary>
public sealed record CycleTiming(long Number, long Slot, DateTimeOffset Due, DateTimeOffset Started)
{
    public TimeSpan Lateness => Started - Due;
}
