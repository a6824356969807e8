using GoMem.IO;

namespace GoMem.Monitoring.Alerting.Delivery;

/// <summary>Where the alert log goes: nowhere (the default), standard error, or standard output.</summary>
public enum AlertLogDestination
{
    Off,
    Stderr,
    Stdout,
}

/// <summary>The kinds of sink alerts are delivered to, as the <c>sink</c> label on <c>/metrics</c> names them.</summary>
public enum AlertSinkKind
{
    Log,
    Webhook,
    Alertmanager,
}

/// <summary>One receiver over HTTP: an Alertmanager (its base URL, path prefix included) or a webhook (the URL posted to).</summary>
/// <param name="Timeout">The limit on one request: connecting, sending, and the answer's headers and body.</param>
public sealed record AlertReceiver(AlertSinkKind Kind, Uri Url, TimeSpan Timeout)
{
    /// <summary>Prometheus' default for its Alertmanagers, used for webhooks too.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The receiver as logs and <c>/metrics</c> name it: scheme, host, port and path, without a user, password or query
    /// (webhook URLs often carry a token there).
    /// </summary>
    public string Name => Url.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
}

/// <summary>
/// Where alerts go: the <c>alerting</c> section of the watch configuration (see
/// <see cref="Config.AlertingConfigReader"/>) with <c>--alertmanager</c>, <c>--alert-webhook</c>, <c>--alert-log</c> and
/// <c>--external-url</c> over it. Nothing configured is <see cref="None"/>: no sink, no queue, no thread.
/// </summary>
/// <param name="ExternalUrl">The base of each alert's <c>generatorURL</c> (the dashboard); null when not set.</param>
public sealed record AlertingSettings(IReadOnlyList<AlertReceiver> Alertmanagers, IReadOnlyList<AlertReceiver> Webhooks, AlertLogDestination Log, Uri? ExternalUrl)
{
    public static AlertingSettings None { get; } = new([], [], AlertLogDestination.Off, null);

    /// <summary>True when alerts go nowhere.</summary>
    public bool IsEmpty => Alertmanagers.Count == 0 && Webhooks.Count == 0 && Log == AlertLogDestination.Off;

    /// <summary>
    /// These settings with the command line's over them: URLs given for a kind replace the configuration's receivers
    /// of that kind (so a configuration can be tried against a local Alertmanager without editing it); a log
    /// destination or external URL given replaces the configuration's.
    /// </summary>
    public AlertingSettings Override(IReadOnlyList<string> alertmanagers, IReadOnlyList<string> webhooks, string? log, string? externalUrl) => new(
        alertmanagers.Count > 0 ? [.. alertmanagers.Select(u => new AlertReceiver(AlertSinkKind.Alertmanager, ParseUrl(u, "Alertmanager", directory: true), AlertReceiver.DefaultTimeout))] : Alertmanagers,
        webhooks.Count > 0 ? [.. webhooks.Select(u => new AlertReceiver(AlertSinkKind.Webhook, ParseUrl(u, "AlertWebhook", directory: false), AlertReceiver.DefaultTimeout))] : Webhooks,
        log is null ? Log : ParseLog(log) ?? throw new InvalidSettingException("AlertLog", $"\"{log}\" is not stderr, stdout or off"),
        externalUrl is null ? ExternalUrl : ParseUrl(externalUrl, "ExternalUrl", directory: false));

    /// <summary>stderr, stdout or off; null for anything else.</summary>
    public static AlertLogDestination? ParseLog(string text) => text switch
    {
        "stderr" => AlertLogDestination.Stderr,
        "stdout" => AlertLogDestination.Stdout,
        "off" => AlertLogDestination.Off,
        _ => null,
    };

    /// <summary>The written form of a log destination.</summary>
    public static string Format(AlertLogDestination log) => log.ToString().ToLowerInvariant();

    /// <summary>An http or https URL with a host; any host (receivers are the user's own). A base URL (<paramref name="directory"/>) ends with '/'.</summary>
    public static bool TryParseUrl(string text, bool directory, out Uri url, out string problem)
    {
        url = null!;
        problem = "";
        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps) || parsed.Host.Length == 0)
        {
            problem = $"\"{text}\" is not an http or https URL (like http://127.0.0.1:9093)";
            return false;
        }

        if (parsed.Fragment.Length > 0 || (directory && parsed.Query.Length > 0))
        {
            problem = $"\"{text}\": no {(directory ? "query or " : "")}fragment here";
            return false;
        }

        url = directory && !parsed.AbsolutePath.EndsWith('/') ? new Uri(parsed.GetLeftPart(UriPartial.Path) + "/") : parsed;
        return true;
    }

    private static Uri ParseUrl(string text, string setting, bool directory) =>
        TryParseUrl(text, directory, out var url, out var problem) ? url : throw new InvalidSettingException(setting, problem);
}
