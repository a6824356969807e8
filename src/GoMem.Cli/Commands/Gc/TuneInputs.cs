using GoMem.Cli.Infrastructure;
using GoMem.Gc.Analysis;
using GoMem.Gc.Tuning;
using GoMem.IO;
using GoMem.RuntimeStats.Cgroups;
using GoMem.RuntimeStats.Expvar;
using GoMem.RuntimeStats.Proc;

namespace GoMem.Cli.Commands.Gc;

/// <summary>Turns <c>gc tune</c>'s options into containers to advise and evidence about the program.</summary>
internal static class TuneInputs
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
            var found = KubernetesManifestReader.Read(manifest);
            return found.Count > 0 ? found : throw new BadInputException(manifest, "no Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob or Pod with containers");
        }

        if (cgroupGiven)
        {
            var memory = cgroupDir is null
                ? CgroupMemoryReader.ReadDirectory(CgroupLocator.Locate(Environment.ProcessId).Directory)
                : CgroupMemoryReader.ReadDirectory(cgroupDir);
            var bytes = memory.EffectiveLimitBytes ?? throw new UsageException($"the cgroup {memory.Directory} sets no memory limit: nothing bounds the process, so there is nothing to tune against (give --limit)");
            return [new ContainerLimits($"cgroup {memory.Directory}", memory.Version == CgroupVersion.V2 ? "cgroup v2" : "cgroup v1", bytes, ParseSize(requests, "--requests"), CgroupSwap(memory, bytes), envKnown, currentLimit, currentGogc)];
        }

        var limitBytes = ParseSize(limit, "--limit");
        return [new ContainerLimits("container", "--limit", limitBytes, ParseSize(requests, "--requests"), DockerSwap(swap, limitBytes!.Value), envKnown, currentLimit, currentGogc)];
    }

    public static TuningEvidence Evidence(string? tracePath, string? varsPath, string? statusPath, string? currentGogc)
    {
        if (statusPath is not null && varsPath is null)
        {
            throw new UsageException("--status measures memory outside Go only together with --vars taken at the same moment");
        }

        long? nonHeap = null, nonGo = null, live = null;
        string? nonHeapSource = null, liveSource = null;
        GoMem.Gc.Model.GcTrace? trace = null;
        if (tracePath is not null)
        {
            trace = GoMem.Gc.Parsing.GcTraceReader.ReadFiles([tracePath]);
            if (trace.Runs.Max(r => r.Cycles.Count) < 4)
            {
                throw new BadInputException(tracePath, "too few GC cycles to replay (at least 4 in one run): capture a longer stretch of the log");
            }

            // The trace's stacks and globals are only part of the runtime's non-heap memory (GC metadata and spans
            // are not in it), so the trace informs the live heap and the replay, not the reserve.
            var stats = GcStatsAnalysis.Analyze(trace);
            live = stats.LiveHeap.LastBytes;
            liveSource = "live at the trace's last cycle";
        }

        if (varsPath is not null)
        {
            var memStats = ExpvarParser.ParseFile(varsPath).MemStats ?? throw new BadInputException(varsPath, "no \"memstats\" variable: is this /debug/vars of a Go program?");
            nonHeap = RuntimeNonHeap(memStats);
            nonHeapSource = "vars: Sys − HeapSys";
            var gogc = double.TryParse(currentGogc, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var g) ? g : 100;
            live ??= (long)(memStats.NextGC / (1 + (gogc / 100)));
            liveSource ??= $"estimated from vars NextGC at GOGC={gogc:0}";
            if (statusPath is not null)
            {
                var status = ProcStatusParser.ParseFile(statusPath);
                nonGo = Math.Max(0, status.VmRSSBytes - (long)(memStats.Sys - memStats.HeapReleased));
            }
        }

        return new TuningEvidence(nonHeap, nonHeapSource, nonGo, live, liveSource, trace);
    }

    /// <summary>The runtime's memory outside the heap, as the memory limit counts it: MemStats Sys − HeapSys.</summary>
    public static long RuntimeNonHeap(GoMem.RuntimeStats.Expvar.MemStats memStats) => (long)(memStats.Sys - Math.Min(memStats.Sys, memStats.HeapSys));

    /// <summary>--non-heap measured from a /debug/vars capture.</summary>
    public static long RuntimeNonHeap(string varsPath) =>
        RuntimeNonHeap(ExpvarParser.ParseFile(varsPath).MemStats ?? throw new BadInputException(varsPath, "no \"memstats\" variable: is this /debug/vars of a Go program?"));

    private static SwapAllowance CgroupSwap(CgroupMemory memory, long limit)
    {
        if (memory.SwapLimit is not { } swap)
        {
            return SwapAllowance.Unknown;
        }

        if (swap.IsUnlimited)
        {
            return SwapAllowance.Unlimited;
        }

        // v2 memory.swap.max is swap alone; v1 memsw is memory plus swap.
        var extra = memory.Version == CgroupVersion.V2 ? swap.Bytes!.Value : swap.Bytes!.Value - limit;
        return extra > 0 ? SwapAllowance.Limited : SwapAllowance.None;
    }

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
