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
        var goroutineGroups = new SortedDictionary<string, GroupSeries>(StringComparer.Ordinal);
        var heapSnapshots = 0;
        var goroutineSnapshots = 0;
        for (var i = 0; i < snapshots.Count; i++)
        {
            var snapshot = snapshots[i];
            if (snapshot.Heap is { } heap && HeapIndexes(heap) is var (space, objects) && space >= 0)
            {
                liveHeap.Add((minutes[i], heap.AbsoluteTotal(space)));
                AddHeapSites(heap, space, objects, heapSnapshots, heapSites);
                heapSnapshots++;
            }

            if (snapshot.Goroutines is { } dump)
            {
                goroutineTotals.Add((minutes[i], dump.Total));
                AddGoroutineGroups(dump, goroutineSnapshots, goroutineGroups);
                goroutineSnapshots++;
            }

            if (snapshot.RssBytes is { } resident)
            {
                rss.Add((minutes[i], resident));
            }
        }

        var heapMinutes = snapshots.Select((s, i) => (s, i)).Where(p => p.s.Heap is not null).Select(p => minutes[p.i]).ToArray();
        foreach (var (key, site) in heapSites)
        {
            var space = TrendRule.Measure(heapMinutes, site.Space(heapSnapshots));
            if (!TrendRule.IsLeak(space, heapSnapshots, options.MinHeapSiteGrowthBytes, options))
            {
                continue;
            }

            var objects = TrendRule.Measure(heapMinutes, site.Objects(heapSnapshots));
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

        var goroutineMinutes = snapshots.Select((s, i) => (s, i)).Where(p => p.s.Goroutines is not null).Select(p => minutes[p.i]).ToArray();
        foreach (var (key, group) in goroutineGroups)
        {
            var trend = TrendRule.Measure(goroutineMinutes, group.Counts(goroutineSnapshots));
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

    private static (int Space, int Objects) HeapIndexes(Profile heap)
    {
        int space = -1, objects = -1;
        for (var i = 0; i < heap.SampleTypes.Count; i++)
        {
            switch (heap.SampleTypes[i].Type)
            {
                case "inuse_space":
                    space = i;
                    break;
                case "inuse_objects":
                    objects = i;
                    break;
            }
        }

        return (space, objects);
    }

    private static void AddHeapSites(Profile heap, int space, int objects, int index, SortedDictionary<string, SiteSeries> sites)
    {
        for (var s = 0; s < heap.SampleCount; s++)
        {
            var bytes = heap.Value(s, space);
            if (bytes == 0)
            {
                continue;
            }

            var stack = Frames(heap, heap.Stack(s));
            var site = GoroutineFrames.UserFrame(stack) ?? FirstOutsideRuntime(stack);
            if (site is null)
            {
                continue;
            }

            var key = $"{site.Function}\n{site.File}:{site.Line}";
            if (!sites.TryGetValue(key, out var series))
            {
                series = new SiteSeries(site);
                sites.Add(key, series);
            }

            series.Add(index, bytes, objects >= 0 ? heap.Value(s, objects) : 0, stack);
        }
    }

    private static GoroutineFrame? FirstOutsideRuntime(List<GoroutineFrame> stack) =>
        stack.FirstOrDefault(f => !GoroutineFrames.IsRuntime(f.Function)) ?? stack.FirstOrDefault();

    private static List<GoroutineFrame> Frames(Profile profile, ReadOnlySpan<int> locations)
    {
        var frames = new List<GoroutineFrame>(locations.Length);
        foreach (var location in locations)
        {
            foreach (var line in profile.Locations[location].Lines)
            {
                if (line.FunctionIndex >= 0)
                {
                    var function = profile.Functions[line.FunctionIndex];
                    frames.Add(new GoroutineFrame(function.Name, function.Filename, line.Number));
                }
            }
        }

        return frames;
    }

    private static void AddGoroutineGroups(GoroutineDump dump, int index, SortedDictionary<string, GroupSeries> groups)
    {
        var ignored = new HashSet<string>(GoroutineReportOptions.DefaultIgnoredTops, StringComparer.Ordinal);
        foreach (var stack in dump.Stacks)
        {
            if (GoroutineFrames.IsRuntimeGoroutine(stack.Frames))
            {
                continue;
            }

            var top = GoroutineFrames.TopFunction(stack.Frames);
            if (ignored.Contains(top))
            {
                continue;
            }

            // Keyed by what every dump form shows alike: the parked-in function and the first user frame.
            var user = GoroutineFrames.UserFrame(stack.Frames);
            var key = user is null ? top : $"{top}\n{user.Function}\n{user.File}:{user.Line}";
            if (!groups.TryGetValue(key, out var series))
            {
                series = new GroupSeries(user ?? stack.Frames.FirstOrDefault(f => f.Function == top) ?? new GoroutineFrame(top, "", 0));
                groups.Add(key, series);
            }

            series.Add(index, stack);
        }
    }

    /// <summary>One heap site's values per heap snapshot, and the largest stack seen last.</summary>
    private sealed class SiteSeries(GoroutineFrame frame)
    {
        private readonly Dictionary<int, (long Space, long Objects)> _values = [];
        private long _largest = -1;
        private int _largestIndex = -1;

        public GoroutineFrame Frame { get; } = frame;

        public IReadOnlyList<GoroutineFrame> Stack { get; private set; } = [];

        public void Add(int index, long space, long objects, List<GoroutineFrame> stack)
        {
            var current = _values.GetValueOrDefault(index);
            _values[index] = (current.Space + space, current.Objects + objects);
            if (index > _largestIndex || (index == _largestIndex && space > _largest))
            {
                (_largestIndex, _largest, Stack) = (index, space, stack);
            }
        }

        public double[] Space(int count) => [.. Enumerable.Range(0, count).Select(i => (double)_values.GetValueOrDefault(i).Space)];

        public double[] Objects(int count) => [.. Enumerable.Range(0, count).Select(i => (double)_values.GetValueOrDefault(i).Objects)];
    }

    /// <summary>One goroutine group's count per goroutine snapshot, with what the latest dump says about it.</summary>
    private sealed class GroupSeries(GoroutineFrame site)
    {
        private readonly Dictionary<int, long> _counts = [];
        private int _latest = -1;
        private long _latestCount = -1;

        public GoroutineFrame Site { get; } = site;

        public IReadOnlyList<GoroutineFrame> Stack { get; private set; } = [];

        public IReadOnlyList<StateCount> States { get; private set; } = [];

        public long? MaxWaitMinutes { get; private set; }

        public GoroutineFrame? CreatedBy { get; private set; }

        public void Add(int index, GoroutineStack stack)
        {
            _counts[index] = _counts.GetValueOrDefault(index) + stack.Count;
            if (index > _latest)
            {
                (_latest, _latestCount, States, MaxWaitMinutes) = (index, -1, [], null);
            }

            if (index < _latest)
            {
                return;
            }

            if (stack.Count > _latestCount)
            {
                (_latestCount, Stack) = (stack.Count, stack.Frames);
                CreatedBy = stack.CreatedBy ?? CreatedBy;
            }

            States = Merge(States, stack.States);
            if (stack.MaxWaitMinutes is { } wait && (MaxWaitMinutes is null || wait > MaxWaitMinutes))
            {
                MaxWaitMinutes = wait;
            }
        }

        public double[] Counts(int count) => [.. Enumerable.Range(0, count).Select(i => (double)_counts.GetValueOrDefault(i))];

        private static StateCount[] Merge(IReadOnlyList<StateCount> a, IReadOnlyList<StateCount> b) =>
            [.. a.Concat(b).Where(s => s.State.Length > 0).GroupBy(s => s.State).Select(g => new StateCount(g.Key, g.Sum(s => s.Count))).OrderByDescending(s => s.Count).ThenBy(s => s.State, StringComparer.Ordinal)];
    }
}
