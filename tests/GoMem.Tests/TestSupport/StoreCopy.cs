using GoMem.Storage.Monitoring;

namespace GoMem.Tests.TestSupport;

/// <summary>
/// Copies everything a store holds into another (any engine), through the store interface only: targets, health,
/// runtime samples, events, profile snapshots and findings, in the order they were added, so ids come out alike.
/// </summary>
internal static class StoreCopy
{
    public static void Copy(IMonitoringStore from, IMonitoringStore to)
    {
        var ever = (DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(500));
        var ids = new Dictionary<long, long>();
        foreach (var target in from.Targets())
        {
            var id = to.UpsertTarget(target.Job, target.Instance, target.Labels);
            ids[target.Id] = id;
            foreach (var sample in from.RuntimeSamples(target.Id, ever.Item1, ever.Item2))
            {
                to.AddRuntimeSample(id, sample);
            }

            foreach (var e in from.Events(target.Id, ever.Item1, ever.Item2))
            {
                to.AddEvent(id, e.Time, e.Kind, e.Detail);
            }

            var snapshots = new[] { ProfileKinds.Heap, ProfileKinds.Allocs, ProfileKinds.Goroutine }
                .SelectMany(kind => from.ProfileSnapshots(target.Id, kind, ever.Item1, ever.Item2))
                .OrderBy(s => s.Id);
            foreach (var snapshot in snapshots)
            {
                to.AddProfile(id, snapshot.Kind, snapshot.Time, from.LoadProfile(snapshot.Id));
            }

            if (target.Health.LastSuccess is { } success)
            {
                to.RecordHealth(id, success, null);
            }

            if (target.Health.LastAttempt is { } attempt && target.Health.State == TargetHealthState.Down)
            {
                to.RecordHealth(id, attempt, target.Health.LastError ?? "down");
            }
        }

        foreach (var finding in from.RecentFindings(ever.Item1).OrderBy(f => f.Id))
        {
            to.UpsertFinding(finding.Finding with { TargetId = ids[finding.Finding.TargetId] });
        }
    }
}
