using System.Text.Json;
using GoMem.Monitoring.Alerting.Delivery;
using GoMem.Monitoring.Alerting;
using GoMem.Monitoring.Config;
using GoMem.Monitoring.Retention;

namespace GoMem.Output.Monitoring;

/// <summary><c>gomem watch --check-config --format json</c>: the jobs and resolved targets, for machines.</summary>
public static class WatchCheckJsonRenderer
{
    /// <param name="rules">The rule file given with --rules and its rules, when one was.</param>
    public static void Write(Stream stream, WatchConfigCheck check, (string Path, IReadOnlyList<AlertRule> Rules)? rules = null)
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("config", check.Config.Path);
        if (rules is { } file)
        {
            json.WriteStartObject("rules");
            json.WriteString("file", file.Path);
            json.WriteStartArray("alerts");
            foreach (var rule in file.Rules)
            {
                json.WriteStringValue(rule.Name);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteNumber("targets", check.TargetCount);
        Retention(json, check.Config.Retention);
        Alerting(json, check.Config.Alerting);
        json.WriteStartArray("remoteWrite");
        foreach (var e in check.Config.RemoteWrite)
        {
            json.WriteStartObject();
            json.WriteString("url", e.DisplayUrl);
            json.WriteNumber("remoteTimeoutSeconds", e.RemoteTimeout.TotalSeconds);
            json.WriteNumber("capacity", e.Capacity);
            json.WriteNumber("maxSamplesPerSend", e.MaxSamplesPerSend);
            json.WriteNumber("batchSendDeadlineSeconds", e.BatchSendDeadline.TotalSeconds);
            json.WriteNumber("minBackoffSeconds", e.MinBackoff.TotalSeconds);
            json.WriteNumber("maxBackoffSeconds", e.MaxBackoff.TotalSeconds);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("jobs");
        foreach (var job in check.Jobs)
        {
            json.WriteStartObject();
            json.WriteString("name", job.Job.Name);
            json.WriteNumber("intervalSeconds", job.Job.ScrapeInterval.TotalSeconds);
            json.WriteNumber("timeoutSeconds", job.Job.ScrapeTimeout.TotalSeconds);
            json.WriteString("plan", job.Job.Plan.Describe());
            if (job.Job.MemoryLimitBytes is { } limit)
            {
                json.WriteNumber("containerLimitBytes", limit);
            }

            json.WriteStartArray("targets");
            foreach (var target in job.Targets)
            {
                json.WriteStartObject();
                json.WriteString("url", target.Url.ToString());
                json.WriteStartObject("labels");
                foreach (var (name, value) in target.Labels)
                {
                    json.WriteString(name, value);
                }

                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Each setting in its written form and as seconds: raw span, then (resolution, until) per tier.</summary>
    private static void Retention(Utf8JsonWriter json, RetentionPolicy policy)
    {
        json.WriteStartObject("retention");
        Tiers(json, "profiles", policy.Profiles);
        Tiers(json, "runtime", policy.Runtime);
        json.WriteNumber("eventsSeconds", policy.Events.TotalSeconds);
        json.WriteNumber("findingsSeconds", policy.Findings.TotalSeconds);
        json.WriteEndObject();
    }

    /// <summary>Where alerts go: the log destination, each receiver with its timeout, and generatorURL's base (null when none).</summary>
    private static void Alerting(Utf8JsonWriter json, AlertingSettings alerting)
    {
        json.WriteStartObject("alerting");
        json.WriteString("log", AlertingSettings.Format(alerting.Log));
        Receivers(json, "alertmanagers", alerting.Alertmanagers);
        Receivers(json, "webhooks", alerting.Webhooks);
        if (alerting.ExternalUrl is { } url)
        {
            json.WriteString("externalUrl", url.ToString());
        }
        else
        {
            json.WriteNull("externalUrl");
        }

        json.WriteEndObject();
    }

    private static void Receivers(Utf8JsonWriter json, string name, IReadOnlyList<AlertReceiver> receivers)
    {
        json.WriteStartArray(name);
        foreach (var receiver in receivers)
        {
            json.WriteStartObject();
            json.WriteString("url", receiver.Name);
            json.WriteNumber("timeoutSeconds", receiver.Timeout.TotalSeconds);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    private static void Tiers(Utf8JsonWriter json, string name, RetentionTiers tiers)
    {
        json.WriteStartObject(name);
        json.WriteString("spec", tiers.ToString());
        json.WriteNumber("rawSeconds", tiers.Raw.TotalSeconds);
        json.WriteStartArray("tiers");
        foreach (var tier in tiers.Tiers)
        {
            json.WriteStartObject();
            json.WriteNumber("resolutionSeconds", tier.Resolution.TotalSeconds);
            json.WriteNumber("untilSeconds", tier.Until.TotalSeconds);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
