using GoMem.Monitoring.Alerting.Delivery;
using YamlDotNet.RepresentationModel;

namespace GoMem.Monitoring.Config;

/// <summary>
/// The configuration's <c>alerting</c> section: where alerts go. <c>alertmanagers</c> is Prometheus' own form (each
/// entry's targets get every alert, as Prometheus sends to each); <c>webhook_configs</c> and <c>log</c> are GoMem's.
/// <code>
/// alerting:
///   alertmanagers:
///     - static_configs:
///         - targets: ['127.0.0.1:9093']   # host:port, each an Alertmanager
///       scheme: http                      # http (default) or https
///       path_prefix: /                    # where Alertmanager's API is under the host (its --web.route-prefix)
///       timeout: 10s                      # per request; default 10s
///       api_version: v2                   # the only one (v1 is gone from Alertmanager)
///   webhook_configs:
///     - url: https://hooks.example.com/gomem   # gets Alertmanager's webhook payload
///       timeout: 10s
///   log: stderr                           # stderr, stdout or off (default)
/// </code>
/// </summary>
internal static class AlertingConfigReader
{
    private static readonly string[] Keys = ["alertmanagers", "webhook_configs", "log"];
    private static readonly string[] AlertmanagerKeys = ["static_configs", "scheme", "path_prefix", "timeout", "api_version"];
    private static readonly string[] StaticKeys = ["targets"];
    private static readonly string[] WebhookKeys = ["url", "timeout"];

    public static AlertingSettings Read(ConfigYaml yaml, YamlNode? node)
    {
        if (node is null || ConfigYaml.IsNull(node))
        {
            return AlertingSettings.None;
        }

        var fields = yaml.Mapping(node, "alerting", Keys);
        var alertmanagers = new List<AlertReceiver>();
        if (fields.TryGetValue("alertmanagers", out var list))
        {
            var items = yaml.Sequence(list.Value, "alerting.alertmanagers");
            for (var i = 0; i < items.Count; i++)
            {
                alertmanagers.AddRange(Alertmanagers(yaml, items[i], $"alerting.alertmanagers[{i}]"));
            }
        }

        var webhooks = new List<AlertReceiver>();
        if (fields.TryGetValue("webhook_configs", out var hooks))
        {
            var items = yaml.Sequence(hooks.Value, "alerting.webhook_configs");
            for (var i = 0; i < items.Count; i++)
            {
                webhooks.Add(Webhook(yaml, items[i], $"alerting.webhook_configs[{i}]"));
            }
        }

        var log = AlertLogDestination.Off;
        if (fields.TryGetValue("log", out var logEntry) && !ConfigYaml.IsNull(logEntry.Value))
        {
            var text = yaml.Scalar(logEntry.Value, "alerting.log");
            log = AlertingSettings.ParseLog(text) ?? throw yaml.Error(logEntry.Value, "alerting.log", $"\"{ConfigYaml.Shorten(text)}\" is not stderr, stdout or off");
        }

        return new AlertingSettings(alertmanagers, webhooks, log, null);
    }

    private static IEnumerable<AlertReceiver> Alertmanagers(ConfigYaml yaml, YamlNode node, string path)
    {
        var fields = yaml.Mapping(node, path, AlertmanagerKeys);
        var scheme = Optional(fields, "scheme", n => TargetGroupReader.Scheme(yaml, n, $"{path}.scheme", yaml.Scalar(n, $"{path}.scheme"))) ?? "http";
        var prefix = Optional(fields, "path_prefix", n => yaml.Scalar(n, $"{path}.path_prefix")) ?? "/";
        var timeout = Optional(fields, "timeout", n => (TimeSpan?)yaml.Duration(n, $"{path}.timeout")) ?? AlertReceiver.DefaultTimeout;
        if (Optional(fields, "api_version", n => yaml.Scalar(n, $"{path}.api_version")) is { } version && version != "v2")
        {
            throw yaml.Error(fields["api_version"].Value, $"{path}.api_version", $"\"{ConfigYaml.Shorten(version)}\" is not supported: only v2 (Alertmanager removed v1)");
        }

        if (!fields.TryGetValue("static_configs", out var statics) || yaml.Sequence(statics.Value, $"{path}.static_configs").Count == 0)
        {
            throw yaml.Error(statics.Key ?? node, $"{path}.static_configs", "no Alertmanagers: list them as static_configs: [{targets: ['host:9093']}]");
        }

        var receivers = new List<AlertReceiver>();
        var groups = yaml.Sequence(statics.Value, $"{path}.static_configs");
        for (var g = 0; g < groups.Count; g++)
        {
            var groupPath = $"{path}.static_configs[{g}]";
            var group = yaml.Mapping(groups[g], groupPath, StaticKeys);
            var targets = group.TryGetValue("targets", out var t) ? yaml.Sequence(t.Value, $"{groupPath}.targets") : [];
            for (var i = 0; i < targets.Count; i++)
            {
                var address = yaml.Scalar(targets[i], $"{groupPath}.targets[{i}]");
                if (!TargetGroupReader.IsHostPort(address, out var problem))
                {
                    throw yaml.Error(targets[i], $"{groupPath}.targets[{i}]", $"\"{ConfigYaml.Shorten(address)}\": {(address.Contains("://", StringComparison.Ordinal) ? "no scheme here: set scheme: https beside static_configs instead" : problem)}");
                }

                if (!AlertingSettings.TryParseUrl($"{scheme}://{address}{(prefix.StartsWith('/') ? prefix : "/" + prefix)}", directory: true, out var url, out problem))
                {
                    throw yaml.Error(fields.TryGetValue("path_prefix", out var p) ? p.Value : targets[i], $"{path}.path_prefix", problem);
                }

                receivers.Add(new AlertReceiver(AlertSinkKind.Alertmanager, url, timeout));
            }
        }

        return receivers;
    }

    private static AlertReceiver Webhook(ConfigYaml yaml, YamlNode node, string path)
    {
        var fields = yaml.Mapping(node, path, WebhookKeys);
        if (!fields.TryGetValue("url", out var entry) || ConfigYaml.IsNull(entry.Value))
        {
            throw yaml.Error(node, $"{path}.url", "the url is missing: where the webhook posts");
        }

        var text = yaml.Scalar(entry.Value, $"{path}.url");
        if (!AlertingSettings.TryParseUrl(text, directory: false, out var url, out var problem))
        {
            throw yaml.Error(entry.Value, $"{path}.url", problem);
        }

        var timeout = Optional(fields, "timeout", n => (TimeSpan?)yaml.Duration(n, $"{path}.timeout")) ?? AlertReceiver.DefaultTimeout;
        return new AlertReceiver(AlertSinkKind.Webhook, url, timeout);
    }

    private static T? Optional<T>(Dictionary<string, (YamlNode Key, YamlNode Value)> fields, string key, Func<YamlNode, T> read) =>
        fields.TryGetValue(key, out var entry) && !ConfigYaml.IsNull(entry.Value) ? read(entry.Value) : default;
}
