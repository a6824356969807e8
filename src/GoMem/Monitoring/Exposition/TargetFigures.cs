using GoMem.Storage.Monitoring;

namespace GoMem.Monitoring.Exposition;

/// <summary>
/// The runtime figures each target has a series of, in one list: <c>/metrics</c> (<see cref="TargetSeries"/>) and
/// remote-write (<see cref="RemoteWrite.RemoteWriter"/>) both publish exactly these, under these names, read this way.
/// A figure the sample does not have (a service with only <c>/debug/vars</c> has no RSS) reads as null: no series.
/// </summary>
internal static class TargetFigures
{
    public static readonly (string Name, string Help, Func<RuntimeSample, double?> Read)[] All =
    [
        (MetricNames.TargetResidentMemory, "Resident memory of the target's process (process_resident_memory_bytes or /proc), as gomem watch last read it.", s => s.RssBytes),
        (MetricNames.TargetHeapAlloc, "Bytes of allocated heap objects (MemStats.HeapAlloc).", s => s.HeapAllocBytes),
        (MetricNames.TargetHeapInuse, "Bytes in in-use heap spans (MemStats.HeapInuse).", s => s.HeapInuseBytes),
        (MetricNames.TargetNextGc, "Heap size at which the next GC starts (MemStats.NextGC).", s => s.NextGcBytes),
        (MetricNames.TargetStackInuse, "Bytes in goroutine stacks (MemStats.StackInuse).", s => s.StackInuseBytes),
        (MetricNames.TargetGoroutines, "Goroutines of the target's process.", s => s.Goroutines),
        (MetricNames.TargetGcCpuFraction, "Share of the process's CPU time used by the GC since it started (MemStats.GCCPUFraction).", s => s.GcCpuFraction),
        (MetricNames.TargetMemoryLimit, "The target's memory limit: its configured container limit, else the cgroup limit it reports.", s => s.ContainerLimitBytes),
    ];

    /// <summary>How many of <paramref name="open"/> have the finding code <paramref name="code"/>.</summary>
    public static int CountOpen(IReadOnlyList<MonitoringFinding> open, string code)
    {
        var count = 0;
        for (var i = 0; i < open.Count; i++)
        {
            if (string.Equals(open[i].Code, code, StringComparison.Ordinal))
            {
                count++;
            }
        }

        return count;
    }
}
