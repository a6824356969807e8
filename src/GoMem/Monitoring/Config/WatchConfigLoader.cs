using GoMem.IO;
using YamlDotNet.RepresentationModel;

namespace GoMem.Monitoring.Config;

/// <summary>
/// Loads the <c>gomem watch</c> configuration: Prometheus' <c>scrape_configs</c> conventions, with a
/// <c>profiling_config</c> in the spirit of Parca's saying which endpoints to read and how often.
/// <code>
/// global:
///   scrape_interval: 10s        # default 10s
///   scrape_timeout: 5s          # default: the interval, at most 10s
///   external_labels: {region: eu}
/// scrape_configs:
///   - job_name: api             # required, unique
///     scrape_interval: 15s      # default: global's
///     scrape_timeout: 5s        # default: global's, at most this job's interval; never more than the interval
///     scheme: http              # http (default) or https
///     static_configs:
///       - targets: ['127.0.0.1:6060']
///         labels: {env: prod}
///     file_sd_configs:          # Prometheus file_sd files (JSON or YAML), relative to this file's folder
///       - files: ['targets/*.json']
///         refresh_interval: 1m  # default 5m
///     profiling_config:
///       runtime_stats: {vars: true, metrics: true}   # every scrape; both default true
///       pprof_config:           # each: enabled (default true when written), every (nth scrape, default 6)
///         heap: {enabled: true, every: 6, gc: false} # default on, every 6th; gc: collect first (?gc=1)
///         allocs: {enabled: false}                   # default off (the heap profile holds the same data)
///         goroutine: {enabled: true, every: 6}       # default on, every 6th
///       path_prefix: /          # put before every endpoint path (/debug/vars, /debug/pprof/..., /metrics)
///     container_memory_limit: 1GiB   # or per target group, the label __memory_limit__
/// retention:                    # what the store keeps (see RetentionConfigReader); every key optional
///   profiles: 24h, 10m:7d, 1h:90d
///   runtime: 24h, 1m:7d, 1h:90d
///   events: 90d
///   findings: 90d
/// alerting:                     # where alerts go (see AlertingConfigReader); none by default
///   alertmanagers:
///     - static_configs: [{targets: ['127.0.0.1:9093']}]
///   webhook_configs:
///     - url: https://hooks.example.com/gomem
///   log: stderr
/// remote_write:                 # receivers the series are pushed to (see RemoteWriteConfigReader)
///   - url: http://prometheus.internal:9090/api/v1/write
///     queue_config: {capacity: 10000, max_samples_per_send: 2000, batch_send_deadline: 5s}
/// </code>
/// Durations are Go's (<c>1m30s</c>, <c>500ms</c>, <c>1.5h</c>) or Prometheus' (<c>5m</c>, <c>1d</c>, <c>1w</c>);
/// see <see cref="GoDuration"/>. Sizes are Kubernetes quantities (<c>512Mi</c>, <c>1G</c>) or GOMEMLIMIT-style
/// sizes (<c>512MiB</c>). Every problem is a <see cref="BadInputException"/> whose message is one line naming the
/// file, the line and the key.
/// </summary>
public static class WatchConfigLoader
{
    private static readonly string[] RootKeys = ["global", "scrape_configs", "retention", "alerting", "remote_write"];
    private static readonly string[] GlobalKeys = ["scrape_interval", "scrape_timeout", "external_labels"];
    private static readonly string[] JobKeys =
        ["job_name", "scrape_interval", "scrape_timeout", "scheme", "static_configs", "file_sd_configs", "profiling_config", "container_memory_limit"];

    private static readonly string[] FileSdKeys = ["files", "refresh_interval"];
    private static readonly string[] ProfilingKeys = ["runtime_stats", "pprof_config", "path_prefix"];
    private static readonly string[] RuntimeStatsKeys = ["vars", "metrics"];
    private static readonly string[] PprofKeys = ["heap", "allocs", "goroutine"];
    private static readonly string[] ProfileKeys = ["enabled", "every", "gc"];

    /// <summary>Reads and validates the configuration. File_sd files are not read (see <see cref="WatchConfig.ResolveTargets"/>).</summary>
    /// <exception cref="BadInputException">The configuration is invalid; the message is one line: file:line: key: problem.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static WatchConfig Load(string path, WatchConfigLimits? limits = null)
    {
        limits ??= WatchConfigLimits.Default;
        var stream = YamlInput.Parse(path, FileSdReader.Decode(FileSdReader.ReadBounded(path, limits.MaxFileBytes)), FileSdReader.YamlLimitsFor(limits));
        if (stream.Documents.Count == 0 || ConfigYaml.IsNull(stream.Documents[0].RootNode))
        {
            throw new BadInputException(path, "the configuration is empty: nothing to watch (it needs scrape_configs)", lineNumber: 1);
        }

        var yaml = new ConfigYaml(path);
        var root = yaml.Mapping(stream.Documents[0].RootNode, "", RootKeys);
        var global = ReadGlobal(yaml, root.TryGetValue("global", out var g) ? g.Value : null);
        if (!root.TryGetValue("scrape_configs", out var jobsEntry) || yaml.Sequence(jobsEntry.Value, "scrape_configs").Count == 0)
        {
            throw new BadInputException(path, "scrape_configs: no jobs: nothing to watch", lineNumber: jobsEntry.Key?.Start.Line ?? 1);
        }

        var entries = yaml.Sequence(jobsEntry.Value, "scrape_configs");
        if (entries.Count > limits.MaxJobs)
        {
            throw yaml.Error(jobsEntry.Value, "scrape_configs", $"more than {limits.MaxJobs:N0} jobs");
        }

        var jobs = new List<ScrapeJob>(entries.Count);
        var firstLine = new Dictionary<string, long>(StringComparer.Ordinal);
        var budget = new TargetBudget(limits.MaxTargets);
        for (var i = 0; i < entries.Count; i++)
        {
            var (job, nameNode) = ReadJob(yaml, entries[i], $"scrape_configs[{i}]", global, path, budget);
            if (!firstLine.TryAdd(job.Name, job.Line))
            {
                throw yaml.Error(nameNode, $"scrape_configs[{i}].job_name", $"duplicate job name \"{job.Name}\" (first at line {firstLine[job.Name]})");
            }

            jobs.Add(job);
        }

        var config = new WatchConfig(path, global, jobs, limits)
        {
            Retention = RetentionConfigReader.Read(yaml, root.TryGetValue("retention", out var r) ? r.Value : null),
            Alerting = AlertingConfigReader.Read(yaml, root.TryGetValue("alerting", out var a) ? a.Value : null),
            RemoteWrite = RemoteWriteConfigReader.Read(yaml, root.TryGetValue("remote_write", out var w) ? w.Value : null),
        };

        // Static targets are known now: resolve them once so their problems (labels, URLs, count) surface at load.
        var seen = new HashSet<ResolvedTarget>();
        foreach (var job in jobs)
        {
            TargetResolver.AddDistinct(TargetResolver.Resolve(config, job, job.StaticConfigs), [], seen, config);
        }

        return config;
    }

    /// <summary>
    /// Loads the configuration and resolves every target now, reading the file_sd files strictly (a broken one is an
    /// error here, where a <see cref="TargetWatcher"/> would keep its previous targets): what
    /// <c>gomem watch --check-config</c> prints.
    /// </summary>
    public static WatchConfigCheck Check(string path, WatchConfigLimits? limits = null) => TargetResolver.Check(Load(path, limits));

    private static GlobalSettings ReadGlobal(ConfigYaml yaml, YamlNode? node)
    {
        if (node is null || ConfigYaml.IsNull(node))
        {
            return new GlobalSettings(GlobalSettings.DefaultScrapeInterval, GlobalSettings.DefaultScrapeTimeout, LabelSet.Empty);
        }

        var fields = yaml.Mapping(node, "global", GlobalKeys);
        var interval = Optional(fields, "scrape_interval", n => (TimeSpan?)yaml.Duration(n, "global.scrape_interval")) ?? GlobalSettings.DefaultScrapeInterval;
        var timeout = Timeout(yaml, fields, "global", interval, GlobalSettings.DefaultScrapeTimeout);
        var labels = fields.TryGetValue("external_labels", out var l) ? TargetGroupReader.ReadLabels(yaml, l.Value, "global.external_labels") : LabelSet.Empty;
        return new GlobalSettings(interval, timeout, labels);
    }

    private static (ScrapeJob Job, YamlNode NameNode) ReadJob(ConfigYaml yaml, YamlNode node, string path, GlobalSettings global, string configPath, TargetBudget budget)
    {
        var fields = yaml.Mapping(node, path, JobKeys);
        if (!fields.TryGetValue("job_name", out var nameEntry) || ConfigYaml.IsNull(nameEntry.Value))
        {
            throw yaml.Error(node, path, "job_name is missing: every job needs a name");
        }

        var name = yaml.Scalar(nameEntry.Value, $"{path}.job_name");
        if (name.Length == 0)
        {
            throw yaml.Error(nameEntry.Value, $"{path}.job_name", "the job name is empty");
        }

        var interval = Optional(fields, "scrape_interval", n => (TimeSpan?)yaml.Duration(n, $"{path}.scrape_interval")) ?? global.ScrapeInterval;
        var timeout = Timeout(yaml, fields, path, interval, global.ScrapeTimeout);
        var scheme = Optional(fields, "scheme", n => TargetGroupReader.Scheme(yaml, n, $"{path}.scheme", yaml.Scalar(n, $"{path}.scheme"))) ?? "http";
        var memoryLimit = Optional(fields, "container_memory_limit", n => (long?)yaml.Size(n, $"{path}.container_memory_limit"));
        var (plan, prefix) = fields.TryGetValue("profiling_config", out var profiling)
            ? ReadProfiling(yaml, profiling.Value, $"{path}.profiling_config")
            : (EndpointPlan.Default, "/");

        var groups = new List<TargetGroup>();
        if (fields.TryGetValue("static_configs", out var statics))
        {
            var items = yaml.Sequence(statics.Value, $"{path}.static_configs");
            for (var i = 0; i < items.Count; i++)
            {
                groups.Add(TargetGroupReader.Read(yaml, items[i], $"{path}.static_configs[{i}]", budget));
            }
        }

        var fileSds = new List<FileSdConfig>();
        if (fields.TryGetValue("file_sd_configs", out var fileSdEntry))
        {
            var items = yaml.Sequence(fileSdEntry.Value, $"{path}.file_sd_configs");
            for (var i = 0; i < items.Count; i++)
            {
                fileSds.Add(ReadFileSd(yaml, items[i], $"{path}.file_sd_configs[{i}]", configPath));
            }
        }

        return (new ScrapeJob(name, interval, timeout, scheme, prefix, plan, memoryLimit, groups, fileSds, node.Start.Line), nameEntry.Value);
    }

    /// <summary>
    /// As Prometheus: a timeout written is checked against the interval; one not written is the inherited timeout,
    /// cut to the interval when that is shorter.
    /// </summary>
    private static TimeSpan Timeout(ConfigYaml yaml, Dictionary<string, (YamlNode Key, YamlNode Value)> fields, string path, TimeSpan interval, TimeSpan inherited)
    {
        if (!fields.TryGetValue("scrape_timeout", out var entry) || ConfigYaml.IsNull(entry.Value))
        {
            return inherited < interval ? inherited : interval;
        }

        var keyPath = ConfigYaml.Join(path, "scrape_timeout");
        var timeout = yaml.Duration(entry.Value, keyPath);
        return timeout <= interval
            ? timeout
            : throw yaml.Error(entry.Value, keyPath, $"{GoDuration.Format(timeout)} is longer than scrape_interval {GoDuration.Format(interval)}");
    }

    private static FileSdConfig ReadFileSd(ConfigYaml yaml, YamlNode node, string path, string configPath)
    {
        var fields = yaml.Mapping(node, path, FileSdKeys);
        if (!fields.TryGetValue("files", out var filesEntry) || yaml.Sequence(filesEntry.Value, $"{path}.files").Count == 0)
        {
            throw yaml.Error(filesEntry.Key ?? node, $"{path}.files", "no files: list at least one file or pattern");
        }

        var patterns = new List<string>();
        var items = yaml.Sequence(filesEntry.Value, $"{path}.files");
        for (var i = 0; i < items.Count; i++)
        {
            var pattern = yaml.Scalar(items[i], $"{path}.files[{i}]");
            if (FileSdReader.PatternProblem(pattern) is { } problem)
            {
                throw yaml.Error(items[i], $"{path}.files[{i}]", $"\"{ConfigYaml.Shorten(pattern)}\": {problem}");
            }

            patterns.Add(Path.IsPathRooted(pattern) ? pattern : Path.Combine(Path.GetDirectoryName(configPath) ?? "", pattern));
        }

        var refresh = Optional(fields, "refresh_interval", n => (TimeSpan?)yaml.Duration(n, $"{path}.refresh_interval")) ?? FileSdConfig.DefaultRefreshInterval;
        return new FileSdConfig(patterns, refresh, node.Start.Line);
    }

    private static (EndpointPlan Plan, string PathPrefix) ReadProfiling(ConfigYaml yaml, YamlNode node, string path)
    {
        var plan = EndpointPlan.Default;
        if (ConfigYaml.IsNull(node))
        {
            return (plan, "/");
        }

        var fields = yaml.Mapping(node, path, ProfilingKeys);
        if (fields.TryGetValue("runtime_stats", out var stats) && !ConfigYaml.IsNull(stats.Value))
        {
            var statsPath = $"{path}.runtime_stats";
            var statsFields = yaml.Mapping(stats.Value, statsPath, RuntimeStatsKeys);
            plan = plan with
            {
                Vars = Optional(statsFields, "vars", n => (bool?)yaml.Bool(n, $"{statsPath}.vars")) ?? plan.Vars,
                Metrics = Optional(statsFields, "metrics", n => (bool?)yaml.Bool(n, $"{statsPath}.metrics")) ?? plan.Metrics,
            };
        }

        if (fields.TryGetValue("pprof_config", out var pprof) && !ConfigYaml.IsNull(pprof.Value))
        {
            var pprofPath = $"{path}.pprof_config";
            var profiles = yaml.Mapping(pprof.Value, pprofPath, PprofKeys);
            plan = plan with
            {
                Heap = Schedule(yaml, profiles, "heap", pprofPath, plan.Heap),
                Allocs = Schedule(yaml, profiles, "allocs", pprofPath, plan.Allocs),
                Goroutine = Schedule(yaml, profiles, "goroutine", pprofPath, plan.Goroutine),
            };
        }

        var prefix = Optional(fields, "path_prefix", n => PathPrefix(yaml, n, $"{path}.path_prefix")) ?? "/";
        return (plan, prefix);
    }

    /// <summary>A profile written is enabled unless it says otherwise; <c>every</c> defaults to 6.</summary>
    private static ProfileSchedule Schedule(ConfigYaml yaml, Dictionary<string, (YamlNode Key, YamlNode Value)> profiles, string name, string path, ProfileSchedule fallback)
    {
        if (!profiles.TryGetValue(name, out var entry) || ConfigYaml.IsNull(entry.Value))
        {
            return fallback;
        }

        var profilePath = $"{path}.{name}";
        var fields = yaml.Mapping(entry.Value, profilePath, ProfileKeys);
        var enabled = Optional(fields, "enabled", n => (bool?)yaml.Bool(n, $"{profilePath}.enabled")) ?? true;
        var every = Optional(fields, "every", n => (int?)yaml.Int(n, $"{profilePath}.every", 1, 10_000)) ?? ProfileSchedule.DefaultEvery;
        var gc = Optional(fields, "gc", n => name == "heap" ? (bool?)yaml.Bool(n, $"{profilePath}.gc") : throw yaml.Error(n, $"{profilePath}.gc", "gc applies to the heap profile only")) ?? false;
        return new ProfileSchedule(enabled, every, gc);
    }

    /// <summary>A URL path starting with '/', returned ending with '/' so endpoints resolve below it.</summary>
    private static string PathPrefix(ConfigYaml yaml, YamlNode node, string path)
    {
        var prefix = yaml.Scalar(node, path);
        if (!prefix.StartsWith('/') || prefix.StartsWith("//", StringComparison.Ordinal) || prefix.Any(c => c is '?' or '#' or '\\' || char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            throw yaml.Error(node, path, $"\"{ConfigYaml.Shorten(prefix)}\" is not a URL path starting with / (like /app)");
        }

        return prefix.EndsWith('/') ? prefix : prefix + "/";
    }

    private static T? Optional<T>(Dictionary<string, (YamlNode Key, YamlNode Value)> fields, string key, Func<YamlNode, T> read) =>
        fields.TryGetValue(key, out var entry) && !ConfigYaml.IsNull(entry.Value) ? read(entry.Value) : default;
}
