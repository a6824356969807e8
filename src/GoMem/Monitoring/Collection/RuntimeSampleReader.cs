using GoMem.RuntimeStats.Breakdown;
using GoMem.Storage.Monitoring;

namespace GoMem.Monitoring.Collection;

/// <summary>
/// One cycle's runtime statistics as the store keeps them, from the same evidence <c>gomem explain</c> reads
/// (/debug/vars first, /metrics for what vars lacks): a figure the sources did not give stays unknown, never zero.
/// And back: the evidence a stored sample gives, so a breakdown from the store has the numbers of one from the
/// service at that moment (<see cref="ToEvidence"/>). Both directions are here so they keep to one mapping.
/// </summary>
public static class RuntimeSampleReader
{
    public static RuntimeSample From(DateTimeOffset time, MemoryEvidence evidence, RuntimeSampleSources sources, double? processStartTimeSeconds, long? containerLimitBytes)
    {
        var r = evidence.Runtime;
        long? Known(string field, long value) => r.Missing.Contains(field) ? null : value;
        var pauses = MemoryBreakdownAnalysis.Pauses(r);
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
            StackSysBytes = Known(nameof(r.StackSys), r.StackSys),
            HeapObjects = Known(nameof(r.HeapObjects), r.HeapObjects),
            MSpanSysBytes = Known(nameof(r.MSpanSys), r.MSpanSys),
            MCacheSysBytes = Known(nameof(r.MCacheSys), r.MCacheSys),
            BuckHashSysBytes = Known(nameof(r.BuckHashSys), r.BuckHashSys),
            GcSysBytes = Known(nameof(r.GCSys), r.GCSys),
            OtherSysBytes = Known(nameof(r.OtherSys), r.OtherSys),
            HeapLiveBytes = evidence.HeapLiveBytes,
            Goroutines = evidence.Goroutines,
            NumGc = r.NumGC,
            TotalAllocBytes = r.TotalAlloc,
            GcCpuFraction = r.GcCpuFraction is { } fraction && double.IsFinite(fraction) ? fraction : null,
            PauseP99Seconds = pauses?.P99Seconds,
            PauseCount = pauses?.Count,
            PauseP50Seconds = pauses?.P50Seconds,
            PauseMaxSeconds = pauses?.MaxSeconds,
            SizeClasses = r.SizeClasses.Count == 0 ? null : new SizeClassCounts(MemoryBreakdownAnalysis.TopSizeClasses(r).Select(c => (c.ObjectSize, c.LiveObjects))),
            Gogc = evidence.GogcPercent is { } gogc ? (long)Math.Round(gogc) : null,
            GomemlimitBytes = evidence.GoMemLimitBytes,
            ContainerLimitBytes = containerLimitBytes ?? evidence.LimitBytes,
            ProcessStartTimeSeconds = processStartTimeSeconds,
        };
    }

    /// <summary>
    /// The evidence a stored sample gives: the runtime's figures (those not stored listed as missing, as a source
    /// without them would), RSS, limits, GOGC, GOMEMLIMIT, live heap and goroutines. A sample written before the store
    /// kept the figures beyond <c>gomem history</c>'s says so in <see cref="MemoryEvidence.Unavailable"/>.
    /// </summary>
    public static MemoryEvidence ToEvidence(RuntimeSample sample, IReadOnlyList<string> sources)
    {
        var missing = new List<string>();
        long Need(long? value, string name)
        {
            if (value is null)
            {
                missing.Add(name);
                return 0;
            }

            return value.Value;
        }

        // In the order RuntimeFigures.From(MetricsMemStats) lists missing fields, so a /metrics source without some
        // of them reads the same live and stored.
        var runtime = new RuntimeFigures
        {
            Sys = Need(sample.SysBytes, nameof(RuntimeFigures.Sys)),
            HeapAlloc = Need(sample.HeapAllocBytes, nameof(RuntimeFigures.HeapAlloc)),
            HeapSys = Need(sample.HeapSysBytes, nameof(RuntimeFigures.HeapSys)),
            HeapIdle = Need(sample.HeapIdleBytes, nameof(RuntimeFigures.HeapIdle)),
            HeapInuse = Need(sample.HeapInuseBytes, nameof(RuntimeFigures.HeapInuse)),
            HeapReleased = Need(sample.HeapReleasedBytes, nameof(RuntimeFigures.HeapReleased)),
            HeapObjects = Need(sample.HeapObjects, nameof(RuntimeFigures.HeapObjects)),
            StackInuse = Need(sample.StackInuseBytes, nameof(RuntimeFigures.StackInuse)),
            StackSys = Need(sample.StackSysBytes, nameof(RuntimeFigures.StackSys)),
            MSpanSys = Need(sample.MSpanSysBytes, nameof(RuntimeFigures.MSpanSys)),
            MCacheSys = Need(sample.MCacheSysBytes, nameof(RuntimeFigures.MCacheSys)),
            BuckHashSys = Need(sample.BuckHashSysBytes, nameof(RuntimeFigures.BuckHashSys)),
            GCSys = Need(sample.GcSysBytes, nameof(RuntimeFigures.GCSys)),
            OtherSys = Need(sample.OtherSysBytes, nameof(RuntimeFigures.OtherSys)),
            NextGC = Need(sample.NextGcBytes, nameof(RuntimeFigures.NextGC)),
            TotalAlloc = sample.TotalAllocBytes,
            NumGC = sample.NumGc,
            GcCpuFraction = sample.GcCpuFraction,
            KeptPauses = Pauses(sample),
            SizeClasses = sample.SizeClasses is { } classes ? [.. classes] : [],
            Missing = missing,
        };

        // StackSys comes with HeapAlloc from both /debug/vars and /metrics: a sample with one and not the other was
        // written before the store kept the figures explain needs beyond the series.
        var unavailable = sample.HeapAllocBytes is not null && sample.StackSysBytes is null
            ? new[] { "the stored sample predates the runtime metadata, GC pauses, size classes and live heap being kept: those parts show as 0 or are left out" }
            : [];
        return new MemoryEvidence
        {
            Runtime = runtime,
            RssBytes = sample.RssBytes,
            LimitBytes = sample.ContainerLimitBytes,
            GogcPercent = sample.Gogc,
            GoMemLimitBytes = sample.GomemlimitBytes,
            HeapLiveBytes = sample.HeapLiveBytes,
            Goroutines = sample.Goroutines,
            Time = sample.Time,
            Sources = sources,
            Unavailable = unavailable,
        };
    }

    /// <summary>The ring's statistics when the p99 is known (only the ring has one), else those of /metrics' summary.</summary>
    private static PauseStatistics? Pauses(RuntimeSample sample) =>
        sample is { PauseCount: { } count, PauseP50Seconds: { } p50, PauseMaxSeconds: { } max }
            ? new PauseStatistics((int)Math.Min(count, int.MaxValue), p50, sample.PauseP99Seconds, max, sample.PauseP99Seconds is null ? PauseStatistics.FromGcDurationSummary : PauseStatistics.FromMemStatsRing)
            : null;
}
