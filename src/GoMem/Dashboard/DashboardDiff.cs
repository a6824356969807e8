using GoMem.IO;
using GoMem.Profiles;
using GoMem.Profiles.Analysis;
using GoMem.Storage.Monitoring;

namespace GoMem.Dashboard;

/// <summary>
/// The diff between two time ranges of a target's stored profiles, with the semantics of <c>gomem diff</c>: the
/// newer profile minus the base (<see cref="TopReport"/> and <see cref="FlameGraph"/> with a base profile, as
/// <c>gomem diff</c> and <c>gomem flame --base</c> build them), percentages of the base total. A range stands for the
/// mean of the snapshots stored in it (<see cref="ProfileMerge.Mean"/>), so a range holding one snapshot is that
/// snapshot and the diff of two such ranges is <c>gomem diff --store --from --to</c> of the two.
/// </summary>
public static class DashboardDiff
{
    /// <summary>
    /// The diff of the <paramref name="kind"/> profiles stored from <paramref name="newRange"/>'s start to its end
    /// against those of <paramref name="baseRange"/>, under <paramref name="selection"/>'s sample type and focus. A
    /// range with no snapshot is a <see cref="BadInputException"/> (a 404), one that ends before it starts an
    /// <see cref="InvalidSettingException"/> (a 400).
    /// </summary>
    public static DiffView Analyze(
        IMonitoringStore store,
        string storeName,
        long targetId,
        string kind,
        (DateTimeOffset From, DateTimeOffset To) baseRange,
        (DateTimeOffset From, DateTimeOffset To) newRange,
        ProfileSelection? selection = null)
    {
        DashboardQueries.CheckKind(kind);
        var target = DashboardQueries.Target(store, storeName, targetId);
        var (older, baseView) = Mean(store, storeName, target, kind, baseRange, "base");
        var (newer, newView) = Mean(store, storeName, target, kind, newRange, "new");
        var options = (selection ?? ProfileSelection.Default).Options;
        return new DiffView(DashboardQueries.Ref(target), kind, baseView, newView, TopReport.Analyze(newer, options, older), FlameGraph.Analyze(newer, options, older));
    }

    private static (Profile Profile, ProfileRangeView View) Mean(
        IMonitoringStore store, string storeName, MonitoringTarget target, string kind, (DateTimeOffset From, DateTimeOffset To) range, string name)
    {
        if (range.From > range.To)
        {
            throw new InvalidSettingException(name, $"the range starts ({DashboardQueries.Time(range.From)}) after it ends ({DashboardQueries.Time(range.To)})");
        }

        var snapshots = store.ProfileSnapshots(target.Id, kind, range.From, range.To);
        if (snapshots.Count == 0)
        {
            throw new BadInputException(storeName, $"no {kind} profile of {target.Job}/{target.Instance} is stored between {DashboardQueries.Time(range.From)} and {DashboardQueries.Time(range.To)} (the {name} range)");
        }

        var mean = ProfileMerge.Mean(store.LoadProfiles([.. snapshots.Select(s => s.Id)]));
        mean.Source = $"{storeName}: {kind} of {target.Job}/{target.Instance}, {snapshots.Count} snapshot(s) from {DashboardQueries.Time(range.From)} to {DashboardQueries.Time(range.To)}";
        return (mean, new ProfileRangeView(range.From, range.To, [.. snapshots.Select(s => s.Time)]));
    }
}
