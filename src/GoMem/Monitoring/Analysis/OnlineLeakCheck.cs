using System.Globalization;
using GoMem.Findings;
using GoMem.Leaks;
using GoMem.Storage.Monitoring;

namespace GoMem.Monitoring.Analysis;

/// <summary>
/// The verdicts of <c>gomem leak</c>, run on a target's recent profile cycles after each one: the same series
/// building, trend tests and thresholds, stated as monitoring findings keyed by what grows (so a finding keeps its
/// identity, first-seen time and row across cycles) and reconciled with the findings already open.
/// </summary>
public static class OnlineLeakCheck
{
    /// <summary>What grows now, one finding each; none before the window holds <paramref name="minSnapshots"/>.</summary>
    public static IReadOnlyList<MonitoringFinding> Analyze(long targetId, IReadOnlyList<LeakPoint> points, LeakOptions options, int minSnapshots, DateTimeOffset now)
    {
        if (points.Count < Math.Max(minSnapshots, LeakOptions.MinSnapshots))
        {
            return [];
        }

        var report = LeakAnalysis.Analyze(LeakPoint.Series(points), options);
        return [.. report.Findings.Select(f => ToMonitoring(targetId, f, now))];
    }

    /// <summary>
    /// Turns this cycle's verdicts into store updates against the findings open before it: new ones open, ones seen
    /// again get a new last-seen time, open ones no longer found are resolved now.
    /// </summary>
    public static Reconciled Reconcile(IReadOnlyList<MonitoringFinding> open, IReadOnlyList<MonitoringFinding> current, DateTimeOffset now)
    {
        var before = open.ToDictionary(f => (f.Code, f.Key));
        var opened = current.Where(f => !before.ContainsKey((f.Code, f.Key))).ToList();
        var seen = current.Select(f => before.TryGetValue((f.Code, f.Key), out var old) ? f with { FirstSeen = old.FirstSeen } : f).ToList();
        var still = current.Select(f => (f.Code, f.Key)).ToHashSet();
        var resolved = open.Where(f => !still.Contains((f.Code, f.Key))).Select(f => f with { LastSeen = now, ResolvedAt = now }).ToList();
        return new Reconciled([.. seen, .. resolved], opened, resolved);
    }

    private static MonitoringFinding ToMonitoring(long targetId, LeakFinding leak, DateTimeOffset now)
    {
        var finding = leak.ToFinding();
        return new MonitoringFinding(targetId, finding.Code, KeyOf(leak), finding.Severity, finding.Title, finding.Detail ?? "", now, now);
    }

    /// <summary>What a leak's finding is about (<see cref="MonitoringFinding.Key"/>): the metric, the site and its source line.</summary>
    public static string KeyOf(LeakFinding leak) =>
        leak.Line > 0 ? $"{leak.Metric} {leak.Site} {leak.File}:{leak.Line.ToString(CultureInfo.InvariantCulture)}" : $"{leak.Metric} {leak.Site}";

    /// <summary>The findings to write (<see cref="Updates"/>), and which of them opened or resolved in this cycle.</summary>
    public sealed record Reconciled(IReadOnlyList<MonitoringFinding> Updates, IReadOnlyList<MonitoringFinding> Opened, IReadOnlyList<MonitoringFinding> Resolved);
}
