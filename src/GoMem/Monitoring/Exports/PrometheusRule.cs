using System.Globalization;

namespace GoMem.Monitoring.Exports;

/// <summary>A group of a Prometheus rule file: its name, a comment for people, and its rules, evaluated in order.</summary>
public sealed record PrometheusRuleGroup(string Name, string Comment, IReadOnlyList<PrometheusRule> Rules);

/// <summary>
/// One rule of a Prometheus rule file: an alerting rule (<see cref="Alert"/> set) or a recording rule
/// (<see cref="Record"/> set), with the reason its threshold is what it is (<see cref="Why"/>: for the docs and the
/// file's comments, never evaluated).
/// </summary>
public sealed record PrometheusRule
{
    /// <summary>The alert's name (CamelCase, as Prometheus' alerts are named); null for a recording rule.</summary>
    public string? Alert { get; init; }

    /// <summary>The recorded series' name (<c>level:metric:operations</c>); null for an alerting rule.</summary>
    public string? Record { get; init; }

    /// <summary>The PromQL expression.</summary>
    public required string Expr { get; init; }

    /// <summary>How long the condition must hold before the alert fires (Prometheus' <c>for</c>); zero fires at once.</summary>
    public TimeSpan For { get; init; }

    /// <summary>The <c>severity</c> label: <c>critical</c>, <c>warning</c> or <c>info</c>.</summary>
    public string? Severity { get; init; }

    /// <summary>The <c>summary</c> annotation: one line, with Prometheus' template variables.</summary>
    public string? Summary { get; init; }

    /// <summary>The <c>description</c> annotation: what it means and what to do.</summary>
    public string? Description { get; init; }

    /// <summary>Why the threshold, window and <c>for</c> are what they are.</summary>
    public required string Why { get; init; }

    /// <summary>The rule's name, whichever kind it is.</summary>
    public string Name => Alert ?? Record!;

    /// <summary>A duration as Prometheus writes one: <c>0s</c>, <c>90s</c>, <c>2m</c>, <c>1h</c>.</summary>
    public static string FormatDuration(TimeSpan duration)
    {
        var seconds = (long)duration.TotalSeconds;
        return seconds switch
        {
            0 => "0s",
            _ when seconds % 3600 == 0 => (seconds / 3600).ToString(CultureInfo.InvariantCulture) + "h",
            _ when seconds % 60 == 0 => (seconds / 60).ToString(CultureInfo.InvariantCulture) + "m",
            _ => seconds.ToString(CultureInfo.InvariantCulture) + "s",
        };
    }
}
