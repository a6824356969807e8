using GoMem.Goroutines;
using GoMem.IO;
using GoMem.Leaks;
using GoMem.Monitoring.Analysis;
using GoMem.Storage.Monitoring;

namespace GoMem.Sources;

/// <summary>
/// A target's stored history as the series <c>gomem leak</c> analyses: each stored heap profile with the goroutine
/// profile and RSS taken closest to it, since the last restart within the span (a new process starts a new series).
/// </summary>
public static class StoredLeakSource
{
    public static IReadOnlyList<LeakPoint> Read(IMonitoringStore store, string storeName, string? target, DateTimeOffset from, DateTimeOffset to)
    {
        var found = StoredTargets.Find(store, target, storeName);
        var restart = store.Events(found.Id, from, to).LastOrDefault(e => e.Kind == TargetEventKinds.Restart);
        if (restart is not null)
        {
            from = restart.Time;
        }

        var heaps = store.ProfileSnapshots(found.Id, ProfileKinds.Heap, from, to);
        var goroutines = store.ProfileSnapshots(found.Id, ProfileKinds.Goroutine, from, to);
        var samples = store.RuntimeSamples(found.Id, from, to);
        if (heaps.Count == 0 && goroutines.Count == 0)
        {
            throw new BadInputException(storeName, $"no heap or goroutine profile of {found.Job}/{found.Instance} is stored between {from.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ} and {to.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}");
        }

        // The moments are those of the heap profiles (the goroutine ones when there are none).
        var moments = heaps.Count > 0 ? heaps : goroutines;
        var points = new List<LeakPoint>(moments.Count);
        foreach (var moment in moments)
        {
            var heap = heaps.Count > 0 ? HeapDigest.Of(store.LoadProfile(moment.Id)) : null;
            var goroutine = Nearest(goroutines, moment.Time, s => s.Time);
            var dump = goroutine is null ? null : GoroutineDigest.Of(GoroutineDumpReader.FromProfile(storeName, store.LoadProfile(goroutine.Id), GoroutineDumpFormat.Proto));
            var rss = Nearest(samples.Where(s => s.RssBytes is not null).ToList(), moment.Time, s => s.Time)?.RssBytes;
            points.Add(new LeakPoint(moment.Time, heap, dump, rss));
        }

        return points;
    }

    private static T? Nearest<T>(IReadOnlyList<T> items, DateTimeOffset time, Func<T, DateTimeOffset> timeOf)
        where T : class =>
        items.Count == 0 ? null : items.MinBy(i => (timeOf(i) - time).Duration());
}
