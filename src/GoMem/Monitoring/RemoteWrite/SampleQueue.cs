namespace GoMem.Monitoring.RemoteWrite;

/// <summary>
/// The bounded buffer of one receiver: a ring of <see cref="RemoteWriteEndpoint.Capacity"/> samples, allocated once.
/// Adding never waits and never allocates: when the ring is full the oldest sample is dropped to make room (fresh
/// figures matter more than old ones to whoever watches the receiver) and counted, so a receiver that is down costs
/// at most the ring's memory. Samples leave in the order they came, which keeps each series in time order.
/// </summary>
internal sealed class SampleQueue
{
    private readonly Lock _gate = new();
    private readonly PendingSample[] _ring;
    private readonly int _batchSize;
    private int _head;
    private int _count;
    private long _dropped;
    private TaskCompletionSource _batchReady = NewSignal();

    public SampleQueue(int capacity, int batchSize)
    {
        _ring = new PendingSample[capacity];
        _batchSize = Math.Min(batchSize, capacity);
    }

    public int Capacity => _ring.Length;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Samples dropped because the buffer was full, since the start.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Completes once the buffer holds a full batch (a new task after each <see cref="Take"/> that leaves less).</summary>
    public Task BatchReady
    {
        get
        {
            lock (_gate)
            {
                return _batchReady.Task;
            }
        }
    }

    /// <summary>Queues a sample; true when the buffer was full and the oldest sample was dropped for it.</summary>
    public bool Add(in PendingSample sample)
    {
        TaskCompletionSource? ready = null;
        var dropped = false;
        lock (_gate)
        {
            if (_count == _ring.Length)
            {
                _ring[_head] = default;
                _head = (_head + 1) % _ring.Length;
                _count--;
                _dropped++;
                dropped = true;
            }

            _ring[(_head + _count) % _ring.Length] = sample;
            _count++;
            if (_count >= _batchSize)
            {
                ready = _batchReady;
            }
        }

        ready?.TrySetResult();
        return dropped;
    }

    /// <summary>Moves up to <paramref name="into"/>'s length of the oldest samples into it; how many.</summary>
    public int Take(Span<PendingSample> into)
    {
        lock (_gate)
        {
            var n = Math.Min(into.Length, _count);
            for (var i = 0; i < n; i++)
            {
                into[i] = _ring[_head];
                _ring[_head] = default; // the series it names can go when its target does
                _head = (_head + 1) % _ring.Length;
            }

            _count -= n;
            if (_count < _batchSize && _batchReady.Task.IsCompleted)
            {
                _batchReady = NewSignal();
            }

            return n;
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
