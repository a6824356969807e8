using GoMem.Monitoring.Collection;
using GoMem.Storage.Monitoring;

namespace GoMem.Tests.TestSupport;

/// <summary>A collector log that keeps its problem lines, lease changes and the final statistics, for assertions.</summary>
internal sealed class RecordingCollectorLog : ICollectorLog
{
    private readonly List<string> _problems = [];
    private readonly List<LeaseChange> _leaseChanges = [];
    private readonly List<MonitoringAlert> _alerts = [];

    public SchedulerStatistics? Statistics { get; private set; }

    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_problems)
            {
                return [.. _problems];
            }
        }
    }

    public IReadOnlyList<LeaseChange> LeaseChanges
    {
        get
        {
            lock (_leaseChanges)
            {
                return [.. _leaseChanges];
            }
        }
    }

    public void TargetUp(string target, DateTimeOffset time)
    {
    }

    public void TargetDown(string target, DateTimeOffset time, string error)
    {
    }

    public void Restarted(string target, DateTimeOffset time, string why)
    {
    }

    public void FindingOpened(string target, MonitoringFinding finding)
    {
    }

    public void AlertChanged(string target, MonitoringAlert alert)
    {
        lock (_alerts)
        {
            _alerts.Add(alert);
        }
    }

    /// <summary>The alerts that fired or resolved, in order.</summary>
    public IReadOnlyList<MonitoringAlert> AlertChanges
    {
        get
        {
            lock (_alerts)
            {
                return [.. _alerts];
            }
        }
    }

    public void FindingResolved(string target, MonitoringFinding finding)
    {
    }

    public void Problem(DateTimeOffset time, string message)
    {
        lock (_problems)
        {
            _problems.Add(message);
        }
    }

    public void LeasesChanged(DateTimeOffset time, LeaseChange change)
    {
        lock (_leaseChanges)
        {
            _leaseChanges.Add(change);
        }
    }

    public void Stopped(DateTimeOffset time, SchedulerStatistics statistics) => Statistics = statistics;
}
