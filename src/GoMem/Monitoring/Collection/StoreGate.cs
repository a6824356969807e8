using GoMem.Storage.Monitoring;

namespace GoMem.Monitoring.Collection;

/// <summary>
/// The collector's one store instance, used by one cycle at a time: cycles fetch concurrently and queue here only
/// for their short write, so a slow target never holds the store.
/// </summary>
public sealed class StoreGate(IMonitoringStore store) : IDisposable
{
    /// <summary>A write that takes longer than this is reported: the store is locked by another writer, or its disk is slow.</summary>
    public static readonly TimeSpan SlowWrite = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _lock = new(1, 1);
    private Action<TimeSpan>? _onSlow;

    /// <summary>Called (outside the gate) with the duration of every use of the store slower than <see cref="SlowWrite"/>.</summary>
    public void ReportSlowUses(Action<TimeSpan> onSlow) => _onSlow = onSlow;

    public async Task<T> UseAsync<T>(Func<IMonitoringStore, T> work, CancellationToken cancel)
    {
        await _lock.WaitAsync(cancel).ConfigureAwait(false);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        T result;
        try
        {
            result = work(store);
        }
        finally
        {
            _lock.Release();
        }

        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        if (elapsed > SlowWrite)
        {
            _onSlow?.Invoke(elapsed);
        }

        return result;
    }

    public void Dispose() => _lock.Dispose();
}
