using System.Globalization;
using GoMem.Findings;
using GoMem.Monitoring.Alerting;
using GoMem.Monitoring.Collection;
using GoMem.Storage.Monitoring;

namespace GoMem.Output.Monitoring;

/// <summary>
/// <c>gomem watch</c>'s log as people read it: one line per event (a target up or down, a restart, a finding opened
/// or resolved, a problem), UTC time first, columns aligned, written as it happens.
/// </summary>
public sealed class WatchLogTextRenderer(TextWriter writer) : ICollectorLog
{
    private readonly Lock _gate = new();

    public void TargetUp(string target, DateTimeOffset time) => Line(time, "up", target, "");

    public void TargetDown(string target, DateTimeOffset time, string error) => Line(time, "down", target, error);

    public void Restarted(string target, DateTimeOffset time, string why) => Line(time, "restart", target, why);

    public void FindingOpened(string target, MonitoringFinding finding) =>
        Line(finding.LastSeen, "finding", target, $"{finding.Severity.Label().TrimEnd()} [{finding.Code}] {finding.Title}");

    public void FindingResolved(string target, MonitoringFinding finding) =>
        Line(finding.ResolvedAt ?? finding.LastSeen, "resolved", target, $"[{finding.Code}] {finding.Title}");

    /// <summary>The alert's summary, without the target's name when it starts with it: the line names the target already.</summary>
    public void AlertChanged(string target, MonitoringAlert alert)
    {
        var summary = alert.Annotation("summary") ?? alert.Rule;
        summary = summary.StartsWith(target + ": ", StringComparison.Ordinal) ? summary[(target.Length + 2)..] : summary;
        Line(alert.ResolvedAt ?? alert.FiredAt ?? alert.LastEvaluated, "alert", target, $"{alert.State.Name()} {alert.Labels.Get("severity")} [{alert.Rule}] {summary}");
    }

    public void Problem(DateTimeOffset time, string message) => Line(time, "problem", "-", message);

    public void LeasesChanged(DateTimeOffset time, LeaseChange change)
    {
        static string Names(string verb, IReadOnlyList<string> names) =>
            names.Count == 0 ? "" : $"; {verb} {names.Count}: {string.Join(", ", names.Take(5))}{(names.Count > 5 ? $" and {names.Count - 5} more" : "")}";
        var collectors = change.LiveCollectors == 1 ? "1 collector" : $"{change.LiveCollectors} collectors";
        Line(time, "leases", "-", $"collecting {change.Collecting} of {change.Configured} targets ({collectors} on this store){Names("took over", change.Taken)}{Names("gave back", change.GivenBack)}");
    }

    public void Stopped(DateTimeOffset time, SchedulerStatistics statistics)
    {
        static string Seconds(double? value) => value is { } seconds ? seconds.ToString("0.###", CultureInfo.InvariantCulture) + " s" : "-";
        Line(time, "stopped", "-", $"{statistics.Completed} cycles, {statistics.Overrun} overran, {statistics.Skipped} skipped; start lateness p99 {Seconds(statistics.LatenessQuantile(0.99))} (first cycles {Seconds(statistics.FirstCycleLatenessQuantile(0.99))})");
    }

    private void Line(DateTimeOffset time, string what, string target, string detail)
    {
        var stamp = time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var line = detail.Length == 0 ? $"{stamp}  {what,-8}  {target}\n" : $"{stamp}  {what,-8}  {target}  {OneLine(detail)}\n";
        lock (_gate)
        {
            writer.Write(line);
            writer.Flush();
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
