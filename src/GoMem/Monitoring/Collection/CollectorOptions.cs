using GoMem.IO;
using GoMem.Leaks;
using GoMem.Monitoring.Alerting;
using GoMem.Monitoring.Retention;

namespace GoMem.Monitoring.Collection;

/// <summary>How the collector runs: limits that keep one target from costing more than its share, and the leak check.</summary>
public sealed record CollectorOptions
{
    /// <summary>Cycles in flight at once, over all targets.</summary>
    public int MaxConcurrentCycles { get; init; } = 64;

    /// <summary>The soft limit on the managed heap (<see cref="MemoryGovernor"/>); 0 turns it off.</summary>
    public long MemoryLimitBytes { get; init; } = DefaultMemoryLimitBytes;

    /// <summary>192 MiB: with the runtime's own memory, about 300 MB resident at 1,000 targets.</summary>
    public const long DefaultMemoryLimitBytes = 192L << 20;

    /// <summary>The largest response body read from one endpoint.</summary>
    public long MaxBodyBytes { get; init; } = 64L << 20;

    /// <summary>
    /// Caps on a profile's inflated size and tables: a gzip bomb from one target is refused after 64 MiB, not decoded
    /// (a service's heap profile is a few MiB; the one-shot commands allow 1 GiB for the rare giant file).
    /// </summary>
    public InputLimits ProfileLimits { get; init; } = InputLimits.Default with { MaxInflatedBytes = 64L << 20 };

    /// <summary>Profile cycles the online leak check looks back over.</summary>
    public int LeakWindow { get; init; } = 12;

    /// <summary>
    /// Profile cycles a target needs before the online check gives verdicts: more than <c>gomem leak</c>'s three,
    /// because a process's first minutes (caches filling, the profiler's own gzip writers) rise for a few cycles
    /// and then level off, and a verdict that opens and resolves within a minute only trains people to ignore it.
    /// </summary>
    public int LeakMinSnapshots { get; init; } = 6;

    /// <summary>Consecutive profile cycles a verdict must hold before its finding opens.</summary>
    public int LeakConfirmations { get; init; } = 3;

    public LeakOptions Leak { get; init; } = new();

    /// <summary>The alert rules evaluated after each cycle of a target: the built-in ones unless <c>--rules</c> gives a file.</summary>
    public IReadOnlyList<AlertRule> AlertRules { get; init; } = BuiltInAlertRules.All;

    /// <summary>
    /// The name this collector holds its target leases under in the store (see
    /// <see cref="GoMem.Storage.Monitoring.ITargetLeases"/>), unique among the collectors sharing the store; null
    /// for a <see cref="TargetCollector"/> used on its own, which then writes without checking a lease.
    /// <see cref="Collector"/> always names itself (<see cref="DefaultName"/> unless given).
    /// </summary>
    public string? Name { get; init; }

    /// <summary>host/pid/random: unique across the fleet, and telling an operator which process holds what.</summary>
    public static string DefaultName() =>
        $"{Environment.MachineName}/{Environment.ProcessId}/{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(3))}";

    /// <summary>What the store keeps; applied when the collector starts and every few minutes (<see cref="RetentionRunner"/>).</summary>
    public RetentionPolicy Retention { get; init; } = RetentionPolicy.Default;

    /// <summary>
    /// Where the alert evaluation hands its notifications (<c>gomem watch</c>'s <see cref="Alerting.Delivery.AlertDispatcher"/>,
    /// built from the config's <c>alerting</c> section and the flags); null when no sink is configured, and then
    /// nothing is delivered. <see cref="Alerting.IAlertNotifier.Enqueue"/> never blocks, so it may be called from a cycle.
    /// </summary>
    public Alerting.IAlertNotifier? AlertNotifier { get; init; }
}
