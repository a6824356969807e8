using GoMem.Storage.Monitoring;

namespace GoMem.Monitoring.Collection;

/// <summary>
/// The collector's one store instance, used by one cycle at a time: cycles fetch concurrently and queue here only
/// for their short write, so a slow target never holds the store.
/// </summary>
public sealed class StoreGate(IMonitoringStore store) : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);

    public async Task<T> UseAsync<T>(Func<IMonitoringStore, T> work, CancellationToken cancel)
    {
        await _lock.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            return work(store);
        }
        finally
        {
            _lock.Release();
        }
    }

    public void Dispose() => _lock.Dispose();
}
