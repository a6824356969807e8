using System.Globalization;
using GoMem.Leaks;
using GoMem.Output.Text;
using GoMem.Storage.Monitoring;

namespace GoMem.Monitoring.Alerting;

/// <summary>
/// Each <see cref="AlertCondition"/>: its name in a rule file, the parameters it takes, the template variables it
/// gives, and its test on a target's <see cref="AlertEvidence"/>. A test returns null when this cycle says nothing
/// about it (no runtime figures came, a figure the target does not export): the rule's alerts then stay as they are.
/// </summary>
public static class AlertConditions
{
    /// <summary>Variables every rule's annotations may use.</summary>
    public static readonly IReadOnlyList<string> CommonVariables = ["alertname", "target", "job", "instance", "value", "threshold", "for"];

    private static readonly (AlertCondition Condition, string Name, string[] Parameters, string[] Variables)[] Table =
    [
        (AlertCondition.HeapLeak, "heap-leak", [], ["function", "location", "rate", "first_seen", "title", "detail"]),
        (AlertCondition.GoroutineLeak, "goroutine-leak", [], ["function", "location", "rate", "first_seen", "title", "detail"]),
        (AlertCondition.GoroutinesAbove, "goroutines-above", ["threshold"], []),
        (AlertCondition.MemoryNearLimit, "memory-near-limit", ["threshold"], ["rss", "limit"]),
        (AlertCondition.MemoryLimitForecast, "memory-limit-forecast", ["horizon", "window"], ["rss", "limit", "forecast", "horizon", "reaches_in"]),
        (AlertCondition.HeapNearGomemlimit, "heap-near-gomemlimit", ["threshold"], ["runtime_memory", "gomemlimit"]),
        (AlertCondition.GomemlimitUnset, "gomemlimit-unset", [], ["limit"]),
        (AlertCondition.GcCpuHigh, "gc-cpu-high", ["threshold"], []),
        (AlertCondition.GcPauseP99High, "gc-pause-p99-high", ["threshold"], []),
        (AlertCondition.Restarted, "restarted", ["window"], ["reason", "restarted_at"]),
        (AlertCondition.TargetDown, "target-down", [], ["error"]),
    ];

    /// <summary>The condition's name in a rule file (<c>heap-leak</c>, <c>memory-near-limit</c>...).</summary>
    public static string NameOf(AlertCondition condition) => Row(condition).Name;

    public static IReadOnlyList<string> Names => [.. Table.Select(t => t.Name)];

    public static AlertCondition? Parse(string name) =>
        Table.FirstOrDefault(t => t.Name == name) is { Name: not null } row ? row.Condition : null;

    /// <summary>The parameters the condition needs (<c>threshold</c>, <c>horizon</c>, <c>window</c>); it takes no others.</summary>
    public static IReadOnlyList<string> ParametersOf(AlertCondition condition) => Row(condition).Parameters;

    /// <summary>Every variable the condition's annotations may use.</summary>
    public static IReadOnlyList<string> VariablesOf(AlertCondition condition) => [.. CommonVariables, .. Row(condition).Variables];

    /// <summary>The alerts the rule's condition holds for now, or null when this cycle says nothing about it.</summary>
    public static IReadOnlyList<AlertMatch>? Test(AlertRule rule, AlertEvidence evidence)
    {
        var s = evidence.Sample;
        var threshold = rule.Threshold ?? 0;
        return rule.Condition switch
        {
            AlertCondition.HeapLeak => Verdicts(evidence, LeakFindingCodes.HeapLeak),
            AlertCondition.GoroutineLeak => Verdicts(evidence, LeakFindingCodes.GoroutineLeak),
            AlertCondition.TargetDown => evidence.Up ? [] : [One(null, ("error", evidence.Error ?? "not answering"))],
            AlertCondition.Restarted => evidence.LastRestart is { } restart && evidence.Time - restart.Time < (rule.Window ?? AlertThresholds.RestartShownFor)
                ? [One(null, ("reason", restart.Why), ("restarted_at", Stamp(restart.Time)))]
                : [],
            _ when s is null => null,
            AlertCondition.GoroutinesAbove => s.Goroutines is { } n
                ? n > threshold ? [One(n, ("value", Count(n)), ("threshold", Count(threshold)))] : []
                : null,
            AlertCondition.MemoryNearLimit => s.RssBytes is { } rss && Limit(s) is { } limit
                ? (double)rss / limit > threshold ? [One((double)rss / limit, ("value", HumanText.Percent((double)rss / limit)), ("threshold", HumanText.Percent(threshold)), ("rss", HumanText.Bytes(rss)), ("limit", HumanText.Bytes(limit)))] : []
                : null,
            AlertCondition.MemoryLimitForecast => Forecast(rule, evidence, s),
            AlertCondition.HeapNearGomemlimit => RuntimeMemory(s) is { } used && s.GomemlimitBytes is { } gomemlimit and > 0 and < long.MaxValue
                ? (double)used / gomemlimit > threshold ? [One((double)used / gomemlimit, ("value", HumanText.Percent((double)used / gomemlimit)), ("threshold", HumanText.Percent(threshold)), ("runtime_memory", HumanText.Bytes(used)), ("gomemlimit", HumanText.Bytes(gomemlimit)))] : []
                : null,
            AlertCondition.GomemlimitUnset => s.GomemlimitBytes is { } set
                ? set == long.MaxValue && Limit(s) is { } containerLimit ? [One(null, ("limit", HumanText.Bytes(containerLimit)))] : []
                : null,
            AlertCondition.GcCpuHigh => s.GcCpuFraction is { } fraction
                ? fraction > threshold ? [One(fraction, ("value", HumanText.Percent(fraction)), ("threshold", HumanText.Percent(threshold)))] : []
                : null,
            AlertCondition.GcPauseP99High => s.PauseP99Seconds is { } p99
                ? p99 > threshold ? [One(p99, ("value", HumanText.Duration(p99)), ("threshold", HumanText.Duration(threshold)))] : []
                : null,
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule.Condition, "unknown alert condition"),
        };
    }

    /// <summary>The memory limit a target is held to: its configured container limit, else the cgroup limit it reports.</summary>
    private static long? Limit(RuntimeSample s) => s.ContainerLimitBytes is > 0 and < long.MaxValue ? s.ContainerLimitBytes : null;

    /// <summary>What GOMEMLIMIT counts: the runtime's memory less what it returned to the OS.</summary>
    private static long? RuntimeMemory(RuntimeSample s) => s.SysBytes is { } sys ? sys - (s.HeapReleasedBytes ?? 0) : null;

    /// <summary>
    /// Prometheus' <c>predict_linear</c>: a least-squares line through the window's RSS, read at now + horizon. It needs
    /// the window a quarter full and five points, so a process's first minutes (caches filling) do not forecast.
    /// </summary>
    private static IReadOnlyList<AlertMatch>? Forecast(AlertRule rule, AlertEvidence evidence, RuntimeSample s)
    {
        var window = rule.Window ?? AlertThresholds.ForecastWindow;
        var horizon = rule.Horizon ?? TimeSpan.FromHours(AlertThresholds.ForecastHours);
        if (Limit(s) is not { } limit || s.RssBytes is not { } rss)
        {
            return null;
        }

        var from = evidence.Time - window;
        double n = 0, sumX = 0, sumY = 0, sumXx = 0, sumXy = 0;
        DateTimeOffset? first = null;
        foreach (var (time, bytes) in evidence.Rss)
        {
            if (time < from || time > evidence.Time)
            {
                continue;
            }

            first ??= time;
            var x = (time - evidence.Time).TotalSeconds;
            n++;
            sumX += x;
            sumY += bytes;
            sumXx += x * x;
            sumXy += x * bytes;
        }

        var denominator = (n * sumXx) - (sumX * sumX);
        if (n < 5 || first is not { } start || evidence.Time - start < window / 4 || denominator <= 0)
        {
            return null;
        }

        var slope = ((n * sumXy) - (sumX * sumY)) / denominator;
        var intercept = (sumY - (slope * sumX)) / n;
        var forecast = intercept + (slope * horizon.TotalSeconds);
        if (forecast <= limit)
        {
            return [];
        }

        var reachesIn = slope > 0 ? Math.Max(0, (limit - intercept) / slope) : 0;
        return [One(forecast, ("value", HumanText.Bytes((long)forecast)), ("threshold", HumanText.Bytes(limit)), ("rss", HumanText.Bytes(rss)), ("limit", HumanText.Bytes(limit)),
            ("forecast", HumanText.Bytes((long)forecast)), ("horizon", Span(horizon)), ("reaches_in", Span(TimeSpan.FromSeconds(reachesIn))))];
    }

    /// <summary>One alert per open finding of the code, told apart by the function (or, for the whole process, the series) it is about.</summary>
    private static List<AlertMatch> Verdicts(AlertEvidence evidence, string code)
    {
        var matches = new List<AlertMatch>();
        foreach (var finding in evidence.OpenFindings)
        {
            if (finding.Code != code)
            {
                continue;
            }

            var (metric, site, location) = FindingKey(finding.Key);
            var byWhat = metric is "live_heap" or "goroutines" or "rss" ? ("series", metric) : ("function", site);
            var by = finding.Title.LastIndexOf(" by ", StringComparison.Ordinal);
            var rate = by >= 0 ? finding.Title[(by + 4)..] : "";
            matches.Add(new AlertMatch(LabelSet.Of(byWhat), null, Variables(
                ("function", site), ("location", location), ("rate", rate), ("first_seen", Stamp(finding.FirstSeen)), ("title", finding.Title), ("detail", finding.Detail), ("value", rate))));
        }

        return matches;
    }

    /// <summary>A finding's key as the online leak check writes it: <c>metric site [file:line]</c>.</summary>
    private static (string Metric, string Site, string Location) FindingKey(string key)
    {
        var space = key.IndexOf(' ', StringComparison.Ordinal);
        if (space < 0)
        {
            return (key, key, "");
        }

        var metric = key[..space];
        var rest = key[(space + 1)..];
        var last = rest.LastIndexOf(' ');
        return last > 0 && rest.LastIndexOf(':') > last ? (metric, rest[..last], rest[(last + 1)..]) : (metric, rest, "");
    }

    private static AlertMatch One(double? value, params (string Name, string Value)[] variables) => new(LabelSet.Empty, value, Variables(variables));

    private static Dictionary<string, string> Variables(params (string Name, string Value)[] variables)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in variables)
        {
            map[name] = value;
        }

        return map;
    }

    private static string Count(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    /// <summary>A span for people: 4h, 1h30m, 25m, 40s.</summary>
    public static string Span(TimeSpan span) => span.TotalSeconds switch
    {
        < 60 => $"{(long)span.TotalSeconds}s",
        < 3600 => $"{(long)span.TotalMinutes}m",
        _ => span.Minutes == 0 ? $"{(long)span.TotalHours}h" : $"{(long)span.TotalHours}h{span.Minutes}m",
    };

    private static (AlertCondition Condition, string Name, string[] Parameters, string[] Variables) Row(AlertCondition condition) =>
        Table.First(t => t.Condition == condition);
}
