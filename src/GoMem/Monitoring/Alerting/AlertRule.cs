namespace GoMem.Monitoring.Alerting;

/// <summary>What an alert rule tests: one of GoMem's verdicts on a target, or one of its figures against a threshold.</summary>
public enum AlertCondition
{
    /// <summary>An open <c>heap-leak</c> finding (the online leak verdict on a heap site, or the process's live heap): one alert per site.</summary>
    HeapLeak,

    /// <summary>An open <c>goroutine-leak</c> finding (a goroutine stack, or the process's goroutine count): one alert per stack.</summary>
    GoroutineLeak,

    /// <summary>Goroutines above <see cref="AlertRule.Threshold"/>.</summary>
    GoroutinesAbove,

    /// <summary>RSS above <see cref="AlertRule.Threshold"/> (a share) of the target's memory limit.</summary>
    MemoryNearLimit,

    /// <summary>A straight line through the last <see cref="AlertRule.Window"/> of RSS crosses the limit within <see cref="AlertRule.Horizon"/>.</summary>
    MemoryLimitForecast,

    /// <summary>The runtime's memory (Sys − HeapReleased, what GOMEMLIMIT counts) above <see cref="AlertRule.Threshold"/> of GOMEMLIMIT, when one is set.</summary>
    HeapNearGomemlimit,

    /// <summary>GOMEMLIMIT is not set while the target has a memory limit.</summary>
    GomemlimitUnset,

    /// <summary>The GC's share of CPU since the process started above <see cref="AlertRule.Threshold"/>.</summary>
    GcCpuHigh,

    /// <summary>The p99 of recent GC pauses above <see cref="AlertRule.Threshold"/> seconds.</summary>
    GcPauseP99High,

    /// <summary>The process restarted within the last <see cref="AlertRule.Window"/> (possibly killed for memory).</summary>
    Restarted,

    /// <summary>gomem watch cannot read the target.</summary>
    TargetDown,
}

/// <summary>
/// One alert rule: its name (<c>alertname</c>), what it tests and with which parameters, how long the condition must hold
/// before it fires, its labels (<c>severity</c> at least) and its annotations (templates over <see cref="AlertTemplate"/>'s
/// variables). <see cref="Why"/> says why the defaults are what they are (for the docs and the exported file's comments).
/// </summary>
public sealed record AlertRule
{
    public required string Name { get; init; }

    public required AlertCondition Condition { get; init; }

    /// <summary>A count, share, fraction or seconds, as the condition reads it; null for the verdicts and events.</summary>
    public double? Threshold { get; init; }

    /// <summary>How far ahead a forecast looks.</summary>
    public TimeSpan? Horizon { get; init; }

    /// <summary>The stretch of history a forecast fits, or how long a restart stays an alert.</summary>
    public TimeSpan? Window { get; init; }

    public TimeSpan For { get; init; }

    /// <summary>The rule's labels; <c>severity</c> is always among them.</summary>
    public required LabelSet Labels { get; init; }

    /// <summary>Annotation templates by name (<c>summary</c>, <c>description</c>, ...), in the order written.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Annotations { get; init; }

    public string? Why { get; init; }

    public string Severity => Labels.Get("severity") ?? "warning";
}
