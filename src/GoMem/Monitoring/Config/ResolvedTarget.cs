namespace GoMem.Monitoring.Config;

/// <summary>
/// One Go service to scrape, with everything the collector needs. Two targets are equal when everything but
/// <see cref="Origin"/> is: moving a target to another line of a file_sd file does not change it.
/// </summary>
/// <param name="Job">The job's <c>job_name</c>.</param>
/// <param name="Address">host:port, as the target group wrote it.</param>
/// <param name="Url">scheme://host:port plus the path prefix, ending in '/': endpoints are relative to it (see <see cref="EndpointUrl"/>).</param>
/// <param name="Labels">
/// As Prometheus sets them: the group's labels, then <c>job</c> (the job name) and <c>instance</c> (the address) unless
/// the group set them, then the external labels for any name still free.
/// </param>
/// <param name="MemoryLimitBytes">The group's <c>__memory_limit__</c>, else the job's <c>container_memory_limit</c>.</param>
/// <param name="Origin">Where the target was declared: <c>file:line</c> of its group.</param>
public sealed record ResolvedTarget(
    string Job,
    string Address,
    Uri Url,
    LabelSet Labels,
    TimeSpan Interval,
    TimeSpan Timeout,
    EndpointPlan Plan,
    long? MemoryLimitBytes,
    string Origin)
{
    /// <summary>
    /// The target's identity for the scheduler (its phase) and for its lease in the store: its job and URL, the same
    /// on every collector reading the same configuration.
    /// </summary>
    public string Key => $"{Job} {Url}";

    /// <summary>The <c>instance</c> label.</summary>
    public string Instance => Labels.TryGetValue("instance", out var instance) ? instance : Address;

    public Uri EndpointUrl(EndpointKind kind) => new(Url, Plan.PathOf(kind));

    public bool Equals(ResolvedTarget? other) =>
        other is not null
        && Job == other.Job
        && Address == other.Address
        && Url == other.Url
        && Labels.Equals(other.Labels)
        && Interval == other.Interval
        && Timeout == other.Timeout
        && Plan == other.Plan
        && MemoryLimitBytes == other.MemoryLimitBytes;

    public override int GetHashCode() => HashCode.Combine(Job, Address, Labels, Interval, Timeout, Plan, MemoryLimitBytes);
}
