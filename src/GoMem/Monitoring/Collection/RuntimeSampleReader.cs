using GoMem.RuntimeStats.Breakdown;
using GoMem.Storage.Monitoring;

namespace GoMem.Monitoring.Collection;

/// <summary>
/// One cycle's runtime statistics as the store keeps them, from the same evidence <c>gomem explain</c> reads
/// (/debug/vars first, /metrics for what vars lacks): a figure the sources did not give stays unknown, never zero.
/// </summary>
public static class RuntimeSampleReader
{
    public static RuntimeSample From(DateTimeOffset time, MemoryEvidence evidence, RuntimeSampleSources sources, double? processStartTimeSeconds, long? containerLimitBytes)
    {
        var r = evidence.Runtime;
        long? Known(string field, long value) => r.Missing.Contains(field) ? null : value;
        return new RuntimeSample
        {
            Time = time,
            Sources = sources,
            RssBytes = evidence.RssBytes,
            HeapAllocBytes = Known(nameof(r.HeapAlloc), r.HeapAlloc),
            HeapInuseBytes = Known(nameof(r.HeapInuse), r.HeapInuse),
            HeapIdleBytes = Known(nameof(r.HeapIdle), r.HeapIdle),
            HeapReleasedBytes = Known(nameof(r.HeapReleased), r.HeapReleased),
            HeapSysBytes = Known(nameof(r.HeapSys), r.HeapSys),
            SysBytes = Known(nameof(r.Sys), r.Sys),
            NextGcBytes = Known(nameof(r.NextGC), r.NextGC),
            StackInuseBytes = Known(nameof(r.StackInuse), r.StackInuse),
            Goroutines = evidence.Goroutines,
            NumGc = r.NumGC,
            TotalAllocBytes = r.TotalAlloc,
            GcCpuFraction = r.GcCpuFraction is { } fraction && double.IsFinite(fraction) ? fraction : null,
            PauseP99Seconds = MemoryBreakdownAnalysis.Pauses(r)?.P99Seconds,
            Gogc = evidence.GogcPercent is { } gogc ? (long)Math.Round(gogc) : null,
            GomemlimitBytes = evidence.GoMemLimitBytes is { } limit && limit != long.MaxValue ? limit : null,
            ContainerLimitBytes = containerLimitBytes ?? evidence.LimitBytes,
            ProcessStartTimeSeconds = processStartTimeSeconds,
        };
    }
}
