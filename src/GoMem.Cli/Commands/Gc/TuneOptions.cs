using GoMem.Cli.Infrastructure;
using GoMem.Gc.Tuning;
using GoMem.IO;
using GoMem.Sources;

namespace GoMem.Cli.Commands.Gc;

/// <summary>Reads <c>gc tune</c>'s options: where the limit comes from, and sizes in Kubernetes or Go spelling.</summary>
internal static class TuneOptions
{
    public static IReadOnlyList<ContainerLimits> Containers(string? limit, string? requests, string? swap, string? manifest, bool cgroupGiven, string? cgroupDir, string? currentGogc, string? currentLimit)
    {
        var sources = (limit is null ? 0 : 1) + (manifest is null ? 0 : 1) + (cgroupGiven ? 1 : 0);
        if (sources != 1)
        {
            throw new UsageException("say where the limit comes from: exactly one of --limit SIZE, --k8s FILE.yaml or --cgroup [DIR]");
        }

        var envKnown = currentGogc is not null || currentLimit is not null;
        if (manifest is not null)
        {
            return TuningSources.FromManifest(manifest);
        }

        if (cgroupGiven)
        {
            return [TuningSources.FromCgroup(cgroupDir, ParseSize(requests, "--requests"), envKnown, currentLimit, currentGogc)];
        }

        var limitBytes = ParseSize(limit, "--limit")!.Value;
        return [new ContainerLimits("container", "--limit", limitBytes, ParseSize(requests, "--requests"), DockerSwap(swap, limitBytes), envKnown, currentLimit, currentGogc)];
    }

    /// <summary>Docker's --memory-swap: memory plus swap; unset or -1 allow unlimited swap.</summary>
    private static SwapAllowance DockerSwap(string? swap, long limit)
    {
        if (swap is null)
        {
            return SwapAllowance.Unknown;
        }

        if (swap.Trim() is "unset" or "-1")
        {
            return SwapAllowance.Unlimited;
        }

        var total = ParseSize(swap, "--memory-swap")!.Value;
        return total > limit ? SwapAllowance.Limited : SwapAllowance.None;
    }

    /// <summary>A size in Kubernetes (512Mi, 1G = 10⁹) or GOMEMLIMIT/Docker (512MiB, 512m) spelling.</summary>
    public static long? ParseSize(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        if (KubernetesQuantity.TryParse(text, out var bytes) || ByteSize.TryParse(text, out bytes))
        {
            return bytes > 0 ? bytes : throw new UsageException($"{option} must be more than zero");
        }

        throw new UsageException($"{option}: '{text}' is not a size (e.g. 512Mi, 1Gi, 512MiB)");
    }
}
