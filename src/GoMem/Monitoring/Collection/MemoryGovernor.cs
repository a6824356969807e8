namespace GoMem.Monitoring.Collection;

/// <summary>
/// A soft limit on the collector's managed heap, in the spirit of Go's GOMEMLIMIT: when the heap (live data and the
/// garbage not yet collected) passes the limit, a full compacting collection is made, so the process's memory follows
/// what it holds rather than what it has thrown away. .NET's collector is otherwise lazy where memory is plentiful,
/// and a collector allocating and dropping a hundred parsed pages a second would grow to several times its live data.
/// </summary>
/// <remarks>
/// Soft, never fatal: when the live data alone exceeds the limit, collections are spaced out (never more than one per
/// <see cref="MinimumSpacing"/>, and none again until the heap has grown by half beyond what survived), and it is said
/// once, so that a limit set too low costs some CPU, not the collector.
/// </remarks>
public sealed class MemoryGovernor(long limitBytes, TimeProvider time, Action<string> report)
{
    /// <summary>Full collections are at least this far apart, whatever the heap does.</summary>
    public static readonly TimeSpan MinimumSpacing = TimeSpan.FromSeconds(5);

    private DateTimeOffset _lastCollection = DateTimeOffset.MinValue;
    private long _survived;
    private bool _toldOverLimit;

    /// <summary>How many full collections the limit has caused.</summary>
    public int Collections { get; private set; }

    /// <summary>Called now and then (every second or so): collects when the heap is over the limit.</summary>
    public void Check() => Check(GC.GetTotalMemory(forceFullCollection: false), Collect);

    /// <summary>The decision, given the heap's size now and a way to collect that returns the bytes that survived.</summary>
    internal void Check(long heapBytes, Func<long> collect)
    {
        var now = time.GetUtcNow();
        if (limitBytes <= 0 || heapBytes <= limitBytes || now - _lastCollection < MinimumSpacing || heapBytes < _survived * 3 / 2)
        {
            return;
        }

        _lastCollection = now;
        _survived = collect();
        Collections++;
        if (_survived > limitBytes && !_toldOverLimit)
        {
            _toldOverLimit = true;
            report($"the collector's live data ({_survived >> 20} MiB) is over its memory limit ({limitBytes >> 20} MiB): it goes on, collecting garbage less eagerly; raise --memory-limit for this many targets");
        }
    }

    private static long Collect()
    {
        // Aggressive: compacting, and the memory freed is given back to the system at once rather than kept for reuse.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: false);
    }
}
