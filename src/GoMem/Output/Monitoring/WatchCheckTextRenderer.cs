using System.Globalization;
using GoMem.IO;
using GoMem.Monitoring.Alerting.Delivery;
using GoMem.Monitoring.Alerting;
using GoMem.Monitoring.Config;
using GoMem.Monitoring.RemoteWrite;
using GoMem.Monitoring.Retention;
using GoMem.Output.Text;

namespace GoMem.Output.Monitoring;

/// <summary><c>gomem watch --check-config</c>: every job with its settings, and every target with what it will collect.</summary>
public static class WatchCheckTextRenderer
{
    /// <param name="rules">The rule file given with --rules and its rules, when one was.</param>
    public static void Write(TextWriter w, WatchConfigCheck check, (string Path, IReadOnlyList<AlertRule> Rules)? rules = null)
    {
        w.Write($"{check.Config.Path}: valid; {Count(check.Jobs.Count, "job")}, {Count(check.TargetCount, "target")}\n");
        if (rules is { } ruleFile)
        {
            w.Write($"{ruleFile.Path}: valid; {Count(ruleFile.Rules.Count, "alert rule")} ({string.Join(", ", ruleFile.Rules.Select(r => r.Name))})\n");
        }

        Retention(w, check.Config.Retention);
        Alerting(w, check.Config.Alerting);
        RemoteWrite(w, check.Config.RemoteWrite);
        foreach (var job in check.Jobs)
        {
            var j = job.Job;
            w.Write($"\njob {j.Name}: every {GoDuration.Format(j.ScrapeInterval)}, timeout {GoDuration.Format(j.ScrapeTimeout)}, {j.Plan.Describe()}");
            if (j.MemoryLimitBytes is { } limit)
            {
                w.Write($", container limit {HumanText.Bytes(limit)}");
            }

            w.Write("\n");
            foreach (var file in job.Files)
            {
                w.Write($"  file_sd {file}\n");
            }

            foreach (var target in job.Targets)
            {
                w.Write($"  {target.Url} {target.Labels}\n");
            }
        }
    }

    /// <summary>What the store keeps: each setting in its written form, and what it means.</summary>
    private static void Retention(TextWriter w, RetentionPolicy policy)
    {
        w.Write("\nretention:\n");
        var table = new TextTable(new TextColumn(TextTable.Align.Left, "  "), new TextColumn(TextTable.Align.Left, "  "), new TextColumn(TextTable.Align.Left, "  "));
        table.AddRow("profiles", policy.Profiles.ToString(), policy.Profiles.Describe("every snapshot", "one per"));
        table.AddRow("runtime", policy.Runtime.ToString(), policy.Runtime.Describe("every sample", "min/avg/max per"));
        table.AddRow("events", RetentionTiers.Format(policy.Events), "restarts, outages and endpoint errors");
        table.AddRow("findings", RetentionTiers.Format(policy.Findings), "after they resolve (open findings are kept)");
        table.WriteTo(w);
    }

    /// <summary>Where alerts go: each sink with its receiver and timeout, and the base of generatorURL.</summary>
    private static void Alerting(TextWriter w, AlertingSettings alerting)
    {
        if (alerting.IsEmpty)
        {
            w.Write("\nalerting: no sinks (no Alertmanager, webhook or alert log): alerts are not delivered\n");
            return;
        }

        w.Write("\nalerting:\n");
        var table = new TextTable(new TextColumn(TextTable.Align.Left, "  "), new TextColumn(TextTable.Align.Left, "  "), new TextColumn(TextTable.Align.Left, "  "));
        if (alerting.Log != AlertLogDestination.Off)
        {
            table.AddRow("log", AlertingSettings.Format(alerting.Log), "one JSON line per change");
        }

        foreach (var receiver in alerting.Alertmanagers.Concat(alerting.Webhooks))
        {
            table.AddRow(AlertDeliveryLabels.Of(receiver.Kind), receiver.Name, $"timeout {GoDuration.Format(receiver.Timeout)}");
        }

        table.AddRow("generatorURL", alerting.ExternalUrl?.ToString() ?? "none", alerting.ExternalUrl is null ? "(--external-url not given)" : "(--external-url)");
        table.WriteTo(w);
    }

    /// <summary>Where the series are pushed, each receiver with its queue settings; nothing when there is none.</summary>
    private static void RemoteWrite(TextWriter w, IReadOnlyList<RemoteWriteEndpoint> endpoints)
    {
        if (endpoints.Count == 0)
        {
            return;
        }

        w.Write("\nremote_write:\n");
        foreach (var e in endpoints)
        {
            w.Write($"  {e.DisplayUrl}: timeout {GoDuration.Format(e.RemoteTimeout)}; buffer {e.Capacity.ToString("N0", CultureInfo.InvariantCulture)} samples, "
                + $"sent {e.MaxSamplesPerSend.ToString("N0", CultureInfo.InvariantCulture)} at a time or every {GoDuration.Format(e.BatchSendDeadline)}; "
                + $"retries {GoDuration.Format(e.MinBackoff)} to {GoDuration.Format(e.MaxBackoff)} apart\n");
        }
    }

    private static string Count(int n, string noun) => $"{n.ToString(CultureInfo.InvariantCulture)} {noun}{(n == 1 ? "" : "s")}";
}
