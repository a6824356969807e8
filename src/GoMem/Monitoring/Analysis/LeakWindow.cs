using System.Globalization;
using GoMem.Goroutines;
using GoMem.Leaks;
using GoMem.Profiles;

namespace GoMem.Monitoring.Analysis;

/// <summary>
/// One profile cycle's inputs to the leak check: the heap and goroutine profiles of that moment as digests (a few KiB,
/// where the parsed profiles are tens of KiB: a collector keeps a window of these per target) and RSS.
/// </summary>
public sealed record LeakPoint(DateTimeOffset Time, HeapDigest? Heap, GoroutineDigest? Goroutines, long? RssBytes)
{
    /// <summary>
    /// The points as the series <c>gomem leak</c> analyses, timed as it times files: by the profiles' own times when
    /// every point has one, else by the collector's clock.
    /// </summary>
    public static SeriesAnalysis.Series Series(IReadOnlyList<LeakPoint> points)
    {
        var snapshots = new List<LeakSnapshot>(points.Count);
        for (var i = 0; i < points.Count; i++)
        {
            snapshots.Add(new LeakSnapshot
            {
                Key = i.ToString("D6", CultureInfo.InvariantCulture),
                Number = i,
                HeapDigest = points[i].Heap,
                GoroutineDigest = points[i].Goroutines,
                MetricsRssBytes = points[i].RssBytes,
                FileTime = points[i].Time,
            });
        }

        return SeriesAnalysis.Analyze(snapshots, intervalSeconds: null);
    }
}

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
