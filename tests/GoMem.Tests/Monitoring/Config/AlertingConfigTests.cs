using GoMem.Monitoring.Alerting.Delivery;
using GoMem.Monitoring.Config;

namespace GoMem.Tests.Monitoring.Config;

/// <summary>The configuration's <c>alerting</c> section: Prometheus' <c>alertmanagers</c> form, GoMem's webhooks and log, and one line per mistake.</summary>
public sealed class AlertingConfigTests : IDisposable
{
    private const string Jobs = "scrape_configs:\n  - job_name: api\n    static_configs: [{targets: ['127.0.0.1:6060']}]\n";

    private readonly ConfigFiles files = new();

    public void Dispose() => files.Dispose();

    [Fact]
    public void No_section_means_no_sinks()
    {
        Assert.True(WatchConfigLoader.Load(files.Write("c.yaml", Jobs)).Alerting.IsEmpty);
    }

    [Fact]
    public void Alertmanagers_in_prometheus_form_webhooks_and_the_log_are_read()
    {
        var path = files.Write("c.yaml", Jobs + """
            alerting:
              alertmanagers:
                - static_configs:
                    - targets: ['127.0.0.1:9093', 'am.internal:9093']
                  timeout: 3s
                - scheme: https
                  path_prefix: /alertmanager
                  api_version: v2
                  static_configs: [{targets: ['[::1]:9443']}]
              webhook_configs:
                - url: https://hooks.example.com/gomem?token=s3cret
                  timeout: 2s
              log: stdout
            """);

        var alerting = WatchConfigLoader.Load(path).Alerting;

        Assert.Equal(["http://127.0.0.1:9093/", "http://am.internal:9093/", "https://[::1]:9443/alertmanager/"], alerting.Alertmanagers.Select(a => a.Url.ToString()));
        Assert.Equal([3, 3, 10], alerting.Alertmanagers.Select(a => a.Timeout.TotalSeconds));
        var hook = Assert.Single(alerting.Webhooks);
        Assert.Equal("https://hooks.example.com/gomem?token=s3cret", hook.Url.ToString());
        Assert.Equal("https://hooks.example.com/gomem", hook.Name); // never the token, in logs or on /metrics
        Assert.Equal(TimeSpan.FromSeconds(2), hook.Timeout);
        Assert.Equal(AlertLogDestination.Stdout, alerting.Log);
        Assert.Null(alerting.ExternalUrl);
    }

    [Theory]
    [InlineData("alerting:\n  alertmanager: []\n", 5, "alerting.alertmanager", "unknown key \"alertmanager\"; did you mean \"alertmanagers\"?")]
    [InlineData("alerting:\n  alertmanagers:\n    - static_configs: [{targets: ['127.0.0.1:9093']}]\n      timout: 1s\n", 7, "alerting.alertmanagers[0].timout", "did you mean \"timeout\"?")]
    [InlineData("alerting:\n  alertmanagers:\n    - static_configs: [{targets: ['http://127.0.0.1:9093']}]\n", 6, "alerting.alertmanagers[0].static_configs[0].targets[0]", "no scheme here: set scheme: https beside static_configs instead")]
    [InlineData("alerting:\n  alertmanagers:\n    - static_configs: [{targets: ['127.0.0.1']}]\n", 6, "alerting.alertmanagers[0].static_configs[0].targets[0]", "the port is missing")]
    [InlineData("alerting:\n  alertmanagers:\n    - timeout: 5s\n", 6, "alerting.alertmanagers[0].static_configs", "no Alertmanagers")]
    [InlineData("alerting:\n  alertmanagers:\n    - api_version: v1\n      static_configs: [{targets: ['a:1']}]\n", 6, "alerting.alertmanagers[0].api_version", "only v2")]
    [InlineData("alerting:\n  webhook_configs:\n    - url: hooks.example.com/gomem\n", 6, "alerting.webhook_configs[0].url", "is not an http or https URL")]
    [InlineData("alerting:\n  webhook_configs:\n    - timeout: 1s\n", 6, "alerting.webhook_configs[0].url", "the url is missing")]
    [InlineData("alerting:\n  log: syslog\n", 5, "alerting.log", "\"syslog\" is not stderr, stdout or off")]
    [InlineData("alerting:\n  webhook_configs:\n    - url: http://a:1/\n      timeout: soon\n", 7, "alerting.webhook_configs[0].timeout", "is not a duration")]
    public void Every_mistake_is_one_line_naming_the_file_the_line_and_the_key(string section, long line, string keyPath, string problem)
    {
        var path = files.Write("c.yaml", Jobs + section);
        var error = ConfigFiles.Fails(() => WatchConfigLoader.Load(path), path, line, keyPath);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_lines_receivers_replace_the_configurations_of_their_kind()
    {
        var path = files.Write("c.yaml", Jobs + "alerting:\n  alertmanagers: [{static_configs: [{targets: ['am:9093']}]}]\n  webhook_configs: [{url: 'http://hook:80/a'}]\n");
        var alerting = WatchConfigLoader.Load(path).Alerting.Override(["http://127.0.0.1:19093/prefix"], [], "stderr", "http://grafana:3000/d/gomem");

        Assert.Equal("http://127.0.0.1:19093/prefix/", Assert.Single(alerting.Alertmanagers).Url.ToString());
        Assert.Equal("http://hook/a", Assert.Single(alerting.Webhooks).Url.ToString());
        Assert.Equal(AlertLogDestination.Stderr, alerting.Log);
        Assert.Equal("http://grafana:3000/d/gomem", alerting.ExternalUrl!.ToString());
    }
}
