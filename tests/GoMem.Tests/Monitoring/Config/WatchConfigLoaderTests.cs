using GoMem.Monitoring.Config;

namespace GoMem.Tests.Monitoring.Config;

/// <summary>Loading the watch configuration: the documented example, job settings over global ones, defaults, labels as Prometheus sets them.</summary>
public sealed class WatchConfigLoaderTests : IDisposable
{
    private const string Example = """
        global:
          scrape_interval: 10s      # default 10s
          scrape_timeout: 5s        # default: min(interval, 10s)
          external_labels: {region: eu}
        scrape_configs:
          - job_name: api
            scrape_interval: 15s
            scrape_timeout: 5s
            scheme: http            # http (default) or https
            static_configs:
              - targets: ['127.0.0.1:6060', '127.0.0.1:6061']
                labels: {env: prod}
            file_sd_configs:
              - files: ['targets/*.json', 'more.yaml']
                refresh_interval: 1m
            profiling_config:
              runtime_stats: {vars: true, metrics: true}
              pprof_config:
                heap: {enabled: true, every: 6}
                allocs: {enabled: false}
                goroutine: {enabled: true, every: 6}
              path_prefix: /
            container_memory_limit: 1GiB
        """;

    private readonly ConfigFiles files = new();

    public void Dispose() => files.Dispose();

    [Fact]
    public void The_documented_example_resolves_to_its_targets_with_prometheus_labels()
    {
        var path = files.Write("targets.yaml", Example);
        files.Write("targets/a.json", """[{"targets": ["10.0.0.1:6060"], "labels": {"team": "payments"}}]""");
        files.Write("targets/b.json", """
            [
              {
                "targets": ["10.0.0.2:6060", "10.0.0.3:6060"],
                "labels": {"__memory_limit__": "512Mi", "region": "us", "__meta_source": "dropped"}
              }
            ]
            """);
        files.Write("targets/notes.txt", "not a target file");
        files.Write("more.yaml", "- targets: ['[::1]:6060']\n");

        var check = WatchConfigLoader.Check(path);

        var job = Assert.Single(check.Jobs);
        Assert.Equal("api", job.Job.Name);
        Assert.Equal([Path.Combine(files.Root, "more.yaml"), Path.Combine(files.Root, "targets", "a.json"), Path.Combine(files.Root, "targets", "b.json")], job.Files);
        Assert.Equal(
            [
                ("127.0.0.1:6060", "http://127.0.0.1:6060/", """{env="prod", instance="127.0.0.1:6060", job="api", region="eu"}""", 1L << 30),
                ("127.0.0.1:6061", "http://127.0.0.1:6061/", """{env="prod", instance="127.0.0.1:6061", job="api", region="eu"}""", 1L << 30),
                ("[::1]:6060", "http://[::1]:6060/", """{instance="[::1]:6060", job="api", region="eu"}""", 1L << 30),
                ("10.0.0.1:6060", "http://10.0.0.1:6060/", """{instance="10.0.0.1:6060", job="api", region="eu", team="payments"}""", 1L << 30),
                ("10.0.0.2:6060", "http://10.0.0.2:6060/", """{instance="10.0.0.2:6060", job="api", region="us"}""", 512L << 20),
                ("10.0.0.3:6060", "http://10.0.0.3:6060/", """{instance="10.0.0.3:6060", job="api", region="us"}""", 512L << 20),
            ],
            job.Targets.Select(t => (t.Address, t.Url.ToString(), t.Labels.ToString(), t.MemoryLimitBytes!.Value)));
        Assert.All(job.Targets, t =>
        {
            Assert.Equal("api", t.Job);
            Assert.Equal(TimeSpan.FromSeconds(15), t.Interval);
            Assert.Equal(TimeSpan.FromSeconds(5), t.Timeout);
            Assert.Equal(EndpointPlan.Default, t.Plan);
        });
        Assert.Equal(check.Jobs[0].Targets, check.Config.ResolveTargets());
        Assert.Equal(6, check.TargetCount);

        var first = job.Targets[0];
        Assert.Equal("127.0.0.1:6060", first.Instance);
        Assert.Equal($"{path}:11", first.Origin);
        Assert.Equal(new Uri("http://127.0.0.1:6060/debug/pprof/heap"), first.EndpointUrl(EndpointKind.Heap));
        Assert.Equal("vars, metrics every scrape; heap, goroutine every 6th scrape", first.Plan.Describe());
    }

    [Fact]
    public void Job_settings_override_global_ones()
    {
        var path = files.Write("c.yaml", """
            global:
              scrape_interval: 1m
              scrape_timeout: 20s
            scrape_configs:
              - job_name: inherits
                static_configs: [{targets: ['a:1']}]
              - job_name: own
                scrape_interval: 30s
                scrape_timeout: 3s
                scheme: https
                container_memory_limit: 2Gi
                profiling_config:
                  runtime_stats: {metrics: false}
                  pprof_config:
                    heap: {every: 2}
                    allocs: {every: 10}
                    goroutine: {enabled: false}
                  path_prefix: /app
                static_configs: [{targets: ['b:2']}]
              - job_name: shorter-interval
                scrape_interval: 5s
                static_configs: [{targets: ['c:3']}]
            """);

        var config = WatchConfigLoader.Load(path);
        var (inherits, own, shorter) = (config.Jobs[0], config.Jobs[1], config.Jobs[2]);

        Assert.Equal((TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(20), "http", "/", (long?)null), (inherits.ScrapeInterval, inherits.ScrapeTimeout, inherits.Scheme, inherits.PathPrefix, inherits.MemoryLimitBytes));
        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(3), "https", "/app/", (long?)(2L << 30)), (own.ScrapeInterval, own.ScrapeTimeout, own.Scheme, own.PathPrefix, own.MemoryLimitBytes));
        Assert.Equal(new EndpointPlan(true, false, new(true, 2), new(true, 10), new(false, 6)), own.Plan);

        // As Prometheus: an inherited timeout longer than the job's interval is cut to the interval.
        Assert.Equal((TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)), (shorter.ScrapeInterval, shorter.ScrapeTimeout));

        var target = config.ResolveTargets()[1];
        Assert.Equal(new Uri("https://b:2/app/"), target.Url);
        Assert.Equal(new Uri("https://b:2/app/debug/vars"), target.EndpointUrl(EndpointKind.Vars));
        Assert.Equal(new Uri("https://b:2/app/metrics"), target.EndpointUrl(EndpointKind.Metrics));
        Assert.Equal([EndpointKind.Vars, EndpointKind.Heap, EndpointKind.Allocs], target.Plan.DueAt(0));
        Assert.Equal([EndpointKind.Vars], target.Plan.DueAt(1));
        Assert.Equal([EndpointKind.Vars, EndpointKind.Heap], target.Plan.DueAt(2));
        Assert.Equal("vars every scrape; heap every 2nd scrape; allocs every 10th scrape", target.Plan.Describe());
    }

    [Fact]
    public void Defaults_fill_what_is_not_written()
    {
        var path = files.Write("c.yaml", "scrape_configs:\n  - job_name: api\n    static_configs:\n      - targets: [localhost:6060]\n");

        var config = WatchConfigLoader.Load(path);

        Assert.Equal(TimeSpan.FromSeconds(10), config.Global.ScrapeInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), config.Global.ScrapeTimeout);
        Assert.Empty(config.Global.ExternalLabels);
        var job = Assert.Single(config.Jobs);
        Assert.Equal((TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), "http", "/", EndpointPlan.Default, (long?)null), (job.ScrapeInterval, job.ScrapeTimeout, job.Scheme, job.PathPrefix, job.Plan, job.MemoryLimitBytes));
        Assert.Equal(2, job.Line);
        Assert.Equal([EndpointKind.Vars, EndpointKind.Metrics, EndpointKind.Heap, EndpointKind.Goroutine], job.Plan.DueAt(0));
        Assert.Equal([EndpointKind.Vars, EndpointKind.Metrics], job.Plan.DueAt(5));
        Assert.Equal([EndpointKind.Vars, EndpointKind.Metrics, EndpointKind.Heap, EndpointKind.Goroutine], job.Plan.DueAt(6));
        Assert.Equal("""{instance="localhost:6060", job="api"}""", Assert.Single(config.ResolveTargets()).Labels.ToString());
    }

    [Fact]
    public void A_short_global_interval_shortens_the_default_timeout()
    {
        var path = files.Write("c.yaml", "global: {scrape_interval: 2s}\nscrape_configs: [{job_name: a}]\n");
        Assert.Equal(TimeSpan.FromSeconds(2), WatchConfigLoader.Load(path).Global.ScrapeTimeout);
    }

    [Theory]
    [InlineData("1m30s", 90)]
    [InlineData("1.5h", 5400)]
    [InlineData("5m", 300)]
    [InlineData("1d", 86400)]
    [InlineData("1w", 604800)]
    [InlineData("1y", 31536000)]
    [InlineData("90", 90)]
    public void Durations_are_go_s_or_prometheus_s(string written, int seconds)
    {
        var path = files.Write("c.yaml", $"global: {{scrape_interval: {written}}}\nscrape_configs: [{{job_name: a}}]\n");
        Assert.Equal(TimeSpan.FromSeconds(seconds), WatchConfigLoader.Load(path).Global.ScrapeInterval);
    }

    [Theory]
    [InlineData("1GiB", 1L << 30)]
    [InlineData("512Mi", 512L << 20)]
    [InlineData("1G", 1_000_000_000)]
    [InlineData("512MiB", 512L << 20)]
    [InlineData("1.5GB", 1_500_000_000)]
    [InlineData("129e6", 129_000_000)]
    [InlineData("1073741824", 1L << 30)]
    public void Memory_limits_are_kubernetes_quantities_or_gomemlimit_sizes(string written, long bytes)
    {
        var path = files.Write("c.yaml", $"scrape_configs: [{{job_name: a, container_memory_limit: {written}}}]\n");
        Assert.Equal(bytes, WatchConfigLoader.Load(path).Jobs[0].MemoryLimitBytes);
    }

    [Fact]
    public void Group_labels_win_over_job_and_instance_and_external_labels_fill_the_rest()
    {
        var path = files.Write("c.yaml", """
            global:
              external_labels: {region: eu, env: staging, cluster: c1}
            scrape_configs:
              - job_name: api
                static_configs:
                  - targets: ['a:1']
                    labels: {instance: primary, job: renamed, env: prod, cluster: "", __scheme__: https}
            """);

        var target = Assert.Single(WatchConfigLoader.Load(path).ResolveTargets());

        Assert.Equal("""{env="prod", instance="primary", job="renamed", region="eu"}""", target.Labels.ToString());
        Assert.Equal(("api", "primary", "a:1"), (target.Job, target.Instance, target.Address));
        Assert.Equal(new Uri("https://a:1/"), target.Url);
    }

    [Fact]
    public void The_same_target_twice_in_a_job_is_scraped_once()
    {
        var path = files.Write("c.yaml", "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: ['x:1', 'x:1']\n      - targets: ['x:1']\n");
        Assert.Single(WatchConfigLoader.Load(path).ResolveTargets());
    }

    [Fact]
    public void Yaml_anchors_and_merge_keys_share_settings_as_in_prometheus()
    {
        var path = files.Write("c.yaml", """
            scrape_configs:
              - &defaults
                job_name: a
                scrape_interval: 30s
                profiling_config: {pprof_config: {heap: {every: 3}}}
                static_configs: [{targets: ['a:1']}]
              - <<: *defaults
                job_name: b
                static_configs: [{targets: ['b:1']}]
            """);

        var jobs = WatchConfigLoader.Load(path).Jobs;

        Assert.Equal(["a", "b"], jobs.Select(j => j.Name));
        Assert.Equal(TimeSpan.FromSeconds(30), jobs[1].ScrapeInterval);
        Assert.Equal(3, jobs[1].Plan.Heap.Every);
        Assert.Equal("b:1", Assert.Single(Assert.Single(jobs[1].StaticConfigs).Targets));
    }

    [Fact]
    public void A_job_without_targets_is_allowed_and_has_none()
    {
        var path = files.Write("c.yaml", "scrape_configs:\n  - job_name: later\n");
        Assert.Empty(WatchConfigLoader.Check(path).Jobs[0].Targets);
    }
}
