namespace GoMem.Monitoring.Config;

/// <summary>
/// A loaded <c>gomem watch</c> configuration (see <see cref="WatchConfigLoader"/> for the file format): global settings
/// and the jobs with their effective settings. Targets from file_sd files are not part of it: read them now with
/// <see cref="ResolveTargets"/>, or follow them with a <see cref="TargetWatcher"/>.
/// </summary>
/// <param name="Path">The configuration file as given; relative file_sd paths are relative to its folder.</param>
public sealed record WatchConfig(string Path, GlobalSettings Global, IReadOnlyList<ScrapeJob> Jobs, WatchConfigLimits Limits)
{
    /// <summary>What the store keeps (the <c>retention</c> section; its defaults when there is none).</summary>
    public GoMem.Monitoring.Retention.RetentionPolicy Retention { get; init; } = GoMem.Monitoring.Retention.RetentionPolicy.Default;

    /// <summary>Where alerts go (the <c>alerting</c> section; none when there is none).</summary>
    public GoMem.Monitoring.Alerting.Delivery.AlertingSettings Alerting { get; init; } = GoMem.Monitoring.Alerting.Delivery.AlertingSettings.None;

    /// <summary>Where the series are pushed (the <c>remote_write</c> section, then any <c>--remote-write</c> URLs); none by default.</summary>
    public IReadOnlyList<GoMem.Monitoring.RemoteWrite.RemoteWriteEndpoint> RemoteWrite { get; init; } = [];

    /// <summary>Every target now: static ones and the current contents of the file_sd files.</summary>
    /// <exception cref="GoMem.IO.BadInputException">A file_sd file is broken, or there are too many targets.</exception>
    public IReadOnlyList<ResolvedTarget> ResolveTargets() => TargetResolver.ResolveAll(this);
}

/// <summary>The <c>global</c> section, with defaults applied.</summary>
public sealed record GlobalSettings(TimeSpan ScrapeInterval, TimeSpan ScrapeTimeout, LabelSet ExternalLabels)
{
    public static readonly TimeSpan DefaultScrapeInterval = TimeSpan.FromSeconds(10);

    /// <summary>The timeout when none is set: this, or the interval when that is shorter.</summary>
    public static readonly TimeSpan DefaultScrapeTimeout = TimeSpan.FromSeconds(10);
}

/// <summary>One entry of <c>scrape_configs</c>, with its effective settings (its own values, else the global ones, else defaults).</summary>
/// <param name="PathPrefix">Put before every endpoint path; starts and ends with '/' (just "/" by default).</param>
/// <param name="MemoryLimitBytes">The container's memory limit from <c>container_memory_limit</c>, if set.</param>
/// <param name="Line">The line of the job's entry in the configuration.</param>
public sealed record ScrapeJob(
    string Name,
    TimeSpan ScrapeInterval,
    TimeSpan ScrapeTimeout,
    string Scheme,
    string PathPrefix,
    EndpointPlan Plan,
    long? MemoryLimitBytes,
    IReadOnlyList<TargetGroup> StaticConfigs,
    IReadOnlyList<FileSdConfig> FileSdConfigs,
    long Line);

/// <summary>
/// A Prometheus target group (a <c>static_configs</c> entry, or one entry of a file_sd file): addresses and the labels
/// they share. Labels starting with "__" are not in <see cref="Labels"/>: those GoMem knows are read into
/// <see cref="Scheme"/> (<c>__scheme__</c>) and <see cref="MemoryLimitBytes"/> (<c>__memory_limit__</c>), the rest
/// are dropped, as Prometheus drops them after relabelling.
/// </summary>
/// <param name="Targets">host:port addresses, as written.</param>
/// <param name="Source">The file the group came from.</param>
/// <param name="Line">The group's line in <see cref="Source"/>.</param>
public sealed record TargetGroup(IReadOnlyList<string> Targets, LabelSet Labels, string? Scheme, long? MemoryLimitBytes, string Source, long Line);

/// <summary>One <c>file_sd_configs</c> entry.</summary>
/// <param name="Files">The patterns, relative ones joined to the configuration's folder; '*' and '?' allowed in the last path element.</param>
public sealed record FileSdConfig(IReadOnlyList<string> Files, TimeSpan RefreshInterval, long Line)
{
    /// <summary>Prometheus' default.</summary>
    public static readonly TimeSpan DefaultRefreshInterval = TimeSpan.FromMinutes(5);
}

/// <summary>Caps that keep loading bounded whatever the files say. The defaults fit any real fleet with a wide margin.</summary>
public sealed record WatchConfigLimits
{
    public static WatchConfigLimits Default { get; } = new();

    /// <summary>Largest configuration or file_sd file, in bytes.</summary>
    public long MaxFileBytes { get; init; } = 16L << 20;

    /// <summary>Most targets over the whole configuration (static and file_sd together).</summary>
    public int MaxTargets { get; init; } = 100_000;

    /// <summary>Most files that the patterns of one configuration may match.</summary>
    public int MaxFileSdFiles { get; init; } = 1_000;

    /// <summary>Most labels on one target, after job, instance and external labels are added.</summary>
    public int MaxLabelsPerTarget { get; init; } = 64;

    /// <summary>Most jobs in <c>scrape_configs</c>.</summary>
    public int MaxJobs { get; init; } = 10_000;

    /// <summary>Most nodes that YAML aliases may add (a "billion laughs" bomb stops here).</summary>
    public long MaxYamlAliasExpansion { get; init; } = 1_000_000;
}
