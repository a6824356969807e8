using System.Globalization;
using System.Text.Json;
using GoMem.Monitoring.Exposition;
using GoMem.Tests.TestSupport;
using Xunit.Abstractions;

namespace GoMem.Tests.Cli.Monitoring;

/// <summary>
/// A real <c>gomem watch</c> (its own process) pushes to a real Prometheus started with its remote-write receiver,
/// which scrapes nothing: every series Prometheus has came by remote-write. Its query API returns each target's series
/// with the target's job, instance and labels and the value the target exposes, the collector's own series under
/// job gomem, and samples at the times the cycles read them.
/// </summary>
public sealed class WatchRemoteWriteTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-watch-rw-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [PrometheusFact]
    public void Prometheus_receives_every_targets_series_and_the_collectors_own()
    {
        using var first = CapturedService.Start(profiles: false);
        using var second = CapturedService.Start(profiles: false);
        string Authority(LoopbackServer s) => new Uri(s.BaseUrl).Authority;
        using var prometheus = PrometheusServer.Start("global:\n  scrape_interval: 1m\n", remoteWriteReceiver: true);
        var config = Path.Combine(_dir, "watch.yaml");
        File.WriteAllText(config, $$"""
            global:
              external_labels: {region: eu}
            scrape_configs:
              - job_name: api
                scrape_interval: 1s
                container_memory_limit: 256MiB
                static_configs:
                  - targets: ['{{Authority(first)}}', '{{Authority(second)}}']
                    labels: {env: staging}
            remote_write:
              - url: {{prometheus.RemoteWriteUrl}}
                queue_config: {batch_send_deadline: 1s, max_samples_per_send: 500}
            """);
        using var watch = WatchProcess.Start("--config", config, "--store", Path.Combine(_dir, "gomem.db"), "--for", "120s");

        JsonElement Series(string promql) => prometheus.Query(promql);
        string Instances(JsonElement result) => string.Join(", ", result.EnumerateArray().Select(r => r.GetProperty("metric").GetProperty("instance").GetString()).Order(StringComparer.Ordinal));
        var both = string.Join(", ", new[] { Authority(first), Authority(second) }.Order(StringComparer.Ordinal));
        watch.WaitFor(() => Instances(Series($"{MetricNames.TargetUp}{{job=\"api\"}} == 1")) == both, TimeSpan.FromSeconds(60), "both targets up in Prometheus");

        // The target's own job and instance, its labels and the external ones, and the value the target exposes.
        var rss = Assert.Single(Series($"{MetricNames.TargetResidentMemory}{{instance=\"{Authority(first)}\"}}").EnumerateArray());
        output.WriteLine(rss.ToString());
        var labels = rss.GetProperty("metric");
        Assert.Equal("api", labels.GetProperty("job").GetString());
        Assert.Equal("staging", labels.GetProperty("env").GetString());
        Assert.Equal("eu", labels.GetProperty("region").GetString());
        Assert.Equal(CapturedRss(), double.Parse(rss.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture));
        foreach (var name in new[] { MetricNames.TargetHeapAlloc, MetricNames.TargetHeapInuse, MetricNames.TargetNextGc, MetricNames.TargetStackInuse, MetricNames.TargetGoroutines, MetricNames.TargetGcCpuFraction })
        {
            Assert.Equal(both, Instances(Series(name)));
        }

        Assert.Equal(both, Instances(Series($"{MetricNames.TargetMemoryLimit} == 268435456")));
        Assert.Equal(both, Instances(Series($"{MetricNames.TargetOpenFindings}{{code=\"heap-leak\"}} == 0")));

        // A sample per cycle, each at its own collection time: a second apart, none at the time of the push.
        watch.WaitFor(() => Series($"count_over_time({MetricNames.TargetUp}{{instance=\"{Authority(first)}\"}}[1m]) >= 5").GetArrayLength() == 1, TimeSpan.FromSeconds(30), "five cycles received");
        var times = Series($"{MetricNames.TargetUp}{{instance=\"{Authority(first)}\"}}[1m]").EnumerateArray().Single().GetProperty("values").EnumerateArray()
            .Select(v => v[0].GetDouble()).ToList();
        var gaps = times.Zip(times.Skip(1), (a, b) => b - a).ToList();
        output.WriteLine(string.Join(", ", gaps));
        Assert.All(gaps, g => Assert.InRange(g, 0.5, 1.5));

        // The collector's own series, under job gomem, with the external labels; what it sent counted.
        var cycles = Assert.Single(Series($"{MetricNames.CycleDuration}_count{{job=\"gomem\"}}").EnumerateArray());
        Assert.Equal("eu", cycles.GetProperty("metric").GetProperty("region").GetString());
        Assert.Equal(Environment.MachineName, cycles.GetProperty("metric").GetProperty("instance").GetString());
        watch.WaitFor(() => Series($"{MetricNames.RemoteWriteSent}{{url=\"{prometheus.RemoteWriteUrl}\"}} > 0").GetArrayLength() == 1, TimeSpan.FromSeconds(30), "the sent counter pushed");
        Assert.Empty(Series($"{MetricNames.RemoteWriteDropped} > 0").EnumerateArray());
        Assert.Equal(0, watch.Terminate());
    }

    /// <summary>process_resident_memory_bytes of the capture CapturedService serves.</summary>
    private static double CapturedRss() =>
        double.Parse(
            File.ReadLines(Path.Combine(RepoPaths.TestData, "leakymap-explain", "metrics.1.txt")).Single(l => l.StartsWith("process_resident_memory_bytes ", StringComparison.Ordinal)).Split(' ')[1],
            CultureInfo.InvariantCulture);
}
