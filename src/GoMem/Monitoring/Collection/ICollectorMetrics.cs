using GoMem.Monitoring.Alerting.Delivery;
using GoMem.Monitoring.Config;
using GoMem.Storage.Monitoring;

namespace GoMem.Monitoring.Collection;

/// <summary>
/// What the collector measures of its targets and of itself, for an exposition such as <c>gomem watch --listen</c>'s
/// <c>/metrics</c> (<see cref="Exposition.CollectorExposition"/>). Each call is made from the place that knows the
/// fact, once: the <see cref="Collector"/> (targets held, leases, failed cycles, memory), each
/// <see cref="TargetCollector"/> at the end of its cycle, the <see cref="StoreGate"/> per use of the store, and alert
/// delivery (<see cref="AlertDispatcher"/>) per batch delivered or dropped.
/// Calls come from any thread and must be cheap: a thousand targets end a cycle every few milliseconds.
/// </summary>
public interface ICollectorMetrics
{
    /// <summary>This collector collects <paramref name="target"/> from now on; its series may appear.</summary>
    void TargetHeld(ResolvedTarget target);

    /// <summary>
    /// This collector no longer collects <paramref name="target"/> (the target left the configuration, or another
    /// collector holds its lease): its series go, and a cycle of it still in flight adds none back.
    /// </summary>
    void TargetReleased(ResolvedTarget target);

    /// <summary>A cycle of <paramref name="target"/> ended (not cut off at its interval): what it read, and how long it took.</summary>
    void CycleEnded(ResolvedTarget target, in CycleOutcome outcome, TimeSpan duration);

    /// <summary>A cycle did not end by itself: it overran its interval, or threw (a bug).</summary>
    void CycleFailed(CycleError error);

    /// <summary>One use of the store (a cycle's transaction, a lease round, a retention step) took <paramref name="duration"/>.</summary>
    void StoreUsed(TimeSpan duration);

    /// <summary>The targets this collector holds a lease on after a lease round.</summary>
    void LeasesHeld(int count);

    /// <summary>The memory governor made a full collection (<see cref="MemoryGovernor"/>).</summary>
    void MemoryCollected();

    /// <summary><paramref name="count"/> alert notifications reached <paramref name="receiver"/>.</summary>
    void AlertsSent(AlertSinkKind sink, string receiver, int count);

    /// <summary><paramref name="count"/> alert notifications for <paramref name="receiver"/> were given up, and why.</summary>
    void AlertsDropped(AlertSinkKind sink, string receiver, AlertDrop reason, int count);
}

/// <summary>
/// What one cycle of a target came to: the runtime figures read (null when none came), whether the target answered,
/// how many endpoints failed while it did, the findings open on it now, what became of the cycle's write, and the
/// alerts firing on it now, per rule (null: none).
/// </summary>
public readonly record struct CycleOutcome(RuntimeSample? Sample, bool Up, int EndpointErrors, IReadOnlyList<MonitoringFinding> OpenFindings, CycleWrite Write,
    IReadOnlyList<(string Rule, int Count)>? FiringAlerts = null);

/// <summary>What became of a cycle's write to the store.</summary>
public enum CycleWrite
{
    Stored,

    /// <summary>The store could not be written (an outage the <see cref="StoreGate"/> reports): the cycle is lost, the target's figures are still its own.</summary>
    StoreUnavailable,

    /// <summary>Another collector holds the target's lease now: it collects and stores the target, not this one.</summary>
    LeaseLost,
}

/// <summary>The ways a cycle fails, as <c>gomem_collector_cycle_errors_total</c> counts them (<see cref="CycleErrorKinds"/>).</summary>
public enum CycleError
{
    /// <summary>The target did not answer, or nothing it sent parsed.</summary>
    TargetDown,

    /// <summary>One endpoint failed while the target answered (a profile that does not parse, a 500 from one path).</summary>
    Endpoint,

    /// <summary>The cycle could not be stored: the store was unavailable.</summary>
    StoreUnavailable,

    /// <summary>The cycle was not stored: another collector holds the target's lease.</summary>
    LeaseLost,

    /// <summary>The cycle did not finish within its interval and was cut off.</summary>
    Overrun,

    /// <summary>The cycle threw: a bug.</summary>
    Internal,
}

/// <summary>The <c>kind</c> label value of each <see cref="CycleError"/>.</summary>
public static class CycleErrorKinds
{
    public static string Of(CycleError error) => error switch
    {
        CycleError.TargetDown => "target_down",
        CycleError.Endpoint => "endpoint",
        CycleError.StoreUnavailable => "store_unavailable",
        CycleError.LeaseLost => "lease_lost",
        CycleError.Overrun => "overrun",
        _ => "internal",
    };
}

/// <summary>Measures nothing: the collector without an exposition.</summary>
public sealed class NoCollectorMetrics : ICollectorMetrics
{
    public static NoCollectorMetrics Instance { get; } = new();

    private NoCollectorMetrics()
    {
    }

    public void TargetHeld(ResolvedTarget target)
    {
    }

    public void TargetReleased(ResolvedTarget target)
    {
    }

    public void CycleEnded(ResolvedTarget target, in CycleOutcome outcome, TimeSpan duration)
    {
    }

    public void CycleFailed(CycleError error)
    {
    }

    public void StoreUsed(TimeSpan duration)
    {
    }

    public void LeasesHeld(int count)
    {
    }

    public void MemoryCollected()
    {
    }

    public void AlertsSent(AlertSinkKind sink, string receiver, int count)
    {
    }

    public void AlertsDropped(AlertSinkKind sink, string receiver, AlertDrop reason, int count)
    {
    }
}
