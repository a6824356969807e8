using GoMem.RuntimeStats.Expvar;
using GoMem.RuntimeStats.GoMetrics;

namespace GoMem.RuntimeStats.Breakdown;

/// <summary>
/// Reconciles RSS, the runtime's accounting and the heap profile. The runtime's resident memory is Sys minus
/// HeapReleased, split into live heap, fragmentation, idle spans kept from an earlier peak, stacks, GC metadata,
/// span/cache structures, profiling buckets and the rest; what RSS holds beyond that is not Go's heap. Pure and
/// deterministic: the same evidence always gives the same breakdown.
/// </summary>
public static class MemoryBreakdownAnalysis
{
    /// <summary>Go's minimum heap goal (4 MiB × GOGC/100): a goal at this floor says nothing about the live heap.</summary>
    private const long MinimumHeapGoal = 4L << 20;

    public static MemoryBreakdown Analyze(MemoryEvidence evidence)
    {
        var r = evidence.Runtime;
        var fragmentation = Math.Max(0, r.HeapInuse - r.HeapAlloc);
        var idleKept = Math.Max(0, r.HeapIdle - r.HeapReleased);
        var spanAndCache = r.MSpanSys + r.MCacheSys;
        var goResident = r.GoResidentBytes;
        var rss = evidence.RssBytes;
        long? nonGo = rss is { } total ? r.NonGoBytes(total) : null;
        long? overcount = rss is { } rssBytes && goResident > rssBytes ? goResident - rssBytes : null;
        long? nonGoFile = nonGo is { } n && evidence.RssFileBytes is { } file ? Math.Min(n, file) : null;

        double? Share(long bytes) => rss is { } t && t > 0 ? bytes * 100.0 / t : null;
        BreakdownNode Leaf(string key, string label, long bytes) => new(key, label, bytes, Share(bytes), []);

        var runtimeChildren = new List<BreakdownNode>
        {
            Leaf("heapAlloc", "heap objects (HeapAlloc: live objects and garbage not yet collected)", r.HeapAlloc),
            Leaf("heapFragmentation", "fragmentation inside in-use spans (HeapInuse − HeapAlloc)", fragmentation),
            Leaf("heapFree", "free heap spans kept from an earlier peak (HeapIdle − HeapReleased)", idleKept),
            Leaf("stacks", "goroutine stacks (StackSys)", r.StackSys),
            Leaf("gcMetadata", "GC metadata (GCSys)", r.GCSys),
            Leaf("spansAndCaches", "span and cache structures (MSpanSys + MCacheSys)", spanAndCache),
            Leaf("profilingBuckets", "profiling buckets (BuckHashSys)", r.BuckHashSys),
            Leaf("otherRuntime", "other runtime memory (OtherSys)", r.OtherSys),
        };
        var children = new List<BreakdownNode>
        {
            new("goResident", "Go runtime, resident (Sys − HeapReleased)", goResident, Share(goResident), runtimeChildren),
        };
        if (nonGo is { } outside)
        {
            var parts = new List<BreakdownNode>();
            if (nonGoFile is { } fileBytes && outside > 0)
            {
                parts.Add(Leaf("nonGoFile", "binary text, shared libraries and mapped files (file-backed RSS)", fileBytes));
                parts.Add(Leaf("nonGoAnonymous", "cgo/C allocations and memory the runtime cannot see (anonymous)", outside - fileBytes));
            }

            children.Add(new BreakdownNode("nonGo", "not Go's heap (RSS − Go runtime resident)", outside, Share(outside), parts));
        }

        var root = new BreakdownNode("rss", rss is null ? "Go runtime memory (RSS unknown: give /proc status, smaps_rollup or /metrics)" : "RSS (resident set size)", rss ?? goResident, rss is null ? null : 100.0, children);
        var (live, method) = EstimateLiveHeap(evidence);
        long? garbage = live is { } l ? Math.Max(0, r.HeapAlloc - l) : null;
        var breakdown = new MemoryBreakdown
        {
            Root = root,
            RssBytes = rss,
            PeakRssBytes = evidence.PeakRssBytes,
            GoResidentBytes = goResident,
            HeapAllocBytes = r.HeapAlloc,
            HeapFragmentationBytes = fragmentation,
            HeapFreeBytes = idleKept,
            HeapReleasedBytes = r.HeapReleased,
            StackBytes = r.StackSys,
            GcMetadataBytes = r.GCSys,
            SpanAndCacheBytes = spanAndCache,
            ProfilingBucketBytes = r.BuckHashSys,
            OtherRuntimeBytes = spanAndCache + r.BuckHashSys + r.OtherSys,
            NonGoBytes = nonGo,
            NonGoFileBytes = nonGoFile,
            RuntimeOvercountBytes = overcount,
            ProfileInuseBytes = evidence.ProfileInuseBytes,
            LiveHeapEstimateBytes = live,
            LiveHeapEstimateMethod = method,
            GarbageEstimateBytes = garbage,
            NextGcBytes = r.NextGC,
            HeadroomToNextGcBytes = r.NextGC - r.HeapAlloc,
            LimitBytes = evidence.LimitBytes,
            HeadroomToLimitBytes = evidence.LimitBytes is { } limit ? limit - (rss ?? goResident) : null,
            FragmentationRatio = r.HeapInuse > 0 ? (double)fragmentation / r.HeapInuse : null,
            GcCpuFraction = r.GcCpuFraction,
            Pauses = Pauses(r),
            AverageObjectBytes = r.HeapObjects > 0 ? (double)r.HeapAlloc / r.HeapObjects : null,
            TopSizeClasses = TopSizeClasses(r),
            Findings = [],
            MissingInputs = MissingInputs(evidence),
            Sources = evidence.Sources,
        };
        return breakdown with { Findings = BreakdownFindings.For(breakdown, evidence) };
    }

    /// <summary>
    /// The live heap at the last GC: reported directly by Go 1.21+ metrics; otherwise solved from the pacer's goal,
    /// NextGC = live + (live + stacks) × GOGC/100 (globals, unknown here, are small), assuming GOGC=100 when unknown.
    /// </summary>
    private static (long? Bytes, string? Method) EstimateLiveHeap(MemoryEvidence evidence)
    {
        if (evidence.HeapLiveBytes is { } reported)
        {
            return (reported, "reported by the runtime (go_gc_heap_live_bytes)");
        }

        var r = evidence.Runtime;
        var gogc = evidence.GogcPercent ?? 100;
        if (gogc <= 0 || r.NextGC <= MinimumHeapGoal * gogc / 100)
        {
            return (null, null);
        }

        var g = gogc / 100;
        var live = (long)((r.NextGC - (r.StackInuse * g)) / (1 + g));
        if (live <= 0)
        {
            return (null, null);
        }

        var assumption = evidence.GogcPercent is null ? "assuming GOGC=100" : $"GOGC={gogc:0}";
        return (live, $"solved from the heap goal NextGC = live + (live + stacks) × GOGC/100, {assumption}");
    }

    /// <summary>GC pauses from MemStats' ring of the last 256, else from client_golang's summary of the same ring (or as kept by a store).</summary>
    public static PauseStatistics? Pauses(RuntimeFigures r) => r.KeptPauses ?? PauseStatisticsOf(r.RecentPausesNs) ?? PauseStatisticsOf(r.PauseSummary);

    private static PauseStatistics? PauseStatisticsOf(IReadOnlyList<long> pausesNs)
    {
        if (pausesNs.Count == 0)
        {
            return null;
        }

        var sorted = pausesNs.ToArray();
        Array.Sort(sorted);
        return new PauseStatistics(sorted.Length, Quantile(sorted, 0.50) / 1e9, Quantile(sorted, 0.99) / 1e9, sorted[^1] / 1e9, PauseStatistics.FromMemStatsRing);
    }

    /// <summary>
    /// client_golang computes the summary over the same ring of the last 256 pauses (debug.ReadGCStats), so its
    /// median and maximum are the ring's; its count is every pause since start, of which the ring holds 256 at most.
    /// </summary>
    private static PauseStatistics? PauseStatisticsOf(GcDurationSummary? summary)
    {
        double? median = null, max = null;
        foreach (var q in summary?.Quantiles ?? [])
        {
            median = q.Quantile == 0.5 ? q.Seconds : median;
            max = q.Quantile == 1 ? q.Seconds : max;
        }

        if (median is not { } p50 || max is not { } highest || summary?.Count is not > 0 || !double.IsFinite(p50) || !double.IsFinite(highest))
        {
            return null;
        }

        return new PauseStatistics((int)Math.Min(summary.Count.Value, GcPauseHistory.RingSize), p50, null, highest, PauseStatistics.FromGcDurationSummary);
    }

    /// <summary>Linear interpolation between closest ranks (type 7, the common default).</summary>
    private static double Quantile(long[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = (int)Math.Ceiling(position);
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * (position - lower));
    }

    /// <summary>How many size classes the breakdown shows (the ones holding the most live bytes).</summary>
    public const int ShownSizeClasses = 8;

    /// <summary>The size classes holding the most live bytes, most first (the smaller size on a tie), at most <see cref="ShownSizeClasses"/>.</summary>
    public static List<SizeClassShare> TopSizeClasses(RuntimeFigures r)
    {
        var shares = new List<SizeClassShare>();
        foreach (var (size, live) in r.SizeClasses)
        {
            if (size > 0 && live > 0)
            {
                var bytes = size * live;
                shares.Add(new SizeClassShare(size, live, bytes, r.HeapAlloc > 0 ? bytes * 100.0 / r.HeapAlloc : 0));
            }
        }

        shares.Sort((a, b) => b.LiveBytes != a.LiveBytes ? b.LiveBytes.CompareTo(a.LiveBytes) : a.ObjectSize.CompareTo(b.ObjectSize));
        return shares.Count > ShownSizeClasses ? shares.GetRange(0, ShownSizeClasses) : shares;
    }

    private static List<string> MissingInputs(MemoryEvidence evidence)
    {
        var missing = new List<string>();
        if (evidence.RssBytes is null)
        {
            missing.Add("RSS (/proc/PID/status, smaps_rollup or process_resident_memory_bytes): the part outside Go's runtime cannot be shown");
        }

        if (evidence.ProfileInuseBytes is null)
        {
            missing.Add("a heap profile taken at the same moment: the comparison with pprof cannot be shown");
        }

        if (evidence.Runtime.Missing.Count > 0)
        {
            missing.Add("runtime fields not in the input (taken as 0): " + string.Join(", ", evidence.Runtime.Missing));
        }

        missing.AddRange(evidence.Unavailable);
        return missing;
    }
}
