using System.Text.Json;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli.Monitoring;

/// <summary>
/// Alert delivery on <c>gomem watch</c>'s command line: <c>--check-config</c> shows the sinks with the flags over the
/// file's <c>alerting</c> section, a bad receiver is a usage error in one line, and <c>--help</c> says the log's default.
/// </summary>
public sealed class WatchAlertingTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-watch-alerting-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Config(string alerting = "")
    {
        var path = Path.Combine(_dir, "targets.yaml");
        File.WriteAllText(path, "scrape_configs:\n  - job_name: api\n    static_configs: [{targets: ['127.0.0.1:6060']}]\n" + alerting);
        return path;
    }

    [Fact]
    public void Check_config_shows_every_sink_with_the_flags_over_the_file()
    {
        var config = Config("alerting:\n  alertmanagers:\n    - static_configs: [{targets: ['am-1:9093', 'am-2:9093']}]\n      timeout: 5s\n  webhook_configs:\n    - url: https://hooks.example.com/gomem?token=s3cret\n");
        string[] flags = ["--alert-log", "stderr", "--external-url", "http://grafana.example/d/gomem"];

        var text = GoMemCli.Run(["watch", "--config", config, "--check-config", .. flags]);
        var json = GoMemCli.Run(["watch", "--config", config, "--check-config", .. flags, "-f", "json"]);

        Assert.Equal((0, 0), (text.ExitCode, json.ExitCode));
        Golden.AssertMatches(Path.Combine("monitoring", "watch-check.alerting.txt"), text.Stdout.Replace(_dir, "DIR", StringComparison.Ordinal));
        Golden.AssertMatches(Path.Combine("monitoring", "watch-check.alerting.json"), json.Stdout.Replace(_dir, "DIR", StringComparison.Ordinal));
        Assert.DoesNotContain("s3cret", text.Stdout + json.Stdout, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(json.Stdout);
        var alerting = document.RootElement.GetProperty("alerting");
        Assert.Equal("stderr", alerting.GetProperty("log").GetString());
        Assert.Equal(["http://am-1:9093/", "http://am-2:9093/"], alerting.GetProperty("alertmanagers").EnumerateArray().Select(a => a.GetProperty("url").GetString()));
        Assert.Equal(5, alerting.GetProperty("alertmanagers")[0].GetProperty("timeoutSeconds").GetDouble());
    }

    [Fact]
    public void The_alertmanager_flag_replaces_the_files_alertmanagers()
    {
        var config = Config("alerting:\n  alertmanagers: [{static_configs: [{targets: ['am-1:9093']}]}]\n");
        var result = GoMemCli.Run("watch", "--config", config, "--check-config", "--alertmanager", "http://127.0.0.1:19093", "--alertmanager", "http://127.0.0.1:29093/am", "-f", "json");

        using var document = JsonDocument.Parse(result.Stdout);
        Assert.Equal(["http://127.0.0.1:19093/", "http://127.0.0.1:29093/am/"], document.RootElement.GetProperty("alerting").GetProperty("alertmanagers").EnumerateArray().Select(a => a.GetProperty("url").GetString()));
    }

    [Fact]
    public void Without_sinks_check_config_says_alerts_are_not_delivered()
    {
        var result = GoMemCli.Run("watch", "--config", Config(), "--check-config");
        Assert.Contains("alerting: no sinks (no Alertmanager, webhook or alert log): alerts are not delivered", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--alertmanager", "127.0.0.1:9093", "gomem: --alertmanager: \"127.0.0.1:9093\" is not an http or https URL")]
    [InlineData("--alert-webhook", "ftp://hooks.example.com/", "gomem: --alert-webhook: \"ftp://hooks.example.com/\" is not an http or https URL")]
    [InlineData("--alert-log", "syslog", "gomem: --alert-log: \"syslog\" is not stderr, stdout or off")]
    [InlineData("--external-url", "grafana", "gomem: --external-url: \"grafana\" is not an http or https URL")]
    public void A_bad_receiver_is_a_usage_error_in_one_line_before_the_store_is_touched(string flag, string value, string message)
    {
        var store = Path.Combine(_dir, "never.db");
        var result = GoMemCli.Run("watch", "http://127.0.0.1:1", "--store", store, "--for", "1s", flag, value);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(message, result.Stderr, StringComparison.Ordinal);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.False(File.Exists(store));
    }

    [Fact]
    public void A_run_with_sinks_but_no_alerts_sends_nothing_and_stops_cleanly()
    {
        using var receiver = WebhookReceiver.Start(200);
        var store = Path.Combine(_dir, "gomem.db");
        var result = GoMemCli.Run("watch", "http://127.0.0.1:1", "--store", store, "--for", "1s", "--alert-webhook", receiver.Url.ToString(), "--alert-log", "stderr", "-o", Path.Combine(_dir, "watch.log"));

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(receiver.Bodies);
        Assert.Equal("", result.Stderr);
    }

    [Fact]
    public void Help_says_why_the_alert_log_is_off_by_default()
    {
        var help = GoMemCli.Run("watch", "--help").Stdout.ReplaceLineEndings(" ");
        Assert.Contains("Default: off, even with no other sink", help, StringComparison.Ordinal);
        Assert.Contains("--alertmanager", help, StringComparison.Ordinal);
        Assert.Contains("--alert-webhook", help, StringComparison.Ordinal);
    }
}
