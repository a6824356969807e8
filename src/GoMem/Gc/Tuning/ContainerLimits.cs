namespace GoMem.Gc.Tuning;

/// <summary>
/// One container's memory settings, from a Kubernetes manifest, the process's cgroup, or the command line:
/// the hard limit, the scheduling request, swap, and the Go settings its environment already carries.
/// </summary>
public sealed record ContainerLimits(
    string Name,
    string Source,
    long? LimitBytes,
    long? RequestBytes,
    SwapAllowance Swap,
    bool EnvironmentKnown,
    string? GoMemLimit,
    string? Gogc)
{
    /// <summary>Where in a manifest the container is (for the patch snippet), when it came from one.</summary>
    public string? ManifestPath { get; init; }
}

/// <summary>Whether the container may swap: a process that swaps is slow long before it is killed.</summary>
public enum SwapAllowance
{
    Unknown,
    None,
    Limited,
    Unlimited,
}
