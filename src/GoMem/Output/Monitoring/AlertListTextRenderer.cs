using System.Globalization;
using GoMem.Monitoring.Alerting;
using GoMem.Output.Text;
using GoMem.Sources;

namespace GoMem.Output.Monitoring;

/// <summary>
/// <c>gomem alerts</c>: a count line, then one row per alert (state, severity, rule, target, when its condition started
/// to hold, fired and resolved, the value it measured, its summary), firing first; times in UTC, "-" for none.
/// </summary>
public static class AlertListTextRenderer
{
    public static void Write(TextWriter w, StoredAlerts list)
    {
        var which = list.State is { } state ? $"{state.Name()} " : "";
        w.Write($"{list.Alerts.Count} {which}alert{(list.Alerts.Count == 1 ? "" : "s")}: {list.Count(AlertState.Firing)} firing, {list.Count(AlertState.Pending)} pending, "
            + $"{list.Count(AlertState.Resolved)} resolved since {Stamp(list.Since)}\n");
        if (list.Alerts.Count == 0)
        {
            return;
        }

        var left = new TextColumn(TextTable.Align.Left, "  ");
        var table = new TextTable(new TextColumn(), left, left, left, left, left, left, new TextColumn(TextTable.Align.Right, "  "), left);
        table.AddRow("STATE", "SEVERITY", "ALERT", "TARGET", "ACTIVE SINCE", "FIRED", "RESOLVED", "VALUE", "SUMMARY");
        foreach (var (target, alert) in list.Alerts)
        {
            var about = alert.Labels.Get("function") ?? alert.Labels.Get("series");
            table.AddRow(
                alert.State.Name(),
                alert.Labels.Get("severity") ?? "-",
                about is null ? alert.Rule : $"{alert.Rule} ({about})",
                $"{target.Job}/{target.Instance}",
                Stamp(alert.ActiveSince),
                alert.FiredAt is { } fired ? Stamp(fired) : "-",
                alert.ResolvedAt is { } resolved ? Stamp(resolved) : "-",
                alert.Value is { } value ? value.ToString("0.####", CultureInfo.InvariantCulture) : "-",
                alert.Annotation("summary") ?? "");
        }

        table.WriteTo(w);
    }

    private static string Stamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
