using GoMem.Storage.Monitoring;

namespace GoMem.Monitoring.Collection;

/// <summary>What the collector tells its user as it happens: one call per event, from any thread.</summary>
public interface ICollectorLog
{
    void TargetUp(string target, DateTimeOffset time);

    void TargetDown(string target, DateTimeOffset time, string error);

    void Restarted(string target, DateTimeOffset time, string why);

    void FindingOpened(string target, MonitoringFinding finding);

    void FindingResolved(string target, MonitoringFinding finding);

    /// <summary>An alert of the target started firing, or resolved (its <see cref="MonitoringAlert.State"/> says which).</summary>
    void AlertChanged(string target, MonitoringAlert alert);

    /// <summary>A problem that is not a target's health: a broken file_sd file, a failed write.</summary>
    void Problem(DateTimeOffset time, string message);

    /// <summary>
    /// A lease round changed which targets this collector collects, while it shares them with other collectors (or
    /// holds fewer than it is configured with): it took some over, or gave some back.
    /// </summary>
    void LeasesChanged(DateTimeOffset time, LeaseChange change);

    /// <summary>The collector stopped: how many cycles ran and how well the schedule was kept.</summary>
    void Stopped(DateTimeOffset time, SchedulerStatistics statistics);
}

/// <summary>What a lease round changed: targets taken over and given back (by name), what is collected now, by how many collectors.</summary>
public sealed record LeaseChange(IReadOnlyList<string> Taken, IReadOnlyList<string> GivenBack, int Collecting, int Configured, int LiveCollectors);
