namespace GoMem.Monitoring.Config;

/// <summary>
/// What a configuration resolves to now, for <c>gomem watch --check-config</c>: every job with the files its patterns
/// matched and its targets (each with its URL, labels, interval, timeout, endpoint plan and memory limit).
/// </summary>
public sealed record WatchConfigCheck(WatchConfig Config, IReadOnlyList<JobCheck> Jobs)
{
    public int TargetCount => Jobs.Sum(j => j.Targets.Count);
}

/// <param name="Files">The file_sd files matched now, in the order read.</param>
public sealed record JobCheck(ScrapeJob Job, IReadOnlyList<string> Files, IReadOnlyList<ResolvedTarget> Targets);
