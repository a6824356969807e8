namespace GoMem.Monitoring.Alerting;

/// <summary>
/// The thresholds and waits of GoMem's memory alerts, in one place: the rules <c>gomem watch</c> evaluates itself
/// (<see cref="BuiltInAlertRules"/>) and the Prometheus rule file <c>gomem export prometheus-rules</c> writes
/// (<see cref="Exports.BuiltInPrometheusRules"/>) both read them, so the two can never disagree. Why each is what it
/// is: docs/ALERTS.md and the rules' own <c>Why</c>.
/// </summary>
public static class AlertThresholds
{
    /// <summary>The share of the memory limit that RSS may reach before the alert: room left for one more GC cycle's growth and a burst.</summary>
    public const double MemoryLimitShare = 0.8;

    public static readonly TimeSpan MemoryNearLimitFor = TimeSpan.FromMinutes(2);

    /// <summary>How far ahead the linear forecast of RSS looks for the limit.</summary>
    public const int ForecastHours = 4;

    /// <summary>The stretch of RSS the forecast's line is fitted to.</summary>
    public static readonly TimeSpan ForecastWindow = TimeSpan.FromHours(1);

    public static readonly TimeSpan ForecastFor = TimeSpan.FromMinutes(10);

    /// <summary>The share of GOMEMLIMIT the Go runtime's memory (what the limit counts: Sys − HeapReleased) may reach.</summary>
    public const double GomemlimitShare = 0.9;

    public static readonly TimeSpan HeapAtGomemlimitFor = TimeSpan.FromMinutes(5);

    /// <summary>A configuration fact, not a load condition: it waits only long enough not to fire on a target's very first cycles.</summary>
    public static readonly TimeSpan GomemlimitUnsetFor = TimeSpan.FromMinutes(10);

    public const int GoroutineLimit = 10_000;

    public static readonly TimeSpan GoroutinesFor = TimeSpan.FromMinutes(15);

    public const double GcCpuFractionLimit = 0.1;

    public static readonly TimeSpan GcCpuFor = TimeSpan.FromMinutes(15);

    public const double PauseP99LimitSeconds = 0.01;

    public static readonly TimeSpan PauseP99For = TimeSpan.FromMinutes(10);

    /// <summary>How long a restart stays an alert: long enough to be seen beside the memory alerts that came before it.</summary>
    public static readonly TimeSpan RestartShownFor = TimeSpan.FromMinutes(15);

    public static readonly TimeSpan TargetDownFor = TimeSpan.FromMinutes(2);
}
