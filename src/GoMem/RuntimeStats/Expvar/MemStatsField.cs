namespace GoMem.RuntimeStats.Expvar;

/// <summary>
/// The scalar fields of <see cref="MemStats"/> (everything but the PauseNs/PauseEnd rings and BySize), named as in
/// Go. Lets other sources (Prometheus <c>go_memstats_*</c>) say which fields they carry.
/// </summary>
public enum MemStatsField
{
    Alloc,
    TotalAlloc,
    Sys,
    Lookups,
    Mallocs,
    Frees,
    HeapAlloc,
    HeapSys,
    HeapIdle,
    HeapInuse,
    HeapReleased,
    HeapObjects,
    StackInuse,
    StackSys,
    MSpanInuse,
    MSpanSys,
    MCacheInuse,
    MCacheSys,
    BuckHashSys,
    GCSys,
    OtherSys,
    NextGC,
    LastGC,
    PauseTotalNs,
    NumGC,
    NumForcedGC,
    GCCPUFraction,
    EnableGC,
    DebugGC,
}

/// <summary>Reads a <see cref="MemStatsField"/> of a <see cref="MemStats"/>.</summary>
public static class MemStatsFields
{
    /// <summary>An integer field's exact value (booleans as 0/1); <see cref="MemStatsField.GCCPUFraction"/> is not one.</summary>
    public static ulong GetInteger(this MemStats stats, MemStatsField field) => field switch
    {
        MemStatsField.Alloc => stats.Alloc,
        MemStatsField.TotalAlloc => stats.TotalAlloc,
        MemStatsField.Sys => stats.Sys,
        MemStatsField.Lookups => stats.Lookups,
        MemStatsField.Mallocs => stats.Mallocs,
        MemStatsField.Frees => stats.Frees,
        MemStatsField.HeapAlloc => stats.HeapAlloc,
        MemStatsField.HeapSys => stats.HeapSys,
        MemStatsField.HeapIdle => stats.HeapIdle,
        MemStatsField.HeapInuse => stats.HeapInuse,
        MemStatsField.HeapReleased => stats.HeapReleased,
        MemStatsField.HeapObjects => stats.HeapObjects,
        MemStatsField.StackInuse => stats.StackInuse,
        MemStatsField.StackSys => stats.StackSys,
        MemStatsField.MSpanInuse => stats.MSpanInuse,
        MemStatsField.MSpanSys => stats.MSpanSys,
        MemStatsField.MCacheInuse => stats.MCacheInuse,
        MemStatsField.MCacheSys => stats.MCacheSys,
        MemStatsField.BuckHashSys => stats.BuckHashSys,
        MemStatsField.GCSys => stats.GCSys,
        MemStatsField.OtherSys => stats.OtherSys,
        MemStatsField.NextGC => stats.NextGC,
        MemStatsField.LastGC => stats.LastGC,
        MemStatsField.PauseTotalNs => stats.PauseTotalNs,
        MemStatsField.NumGC => stats.NumGC,
        MemStatsField.NumForcedGC => stats.NumForcedGC,
        MemStatsField.EnableGC => stats.EnableGC ? 1UL : 0UL,
        MemStatsField.DebugGC => stats.DebugGC ? 1UL : 0UL,
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not an integer field"),
    };

    /// <summary>Any field as a double (what a Prometheus sample of it holds).</summary>
    public static double GetDouble(this MemStats stats, MemStatsField field) =>
        field == MemStatsField.GCCPUFraction ? stats.GCCPUFraction : stats.GetInteger(field);
}
