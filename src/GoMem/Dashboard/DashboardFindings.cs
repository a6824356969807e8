using GoMem.Findings;
using GoMem.Leaks;
using GoMem.Monitoring.Analysis;
using GoMem.Monitoring.Collection;
using GoMem.Sources;
using GoMem.Storage.Monitoring;

namespace GoMem.Dashboard;

/// <summary>
/// A target's findings with what makes a leak finding actionable: the verdict of <c>gomem leak</c> (through
/// <see cref="StoredLeakSource"/> and <see cref="LeakAnalysis"/>, as <c>gomem leak --store</c> reads the store) on the
/// stored profiles of the collector's window (its last <see cref="CollectorOptions.LeakWindow"/> profile cycles) at
/// the finding's last-seen time, matched by the finding's key (<see cref="OnlineLeakCheck.KeyOf"/>): the stack, the
/// growth per minute and the window; and the diff of that window's first third against its last third.
/// </summary>
public static class DashboardFindings
{
    /// <summary>The target's findings, open first, then resolved, each most recently seen first.</summary>
    public static TargetFindings Analyze(IMonitoringStore store, string storeName, long targetId)
    {
        var target = DashboardQueries.Target(store, storeName, targetId);
        var findings = store.RecentFindings(DateTimeOffset.UnixEpoch, target.Id)
            .OrderBy(f => f.Finding.IsOpen ? 0 : 1)
            .ThenByDescending(f => f.Finding.LastSeen)
            .ThenBy(f => f.Id)
            .ToList();
        var windows = new Dictionary<DateTimeOffset, Window?>();
        var views = new List<FindingDetailView>(findings.Count);
        foreach (var stored in findings)
        {
            var f = stored.Finding;
            Window? window = null;
            if (LeakFindingCodes.All.Contains(f.Code) && !windows.TryGetValue(f.LastSeen, out window))
            {
                window = Verdicts(store, storeName, target, f.LastSeen);
                windows.Add(f.LastSeen, window);
            }

            var leak = window?.Report.Findings.FirstOrDefault(l => OnlineLeakCheck.KeyOf(l) == f.Key && l.ToFinding().Code == f.Code);
            views.Add(new FindingDetailView(
                stored.Id,
                f.Code,
                f.Severity.Name(),
                f.Title,
                f.Detail,
                f.FirstSeen,
                f.LastSeen,
                f.ResolvedAt,
                leak is null || window is null ? null : Verdict(leak, window),
                window is null ? null : Link(window, leak, f.Code)));
        }

        return new TargetFindings(DashboardQueries.Ref(target), views);
    }

    /// <summary>The verdicts on the window of profile cycles that ends at <paramref name="lastSeen"/>, or null when fewer than a leak check needs are stored.</summary>
    private static Window? Verdicts(IMonitoringStore store, string storeName, MonitoringTarget target, DateTimeOffset lastSeen)
    {
        var (kind, moments) = LastMoments(store, target.Id, lastSeen, new CollectorOptions().LeakWindow);
        if (moments.Count < LeakOptions.MinSnapshots)
        {
            return null;
        }

        var points = StoredLeakSource.Read(store, storeName, $"{target.Job}/{target.Instance}", moments[0], lastSeen);
        if (points.Count < LeakOptions.MinSnapshots)
        {
            return null;
        }

        return new Window(kind, points[0].Time, points[^1].Time, LeakAnalysis.Analyze(LeakPoint.Series(points), new LeakOptions()));
    }

    /// <summary>
    /// The times of the last <paramref name="count"/> heap snapshots at or before <paramref name="end"/> (the goroutine
    /// ones when the target has no heap profile), as the collector's window held them.
    /// </summary>
    private static (string Kind, IReadOnlyList<DateTimeOffset> Times) LastMoments(IMonitoringStore store, long targetId, DateTimeOffset end, int count)
    {
        var kind = store.NearestProfileSnapshot(targetId, ProfileKinds.Heap, end) is null ? ProfileKinds.Goroutine : ProfileKinds.Heap;
        return (kind, [.. DashboardQueries.LastSnapshots(store, targetId, kind, end, count).Select(s => s.Time)]);
    }

    private static LeakVerdictView Verdict(LeakFinding leak, Window window) => new(
        leak.Kind.ToString().ToLowerInvariant(),
        leak.Metric,
        leak.Site,
        leak.File,
        leak.Line,
        leak.Unit,
        leak.Trend.SlopePerMinute,
        leak.Trend.FirstValue,
        leak.Trend.LastValue,
        window.Report.Snapshots,
        window.From,
        window.To,
        [.. leak.Stack.Select(f => new StackFrameView(f.Function, f.File, f.Line))]);

    /// <summary>The window's first third as the base range, its last third as the new one, of the profiles that show what grows.</summary>
    private static DiffLinkView Link(Window window, LeakFinding? leak, string code)
    {
        var goroutines = leak?.Kind == LeakKind.Goroutine || code == LeakFindingCodes.GoroutineLeak || window.Kind == ProfileKinds.Goroutine;
        var third = TimeSpan.FromMilliseconds(Math.Round((window.To - window.From).TotalMilliseconds / 3));
        var search = leak is { Kind: LeakKind.Heap or LeakKind.Goroutine } ? leak.Site : null;
        return new DiffLinkView(goroutines ? ProfileKinds.Goroutine : ProfileKinds.Heap, window.From, window.From + third, window.To - third, window.To, search);
    }

    private sealed record Window(string Kind, DateTimeOffset From, DateTimeOffset To, LeakReport Report);
}
