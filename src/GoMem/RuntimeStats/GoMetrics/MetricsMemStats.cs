using GoMem.RuntimeStats.Expvar;

namespace GoMem.RuntimeStats.GoMetrics;

/// <summary>
/// The MemStats fields a Prometheus exposition carries (see <see cref="GoMemStatsMetrics"/>), null where the
/// exposition has no sample for the field. Same names and units as <see cref="MemStats"/>.
/// </summary>
public sealed record MetricsMemStats
{
    public ulong? Alloc { get; init; }
    public ulong? TotalAlloc { get; init; }
    public ulong? Sys { get; init; }
    public ulong? Lookups { get; init; }
    public ulong? Mallocs { get; init; }
    public ulong? Frees { get; init; }
    public ulong? HeapAlloc { get; init; }
    public ulong? HeapSys { get; init; }
    public ulong? HeapIdle { get; init; }
    public ulong? HeapInuse { get; init; }
    public ulong? HeapReleased { get; init; }
    public ulong? HeapObjects { get; init; }
    public ulong? StackInuse { get; init; }
    public ulong? StackSys { get; init; }
    public ulong? MSpanInuse { get; init; }
    public ulong? MSpanSys { get; init; }
    public ulong? MCacheInuse { get; init; }
    public ulong? MCacheSys { get; init; }
    public ulong? BuckHashSys { get; init; }
    public ulong? GCSys { get; init; }
    public ulong? OtherSys { get; init; }
    public ulong? NextGC { get; init; }

    /// <summary>Unix nanoseconds, from seconds: exact only to a few hundred nanoseconds.</summary>
    public ulong? LastGC { get; init; }

    /// <summary>From <c>go_gc_duration_seconds_sum</c>.</summary>
    public ulong? PauseTotalNs { get; init; }

    /// <summary>From <c>go_gc_duration_seconds_count</c>.</summary>
    public uint? NumGC { get; init; }

    public double? GCCPUFraction { get; init; }

    /// <summary>The fields that had a sample.</summary>
    public required IReadOnlySet<MemStatsField> Fields { get; init; }

    internal static MetricsMemStats From(IReadOnlyDictionary<MemStatsField, ulong> integers, double? gcCpuFraction)
    {
        ulong? Get(MemStatsField field) => integers.TryGetValue(field, out var value) ? value : null;
        var fields = new HashSet<MemStatsField>(integers.Keys);
        if (gcCpuFraction is not null)
        {
            fields.Add(MemStatsField.GCCPUFraction);
        }

        return new MetricsMemStats
        {
            Alloc = Get(MemStatsField.Alloc),
            TotalAlloc = Get(MemStatsField.TotalAlloc),
            Sys = Get(MemStatsField.Sys),
            Lookups = Get(MemStatsField.Lookups),
            Mallocs = Get(MemStatsField.Mallocs),
            Frees = Get(MemStatsField.Frees),
            HeapAlloc = Get(MemStatsField.HeapAlloc),
            HeapSys = Get(MemStatsField.HeapSys),
            HeapIdle = Get(MemStatsField.HeapIdle),
            HeapInuse = Get(MemStatsField.HeapInuse),
            HeapReleased = Get(MemStatsField.HeapReleased),
            HeapObjects = Get(MemStatsField.HeapObjects),
            StackInuse = Get(MemStatsField.StackInuse),
            StackSys = Get(MemStatsField.StackSys),
            MSpanInuse = Get(MemStatsField.MSpanInuse),
            MSpanSys = Get(MemStatsField.MSpanSys),
            MCacheInuse = Get(MemStatsField.MCacheInuse),
            MCacheSys = Get(MemStatsField.MCacheSys),
            BuckHashSys = Get(MemStatsField.BuckHashSys),
            GCSys = Get(MemStatsField.GCSys),
            OtherSys = Get(MemStatsField.OtherSys),
            NextGC = Get(MemStatsField.NextGC),
            LastGC = Get(MemStatsField.LastGC),
            PauseTotalNs = Get(MemStatsField.PauseTotalNs),
            NumGC = (uint?)Get(MemStatsField.NumGC),
            GCCPUFraction = gcCpuFraction,
            Fields = fields,
        };
    }
}
