using GoMem.Goroutines;
using GoMem.IO;
using GoMem.Profiles;

namespace GoMem.Leaks;

/// <summary>
/// Finds what grows across a time-ordered series of snapshots of one process: heap sites (inuse_space and
/// inuse_objects at the first frame outside the runtime and standard library), goroutine groups (by the function
/// they are parked in and the user frame), and the process (live heap, goroutines, RSS). Pure and deterministic.
/// </summary>
public static class LeakAnalysis
{
    public static LeakReport Analyze(SeriesAnalysis.Series series, LeakOptions options, IReadOnlyList<SkippedFile>? skipped = null)
    {
        var snapshots = series.Snapshots;
        if (snapshots.Count < LeakOptions.MinSnapshots)
        {
            throw new BadInputException(SeriesAnalysis.Describe(snapshots), $"a leak check needs at least {LeakOptions.MinSnapshots} snapshots of one process (4 or more to show a significant rise); got {snapshots.Count}");
        }

        var minutes = series.Minutes;
        var findings = new List<LeakFinding>();
        var notes = new List<string>(series.Notes);
        var liveHeap = new List<(double Minute, double Value)>();
        var goroutineTotals = new List<(double Minute, double Value)>();
        var rss = new List<(double Minute, double Value)>();

        var heapSites = new SortedDictionary<string, SiteSeries>(StringComparer.Ordinal);
        var goroutineGroups = new SortedDictionary<GoroutineGroupKey, GroupSeries>();
        var heapSnapshots = 0;
        var goroutineSnapshots = 0;
        var heapMinutes = new List<double>();
        var goroutineMinutes = new List<double>();
        for (var i = 0; i < snapshots.Count; i++)
        {
            var snapshot = snapshots[i];
            if (snapshot.HeapDigestOrOwn() is { } heap)
            {
                liveHeap.Add((minutes[i], heap.InuseBytes));
                heapMinutes.Add(minutes[i]);
                foreach (var (key, site) in heap.Sites)
                {
                    if (!heapSites.TryGetValue(key, out var siteSeries))
                    {
                        siteSeries = new SiteSeries(site.Frame);
                        heapSites.Add(key, siteSeries);
                    }

                    siteSeries.Add(heapSnapshots, site);
                }

                heapSnapshots++;
            }

            if (snapshot.GoroutineDigestOrOwn() is { } dump)
            {
                goroutineTotals.Add((minutes[i], dump.Total));
                goroutineMinutes.Add(minutes[i]);
                foreach (var (key, group) in dump.Groups)
                {
                    if (!goroutineGroups.TryGetValue(key, out var groupSeries))
                    {
                        groupSeries = new GroupSeries(group.Site);
                        goroutineGroups.Add(key, groupSeries);
                    }

                    groupSeries.Add(goroutineSnapshots, group);
                }

                goroutineSnapshots++;
            }

            if (snapshot.RssBytes is { } resident)
            {
                rss.Add((minutes[i], resident));
            }
        }

        foreach (var (key, site) in heapSites)
        {
            var space = TrendRule.Measure([.. heapMinutes], site.Space(heapSnapshots));
            if (!TrendRule.IsLeak(space, heapSnapshots, options.MinHeapSiteGrowthBytes, options))
            {
                continue;
            }

            var objects = TrendRule.Measure([.. heapMinutes], site.Objects(heapSnapshots));
            if (objects.PValue > options.Alpha || objects.SlopePerMinute <= 0)
            {
                continue;
            }

            findings.Add(new LeakFinding
            {
                Kind = LeakKind.Heap,
                Metric = "inuse_space",
                Site = site.Frame.Function,
                File = site.Frame.File,
                Line = site.Frame.Line,
                Stack = site.Stack,
                Unit = "bytes",
                Trend = space,
                Objects = objects,
                SecondsToLimit = ToLimit(options.LimitBytes, liveHeap.Count > 0 ? liveHeap[^1].Value : space.LastValue, space.SlopePerMinute),
            });
        }

        foreach (var (key, group) in goroutineGroups)
        {
            var trend = TrendRule.Measure([.. goroutineMinutes], group.Counts(goroutineSnapshots));
            if (!TrendRule.IsLeak(trend, goroutineSnapshots, options.MinGoroutineGrowth, options))
            {
                continue;
            }

            findings.Add(new LeakFinding
            {
                Kind = LeakKind.Goroutine,
                Metric = "goroutines",
                Site = group.Site.Function,
                File = group.Site.File,
                Line = group.Site.Line,
                Stack = group.Stack,
                Unit = "goroutines",
                Trend = trend,
                States = group.States,
                MaxWaitMinutes = group.MaxWaitMinutes,
                CreatedBy = group.CreatedBy,
            });
        }

        AddProcessFinding(findings, "live_heap", "bytes", liveHeap, options.MinLiveHeapGrowthBytes, options, true);
        AddProcessFinding(findings, "goroutines", "goroutines", goroutineTotals, options.MinGoroutineGrowth, options, false);
        AddProcessFinding(findings, "rss", "bytes", rss, options.MinRssGrowthBytes, options, true);

        if (heapSnapshots > 0 && findings.Exists(f => f.Metric == "rss") && !findings.Exists(f => f.Metric == "live_heap"))
        {
            // The cgo case: RSS climbs while every Go figure stays level, and no Go profile can show where.
            notes.Add("RSS grows but the live Go heap does not: the memory is outside the Go heap (cgo/C allocations, mmap, or spans the runtime keeps). `gomem explain` on the last snapshot's vars and status splits RSS into what Go accounts for and what it cannot see.");
        }

        if (heapSnapshots == 0)
        {
            notes.Add("no heap profiles: heap sites and live heap were not checked");
        }

        if (goroutineSnapshots == 0)
        {
            notes.Add("no goroutine profiles: goroutine groups were not checked");
        }

        if (rss.Count == 0)
        {
            notes.Add("no /proc/PID/status files and no process_resident_memory_bytes in /metrics: RSS was not checked");
        }

        var ordered = findings
            .OrderBy(f => f.Kind)
            .ThenByDescending(f => f.Trend.Growth)
            .ThenBy(f => f.Site, StringComparer.Ordinal)
            .ThenBy(f => f.Line)
            .ToList();
        return new LeakReport
        {
            Findings = ordered,
            Snapshots = snapshots.Count,
            SpanSeconds = minutes.Length > 0 ? minutes[^1] * 60 : 0,
            TimeSource = series.TimeSource,
            SnapshotNames = [.. snapshots.Select(s => s.Key)],
            Skipped = skipped ?? [],
            Notes = notes,
            HeapSitesTested = heapSites.Count,
            GoroutineGroupsTested = goroutineGroups.Count,
            Options = options,
            LimitBytes = options.LimitBytes,
        };
    }

    private static void AddProcessFinding(List<LeakFinding> findings, string metric, string unit, List<(double Minute, double Value)> points, long minGrowth, LeakOptions options, bool projects)
    {
        if (points.Count < 2)
        {
            return;
        }

        var trend = TrendRule.Measure([.. points.Select(p => p.Minute)], [.. points.Select(p => p.Value)]);
        if (!TrendRule.IsLeak(trend, points.Count, minGrowth, options))
        {
            return;
        }

        findings.Add(new LeakFinding
        {
            Kind = LeakKind.Process,
            Metric = metric,
            Site = metric,
            Unit = unit,
            Trend = trend,
            SecondsToLimit = projects ? ToLimit(options.LimitBytes, points[^1].Value, trend.SlopePerMinute) : null,
        });
    }

    private static double? ToLimit(long? limit, double current, double slopePerMinute)
    {
        if (limit is not { } bytes || slopePerMinute <= 0)
        {
            return null;
        }

        return current >= bytes ? 0 : (bytes - current) / slopePerMinute * 60;
    }
}
