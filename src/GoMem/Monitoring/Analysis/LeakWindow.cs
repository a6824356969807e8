using GoMem.Goroutines;
using GoMem.Profiles;

namespace GoMem.Monitoring.Analysis;

/// <summary>One profile cycle's inputs to the online leak check: the heap and goroutine profiles and RSS of that moment.</summary>
public sealed record LeakPoint(DateTimeOffset Time, Profile? Heap, GoroutineDump? Goroutines, long? RssBytes);

/// <summary>
/// The last profile cycles of one target, oldest first, that the online leak check runs on: bounded, and emptied
/// when the process restarts (a new process starts a new series, as <c>gomem leak</c> splits at a restart).
/// </summary>
public sealed class LeakWindow(int capacity)
{
    private readonly Queue<LeakPoint> _points = new();

    public int Capacity { get; } = capacity >= 3 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "a leak check needs at least 3 snapshots");

    public IReadOnlyList<LeakPoint> Points => [.. _points];

    public void Add(LeakPoint point)
    {
        _points.Enqueue(point);
        while (_points.Count > Capacity)
        {
            _points.Dequeue();
        }
    }

    public void Clear() => _points.Clear();
}
