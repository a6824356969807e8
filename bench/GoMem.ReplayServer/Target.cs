using System.Globalization;

namespace GoMem.ReplayServer;

/// <summary>
/// One impersonated service: a series, a starting offset into it, and a counter shift of its own. Each endpoint
/// walks the series one snapshot per request; after the last snapshot it starts again with its counters a lap
/// further on, so it never looks restarted. Thread-safe.
/// </summary>
public sealed class Target(int index, Series series, int seriesCount, long serverStartUnixSeconds)
{
    // Targets replaying the same series take consecutive offsets, so together they serve all of its snapshots at once.
    private readonly int _offset = (index / seriesCount) % series.Length;
    private readonly long _shift = index * 1000L;
    private readonly string _startTime = (serverStartUnixSeconds - 3600 - index).ToString(CultureInfo.InvariantCulture);
    private long _vars;
    private long _metrics;
    private long _heap;
    private long _goroutine;

    public long Requests => Interlocked.Read(ref _vars) + Interlocked.Read(ref _metrics) + Interlocked.Read(ref _heap) + Interlocked.Read(ref _goroutine);

    public byte[] Vars()
    {
        var (k, lap) = Next(ref _vars);
        return series.Vars[k].Render(lap, _shift, series.VarsSpans);
    }

    public byte[] Metrics()
    {
        var (k, lap) = Next(ref _metrics);
        return series.Metrics[k].Render(lap, _shift, series.MetricsSpans, Series.StartPlaceholder, _startTime);
    }

    public byte[] Heap() => series.Heap[Next(ref _heap).Snapshot];

    public byte[] Goroutine() => series.Goroutine[Next(ref _goroutine).Snapshot];

    private (int Snapshot, long Lap) Next(ref long counter)
    {
        var position = _offset + Interlocked.Increment(ref counter) - 1;
        return ((int)(position % series.Length), position / series.Length);
    }
}
