using GoMem.RuntimeStats.Expvar;
using GoMem.RuntimeStats.GoMetrics;

namespace GoMem.RuntimeStats.Breakdown;

/// <summary>
/// The runtime's own accounting, as the breakdown uses it: bytes as signed 64-bit numbers (no real process comes
/// near 2^63 bytes) so differences can be negative without wrapping. Built from /debug/vars' MemStats or from the
/// go_memstats_* metrics; <see cref="Missing"/> lists the fields the source did not have (treated as 0).
/// </summary>
public sealed record RuntimeFigures
{
    public long Sys { get; init; }
    public long HeapAlloc { get; init; }
    public long HeapSys { get; init; }
    public long HeapIdle { get; init; }
    public long HeapInuse { get; init; }
    public long HeapReleased { get; init; }
    public long HeapObjects { get; init; }
    public long StackInuse { get; init; }
    public long StackSys { get; init; }
    public long MSpanSys { get; init; }
    public long MCacheSys { get; init; }
    public long BuckHashSys { get; init; }
    public long GCSys { get; init; }
    public long OtherSys { get; init; }
    public long NextGC { get; init; }

    /// <summary>What the runtime holds resident: Sys − HeapReleased (released pages are returned to the OS).</summary>
    public long GoResidentBytes => Math.Max(0, Sys - HeapReleased);

    /// <summary>The runtime's memory outside the heap, as the memory limit counts it: Sys − HeapSys.</summary>
    public long NonHeapBytes => Math.Max(0, Sys - HeapSys);

    /// <summary>Resident memory outside the Go runtime's accounting (cgo, C libraries, mapped files): RSS − Go resident.</summary>
    public long NonGoBytes(long rssBytes) => Math.Max(0, rssBytes - GoResidentBytes);
    public long? TotalAlloc { get; init; }
    public long? NumGC { get; init; }
    public long? LastGcUnixNanos { get; init; }
    public double? GcCpuFraction { get; init; }

    /// <summary>Recent stop-the-world pauses in nanoseconds, oldest first (only /debug/vars has them).</summary>
    public IReadOnlyList<long> RecentPausesNs { get; init; } = [];

    /// <summary>The go_gc_duration_seconds summary, when the figures came from /metrics (it has no pause ring).</summary>
    public GcDurationSummary? PauseSummary { get; init; }

    /// <summary>
    /// Pause statistics kept as such, where neither the ring nor the summary is (a store keeps these figures of them);
    /// null when they are worked out from <see cref="RecentPausesNs"/> or <see cref="PauseSummary"/>.
    /// </summary>
    public PauseStatistics? KeptPauses { get; init; }

    /// <summary>Per size class: object size and live object count (Mallocs − Frees); only /debug/vars has it.</summary>
    public IReadOnlyList<(long Size, long LiveObjects)> SizeClasses { get; init; } = [];

    /// <summary>MemStats fields the source did not provide.</summary>
    public IReadOnlyList<string> Missing { get; init; } = [];

    public static RuntimeFigures From(MemStats stats)
    {
        var pauses = GcPauseHistory.Recent(stats);
        var pauseNs = new long[pauses.Count];
        for (var i = 0; i < pauseNs.Length; i++)
        {
            pauseNs[i] = Clamp(pauses[i].PauseNs);
        }

        var classes = new List<(long, long)>(stats.BySize.Count);
        foreach (var c in stats.BySize)
        {
            classes.Add((c.Size, c.Mallocs >= c.Frees ? Clamp(c.Mallocs - c.Frees) : 0));
        }

        return new RuntimeFigures
        {
            Sys = Clamp(stats.Sys),
            HeapAlloc = Clamp(stats.HeapAlloc),
            HeapSys = Clamp(stats.HeapSys),
            HeapIdle = Clamp(stats.HeapIdle),
            HeapInuse = Clamp(stats.HeapInuse),
            HeapReleased = Clamp(stats.HeapReleased),
            HeapObjects = Clamp(stats.HeapObjects),
            StackInuse = Clamp(stats.StackInuse),
            StackSys = Clamp(stats.StackSys),
            MSpanSys = Clamp(stats.MSpanSys),
            MCacheSys = Clamp(stats.MCacheSys),
            BuckHashSys = Clamp(stats.BuckHashSys),
            GCSys = Clamp(stats.GCSys),
            OtherSys = Clamp(stats.OtherSys),
            NextGC = Clamp(stats.NextGC),
            TotalAlloc = Clamp(stats.TotalAlloc),
            NumGC = stats.NumGC,
            LastGcUnixNanos = stats.LastGC == 0 ? null : Clamp(stats.LastGC),
            GcCpuFraction = stats.GCCPUFraction,
            RecentPausesNs = pauseNs,
            SizeClasses = classes,
        };
    }

    public static RuntimeFigures From(MetricsMemStats stats)
    {
        var missing = new List<string>();
        long Need(ulong? value, string name)
        {
            if (value is null)
            {
                missing.Add(name);
                return 0;
            }

            return Clamp(value.Value);
        }

        return new RuntimeFigures
        {
            Sys = Need(stats.Sys, nameof(stats.Sys)),
            HeapAlloc = Need(stats.HeapAlloc, nameof(stats.HeapAlloc)),
            HeapSys = Need(stats.HeapSys, nameof(stats.HeapSys)),
            HeapIdle = Need(stats.HeapIdle, nameof(stats.HeapIdle)),
            HeapInuse = Need(stats.HeapInuse, nameof(stats.HeapInuse)),
            HeapReleased = Need(stats.HeapReleased, nameof(stats.HeapReleased)),
            HeapObjects = Need(stats.HeapObjects, nameof(stats.HeapObjects)),
            StackInuse = Need(stats.StackInuse, nameof(stats.StackInuse)),
            StackSys = Need(stats.StackSys, nameof(stats.StackSys)),
            MSpanSys = Need(stats.MSpanSys, nameof(stats.MSpanSys)),
            MCacheSys = Need(stats.MCacheSys, nameof(stats.MCacheSys)),
            BuckHashSys = Need(stats.BuckHashSys, nameof(stats.BuckHashSys)),
            GCSys = Need(stats.GCSys, nameof(stats.GCSys)),
            OtherSys = Need(stats.OtherSys, nameof(stats.OtherSys)),
            NextGC = Need(stats.NextGC, nameof(stats.NextGC)),
            TotalAlloc = stats.TotalAlloc is { } total ? Clamp(total) : null,
            NumGC = stats.NumGC,
            LastGcUnixNanos = stats.LastGC is { } last and > 0 ? Clamp(last) : null,
            GcCpuFraction = stats.GCCPUFraction,
            Missing = missing,
        };
    }

    private static long Clamp(ulong value) => value > long.MaxValue ? long.MaxValue : (long)value;
}
