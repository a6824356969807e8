namespace GoMem.Monitoring.Config;

/// <summary>
/// The configuration behind <c>gomem watch URL...</c>: one job, "gomem", with the services named on the command line
/// as static targets (a URL's path, if any, is the endpoints' prefix), every setting at its default but the interval.
/// </summary>
public static class QuickStartConfig
{
    public const string JobName = "gomem";

    public static WatchConfig For(IReadOnlyList<Uri> services, TimeSpan interval)
    {
        var timeout = interval < GlobalSettings.DefaultScrapeTimeout ? interval : GlobalSettings.DefaultScrapeTimeout;
        var global = new GlobalSettings(interval, timeout, LabelSet.Empty);
        var jobs = services
            .GroupBy(url => (url.Scheme, Prefix: url.AbsolutePath.EndsWith('/') ? url.AbsolutePath : url.AbsolutePath + "/"))
            .Select((group, i) => new ScrapeJob(
                JobName,
                interval,
                timeout,
                group.Key.Scheme,
                group.Key.Prefix,
                EndpointPlan.Default,
                null,
                [new TargetGroup([.. group.Select(url => url.Authority).Distinct(StringComparer.Ordinal)], LabelSet.Empty, null, null, "command line", i + 1)],
                [],
                i + 1))
            .ToList();
        return new WatchConfig("command line", global, jobs, WatchConfigLimits.Default);
    }
}
