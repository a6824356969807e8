namespace GoMem.Goroutines;

/// <summary>How goroutines are grouped in a report.</summary>
public enum GoroutineGrouping
{
    /// <summary>Identical stack and creator.</summary>
    Stack,

    /// <summary>The function each goroutine is parked in (goleak's "top function").</summary>
    TopFunction,

    /// <summary>The <c>go</c> statement that started them (the "created by" frame).</summary>
    CreationSite,
}

/// <summary>Options of a goroutine report.</summary>
public sealed record GoroutineReportOptions
{
    /// <summary>
    /// Goroutines parked in these functions are hidden by default, as goleak ignores them: the standard library's
    /// own background goroutines and the goroutine that is writing the dump. Goroutines of the runtime alone
    /// (GC workers, finalizer, scavenger; they appear in crash logs) are hidden as well.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultIgnoredTops =
    [
        "os/signal.signal_recv",
        "os/signal.loop",
        "runtime/pprof.writeGoroutineStacks",
        "runtime/pprof.runtime_goroutineProfileWithLabels",
        "runtime/pprof.writeRuntimeProfile",
        "runtime/trace.Start.func1",
        "database/sql.(*DB).connectionOpener",
        "testing.(*T).Run",
        "testing.RunTests",
        "testing.tRunner",
    ];

    public GoroutineGrouping Grouping { get; init; } = GoroutineGrouping.Stack;

    /// <summary>Top functions to hide, besides (or, when <see cref="UseDefaultIgnores"/> is off, instead of) the defaults.</summary>
    public IReadOnlyList<string> IgnoredTops { get; init; } = [];

    public bool UseDefaultIgnores { get; init; } = true;

    /// <summary>Most groups listed (0: all).</summary>
    public int MaxGroups { get; init; }
}

/// <summary>One group of goroutines in a report.</summary>
public sealed record GoroutineGroup(
    string Key,
    long Count,
    IReadOnlyList<StateCount> States,
    long? MinWaitMinutes,
    long? MaxWaitMinutes,
    long LockedToThread,
    string TopFunction,
    GoroutineFrame? CreatedBy,
    IReadOnlyList<GoroutineFrame> Stack,
    int DistinctStacks,
    string Labels = "");

/// <summary>A goroutine dump grouped and sorted by count: the report of <c>gomem goroutines</c>.</summary>
public sealed record GoroutineReport(
    string Source,
    GoroutineDumpFormat Format,
    GoroutineGrouping Grouping,
    long Total,
    long Shown,
    long HiddenRuntime,
    long HiddenIgnored,
    IReadOnlyList<StateCount> States,
    IReadOnlyList<GoroutineGroup> Groups,
    int OmittedGroups,
    IReadOnlyList<string> IgnoredTops,
    bool Truncated)
{
    public bool HasStates => Format is GoroutineDumpFormat.Debug2 or GoroutineDumpFormat.CrashLog;

    public static GoroutineReport Analyze(GoroutineDump dump, GoroutineReportOptions? options = null)
    {
        options ??= new GoroutineReportOptions();
        var ignored = new HashSet<string>(options.IgnoredTops, StringComparer.Ordinal);
        if (options.UseDefaultIgnores)
        {
            ignored.UnionWith(GoroutineReportOptions.DefaultIgnoredTops);
        }

        long hiddenRuntime = 0, hiddenIgnored = 0, shown = 0;
        var groups = new Dictionary<string, List<GoroutineStack>>(StringComparer.Ordinal);
        var allStates = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var stack in dump.Stacks)
        {
            var top = GoroutineFrames.TopFunction(stack.Frames);
            if (options.UseDefaultIgnores && GoroutineFrames.IsRuntimeGoroutine(stack.Frames))
            {
                hiddenRuntime += stack.Count;
                continue;
            }

            if (ignored.Contains(top))
            {
                hiddenIgnored += stack.Count;
                continue;
            }

            shown += stack.Count;
            foreach (var state in stack.States)
            {
                allStates[state.State] = allStates.GetValueOrDefault(state.State) + state.Count;
            }

            var key = options.Grouping switch
            {
                GoroutineGrouping.TopFunction => top,
                GoroutineGrouping.CreationSite => stack.CreatedBy?.ToString() ?? "(no creator: the main goroutine, or a profile without creation sites)",
                _ => StackKey(stack),
            };
            if (!groups.TryGetValue(key, out var members))
            {
                members = [];
                groups.Add(key, members);
            }

            members.Add(stack);
        }

        var built = groups.Select(g => Merge(g.Key, g.Value))
            .OrderByDescending(g => g.Count)
            .ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        var omitted = 0;
        if (options.MaxGroups > 0 && built.Count > options.MaxGroups)
        {
            omitted = built.Count - options.MaxGroups;
            built = built[..options.MaxGroups];
        }

        var states = SortStates(allStates);
        var ignoredList = ignored.Order(StringComparer.Ordinal).ToArray();
        return new GoroutineReport(dump.Source, dump.Format, options.Grouping, dump.Total, shown, hiddenRuntime, hiddenIgnored, states, built, omitted, ignoredList, dump.Truncated);
    }

    private static string StackKey(GoroutineStack stack)
    {
        var key = new System.Text.StringBuilder();
        foreach (var frame in stack.Frames)
        {
            key.Append(frame.Function).Append(' ').Append(frame.File).Append(':').Append(frame.Line).Append('\n');
        }

        if (stack.CreatedBy is { } creator)
        {
            key.Append("created by ").Append(creator.Function).Append(' ').Append(creator.File).Append(':').Append(creator.Line);
        }

        return key.Append("\nlabels ").Append(stack.Labels).ToString();
    }

    /// <summary>One group from its stacks: counts and states summed, the largest stack shown as representative.</summary>
    private static GoroutineGroup Merge(string key, List<GoroutineStack> stacks)
    {
        var largest = stacks.OrderByDescending(s => s.Count).First();
        var states = new Dictionary<string, long>(StringComparer.Ordinal);
        long count = 0, locked = 0;
        long? minWait = null, maxWait = null;
        foreach (var stack in stacks)
        {
            count += stack.Count;
            locked += stack.LockedToThread;
            foreach (var state in stack.States)
            {
                states[state.State] = states.GetValueOrDefault(state.State) + state.Count;
            }

            if (stack.MinWaitMinutes is { } min)
            {
                minWait = minWait is { } m ? Math.Min(m, min) : min;
            }

            if (stack.MaxWaitMinutes is { } max)
            {
                maxWait = maxWait is { } m ? Math.Max(m, max) : max;
            }
        }

        var creators = stacks.Select(s => s.CreatedBy).Distinct().ToList();
        var label = key.Contains('\n') ? GoroutineFrames.TopFunction(largest.Frames) : key;
        return new GoroutineGroup(label, count, SortStates(states), minWait, maxWait, locked, GoroutineFrames.TopFunction(largest.Frames),
            creators.Count == 1 ? creators[0] : largest.CreatedBy, largest.Frames, stacks.Count,
            stacks.All(s => s.Labels == largest.Labels) ? largest.Labels : "");
    }

    private static StateCount[] SortStates(Dictionary<string, long> states) =>
        [.. states.Select(kv => new StateCount(kv.Key, kv.Value)).OrderByDescending(s => s.Count).ThenBy(s => s.State, StringComparer.Ordinal)];
}
