using GoMem.Gc.Analysis;
using GoMem.Gc.Parsing;
using GoMem.Gc.Tuning;
using GoMem.Gc.WhatIf;
using GoMem.IO;
using GoMem.RuntimeStats.Breakdown;
using GoMem.RuntimeStats.Cgroups;
using GoMem.RuntimeStats.Expvar;
using GoMem.RuntimeStats.Proc;

namespace GoMem.Sources;

/// <summary>
/// What <c>gc tune</c> and <c>gc whatif</c> read: the containers to advise (a Kubernetes manifest, a cgroup, or
/// limits given directly) and the evidence measured about the program (a gctrace, /debug/vars, /proc status).
/// </summary>
public static class TuningSources
{
    /// <summary>Every container of a manifest's workloads; none is bad input.</summary>
    public static IReadOnlyList<ContainerLimits> FromManifest(string path)
    {
        var found = KubernetesManifestReader.Read(path);
        return found.Count > 0 ? found : throw new BadInputException(path, "no Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob or Pod with containers");
    }

    /// <summary>The container of a cgroup directory (null: this process's own cgroup).</summary>
    public static ContainerLimits FromCgroup(string? directory, long? requestBytes, bool environmentKnown, string? currentLimit, string? currentGogc)
    {
        var memory = CgroupMemoryReader.ReadDirectory(directory ?? CgroupLocator.Locate(Environment.ProcessId).Directory);
        var bytes = memory.EffectiveLimitBytes
            ?? throw new InvalidSettingException("Limit", $"the cgroup {memory.Directory} sets no memory limit: nothing bounds the process, so there is nothing to tune against");
        return new ContainerLimits($"cgroup {memory.Directory}", memory.Version == CgroupVersion.V2 ? "cgroup v2" : "cgroup v1", bytes, requestBytes, Swap(memory, bytes), environmentKnown, currentLimit, currentGogc);
    }

    /// <summary>What was measured about the program, from any of a trace, /debug/vars and /proc status taken with it.</summary>
    public static TuningEvidence Evidence(string? tracePath, string? varsPath, string? statusPath, double currentGogc)
    {
        long? nonHeap = null, nonGo = null, live = null;
        string? nonHeapSource = null, liveSource = null;
        GoMem.Gc.Model.GcTrace? trace = null;
        if (tracePath is not null)
        {
            trace = GcTraceReader.ReadFiles([tracePath]);
            WorkloadModel.FromTrace(trace);

            // The trace's stacks and globals are only part of the runtime's non-heap memory (GC metadata and spans
            // are not in it), so the trace informs the live heap and the replay, not the reserve.
            live = GcStatsAnalysis.Analyze(trace).LiveHeap.LastBytes;
            liveSource = "live at the trace's last cycle";
        }

        if (varsPath is not null)
        {
            var runtime = RuntimeFiguresOf(varsPath);
            nonHeap = runtime.NonHeapBytes;
            nonHeapSource = "vars: Sys − HeapSys";
            live ??= (long)(runtime.NextGC / (1 + (currentGogc / 100)));
            liveSource ??= $"estimated from vars NextGC at GOGC={currentGogc:0}";
            if (statusPath is not null)
            {
                nonGo = runtime.NonGoBytes(ProcStatusParser.ParseFile(statusPath).VmRSSBytes);
            }
        }

        return new TuningEvidence(nonHeap, nonHeapSource, nonGo, live, liveSource, trace);
    }

    /// <summary>The runtime's memory outside the heap (Sys − HeapSys) measured from a /debug/vars capture.</summary>
    public static long RuntimeNonHeap(string varsPath) => RuntimeFiguresOf(varsPath).NonHeapBytes;

    private static RuntimeFigures RuntimeFiguresOf(string varsPath) =>
        RuntimeFigures.From(ExpvarParser.ParseFile(varsPath).MemStats ?? throw new BadInputException(varsPath, "no \"memstats\" variable: is this /debug/vars of a Go program?"));

    private static SwapAllowance Swap(CgroupMemory memory, long limit)
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
}
