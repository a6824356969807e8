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

    /// <summary>A problem that is not a target's health: a broken file_sd file, a failed write.</summary>
    void Problem(DateTimeOffset time, string message);

    /// <summary>The collector stopped: how many cycles ran and how well the schedule was kept.</summary>
    void Stopped(DateTimeOffset time, SchedulerStatistics statistics);
}
