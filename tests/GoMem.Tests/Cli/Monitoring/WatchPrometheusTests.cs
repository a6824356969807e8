using System.Globalization;
using System.Text.Json;
using GoMem.Monitoring.Exports;
using GoMem.Monitoring.Exposition;
using GoMem.Tests.Monitoring.Exports;
using GoMem.Tests.TestSupport;
using Xunit.Abstractions;

namespace GoMem.Tests.Cli.Monitoring;

/// <summary>
/// A real Prometheus scrapes a real <c>gomem watch --listen</c> (its own process) every second, and the same loopback
/// targets' own /metrics (a real capture), with the exported rules loaded: its query API returns each target's series
/// under the target's job, instance and labels, with the values the target exposes; every rule evaluates without
/// error; every query of the exported dashboard answers; and a target that leaves the file_sd file leaves Prometheus.
/// </summary>
public sealed class WatchPrometheusTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-watch-prom-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [PrometheusFact]
    public void Prometheus_scrapes_the_watch_and_finds_every_targets_series()
    {
        using var first = CapturedService.Start(profiles: false);
        using var second = CapturedService.Start(profiles: false);
        string Authority(LoopbackServer s) => new Uri(s.BaseUrl).Authority;
        var targets = Path.Combine(_dir, "targets.json");
        void Targets(params LoopbackServer[] services) =>
            File.WriteAllText(targets, $"[{{\"targets\": [{string.Join(", ", services.Select(s => $"\"{Authority(s)}\""))}], \"labels\": {{\"env\": \"staging\"}}}}]");
        Targets(first, second);
        var config = Path.Combine(_dir, "watch.yaml");
        File.WriteAllText(config, $"scrape_configs:\n  - job_name: api\n    scrape_interval: 1s\n    container_memory_limit: 256MiB\n    file_sd_configs:\n      - files: ['{targets}']\n        refresh_interval: 1s\n");
        var listen = "127.0.0.1:" + PostgresServer.FreePort().ToString(CultureInfo.InvariantCulture);
        using var watch = WatchProcess.Start("--config", config, "--store", Path.Combine(_dir, "gomem.db"), "--listen", listen, "--for", "120s");
        var rules = GoMemCli.Run("export", "prometheus-rules");
        Assert.Equal(0, rules.ExitCode);
        using var prometheus = PrometheusServer.Start(
            $$"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files: [gomem-rules.yml]
            scrape_configs:
              - job_name: gomem
                honor_labels: true
                static_configs:
                  - targets: ['{{listen}}']
              - job_name: api
                static_configs:
                  - targets: ['{{Authority(first)}}', '{{Authority(second)}}']
            """,
            new Dictionary<string, string> { ["gomem-rules.yml"] = rules.Stdout });

        JsonElement Series(string promql) => prometheus.Query(promql);
        string Instances(JsonElement result) => string.Join(", ", result.EnumerateArray().Select(r => r.GetProperty("metric").GetProperty("instance").GetString()).Order(StringComparer.Ordinal));
        var both = string.Join(", ", new[] { Authority(first), Authority(second) }.Order(StringComparer.Ordinal));
        watch.WaitFor(() => Instances(Series($"{MetricNames.TargetUp}{{job=\"api\"}} == 1")) == both, TimeSpan.FromSeconds(60), "both targets up in Prometheus");

        // Under the target's own job and instance (honor_labels), with its labels, and the value the target exposes.
        var rss = Series($"{MetricNames.TargetResidentMemory}{{instance=\"{Authority(first)}\"}}");
        var one = Assert.Single(rss.EnumerateArray());
        output.WriteLine(one.ToString());
        Assert.Equal("api", one.GetProperty("metric").GetProperty("job").GetString());
        Assert.Equal("staging", one.GetProperty("metric").GetProperty("env").GetString());
        Assert.Equal(CapturedRss(), double.Parse(one.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture));
        foreach (var name in new[] { MetricNames.TargetHeapAlloc, MetricNames.TargetHeapInuse, MetricNames.TargetNextGc, MetricNames.TargetStackInuse, MetricNames.TargetGoroutines, MetricNames.TargetGcCpuFraction })
        {
            Assert.Equal(both, Instances(Series(name)));
        }

        Assert.Equal(both, Instances(Series($"{MetricNames.TargetOpenFindings}{{code=\"heap-leak\"}}")));
        Assert.Single(Series($"{MetricNames.LeasesHeld} == 2").EnumerateArray());
        Assert.Single(Series($"{MetricNames.CycleDuration}_count > 0").EnumerateArray());

        // The exported rules evaluate without error, and the memory limit gomem watch knows is recorded for the rules.
        watch.WaitFor(() => Instances(Series("gomem:memory_limit_bytes == 268435456")) == both, TimeSpan.FromSeconds(30), "the memory limit recorded");
        var evaluated = prometheus.Api("api/v1/rules").GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("rules").EnumerateArray()).ToList();
        Assert.Equal(BuiltInPrometheusRules.Groups.Sum(g => g.Rules.Count), evaluated.Count);
        Assert.All(evaluated, r => Assert.True(r.GetProperty("health").GetString() == "ok", r.ToString()));

        // Every query of the dashboard answers for these targets (Prometheus refuses none); every panel has data once
        // a rate has two samples to go on.
        var dashboard = GrafanaDashboardTests.Export(out _);
        foreach (var (where, expr) in GrafanaDashboardTests.Queries(dashboard))
        {
            var query = GrafanaDashboardTests.Substitute(expr, "api", $"{Authority(first)}|{Authority(second)}", "1m");
            Series(query); // fails the test with Prometheus' error if it refuses the query
            if (where.StartsWith("panel", StringComparison.Ordinal))
            {
                watch.WaitFor(() => Series(query).GetArrayLength() > 0, TimeSpan.FromSeconds(30), $"data for {where}: {query}");
            }
        }

        // A target that leaves the configuration leaves Prometheus: its series are gone from the exposition, not stale.
        Targets(first);
        watch.WaitFor(() => Instances(Series(MetricNames.TargetUp)) == Authority(first), TimeSpan.FromSeconds(30), "the removed target gone from Prometheus");
        Assert.Equal(0, watch.Terminate());
    }

    /// <summary>process_resident_memory_bytes of the capture CapturedService serves.</summary>
    private static double CapturedRss() =>
        double.Parse(
            File.ReadLines(Path.Combine(RepoPaths.TestData, "leakymap-explain", "metrics.1.txt")).Single(l => l.StartsWith("process_resident_memory_bytes ", StringComparison.Ordinal)).Split(' ')[1],
            CultureInfo.InvariantCulture);
}
