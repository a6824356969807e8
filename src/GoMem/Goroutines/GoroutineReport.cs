using System.Runtime.InteropServices;

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
    string Labels = "")
{
    /// <summary>The lines of descent of the shown stack's goroutines (GODEBUG=tracebackancestors), most common first.</summary>
    public IReadOnlyList<GoroutineAncestry> Ancestries { get; init; } = [];

    /// <summary>Goroutines of the shown stack whose line of descent was not kept (past the cap of distinct ones).</summary>
    public long UnlistedAncestries { get; init; }
}

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

    /// <summary>The threads' own stacks of a crash log (goroutine 0), not goroutines: never counted or grouped.</summary>
    public IReadOnlyList<GoroutineThread> Threads { get; init; } = [];

    /// <summary>Threads past the most a dump keeps.</summary>
    public long MoreThreads { get; init; }

    /// <summary>
    /// Groups the dump's stacks and keeps the largest groups. Memory and time follow the distinct stacks: a stack is
    /// its own group when grouping by stack (a dump holds each stack once), groups are chained through one array, and
    /// only the groups shown are built; choosing <see cref="GoroutineReportOptions.MaxGroups"/> of a million groups keeps
    /// a heap of that many. Groups are ordered by count, then name, then first appearance.
    /// </summary>
    public static GoroutineReport Analyze(GoroutineDump dump, GoroutineReportOptions? options = null)
    {
        options ??= new GoroutineReportOptions();
        var ignored = new HashSet<string>(options.IgnoredTops, StringComparer.Ordinal);
        if (options.UseDefaultIgnores)
        {
            ignored.UnionWith(GoroutineReportOptions.DefaultIgnoredTops);
        }

        long hiddenRuntime = 0, hiddenIgnored = 0, shown = 0;
        var allStates = new Dictionary<string, long>(StringComparer.Ordinal);
        var stacks = dump.Stacks;
        var groups = new GroupTable(stacks.Count);
        var byTop = options.Grouping == GoroutineGrouping.TopFunction ? new Dictionary<string, int>(StringComparer.Ordinal) : null;
        var byCreator = options.Grouping == GoroutineGrouping.CreationSite ? new Dictionary<GoroutineFrame, int>() : null;
        var noCreator = -1;
        for (var i = 0; i < stacks.Count; i++)
        {
            var stack = stacks[i];
            var top = GoroutineFrames.TopFunction(stack.Frames);
            if (options.UseDefaultIgnores && GoroutineFrames.IsRuntimeGoroutine(stack.Frames, stack.CreatedBy))
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

            switch (options.Grouping)
            {
                case GoroutineGrouping.TopFunction:
                    groups.Add(ref CollectionsMarshal.GetValueRefOrAddDefault(byTop!, top, out var seenTop), seenTop, i, stack.Count, top);
                    break;
                case GoroutineGrouping.CreationSite when stack.CreatedBy is { } creator:
                    ref var site = ref CollectionsMarshal.GetValueRefOrAddDefault(byCreator!, creator, out var seenSite);
                    groups.Add(ref site, seenSite, i, stack.Count, seenSite ? null! : creator.ToString());
                    break;
                case GoroutineGrouping.CreationSite:
                    groups.Add(ref noCreator, noCreator >= 0, i, stack.Count, "(no creator: the main goroutine, or a profile without creation sites)");
                    break;
                default:
                    var own = -1;
                    groups.Add(ref own, false, i, stack.Count, top);
                    break;
            }
        }

        var chosen = groups.Largest(options.MaxGroups);
        var built = new List<GoroutineGroup>(chosen.Length);
        foreach (var group in chosen)
        {
            built.Add(Merge(groups.Label(group), groups.Members(group, stacks)));
        }

        var states = SortStates(allStates);
        var ignoredList = ignored.Order(StringComparer.Ordinal).ToArray();
        return new GoroutineReport(dump.Source, dump.Format, options.Grouping, dump.Total, shown, hiddenRuntime, hiddenIgnored, states, built, groups.Count - chosen.Length, ignoredList, dump.Truncated)
        {
            Threads = dump.Threads,
            MoreThreads = dump.MoreThreads,
        };
    }

    /// <summary>One group from its stacks: counts and states summed, the largest stack shown as representative.</summary>
    private static GoroutineGroup Merge(string label, List<GoroutineStack> stacks)
    {
        if (stacks is [var only])
        {
            // A group of one stack (every group, by stack): its own figures, nothing to add up.
            return new GoroutineGroup(label, only.Count, only.States, only.MinWaitMinutes, only.MaxWaitMinutes, only.LockedToThread,
                GoroutineFrames.TopFunction(only.Frames), only.CreatedBy, only.Frames, 1, only.Labels)
            {
                Ancestries = only.Ancestries,
                UnlistedAncestries = only.UnlistedAncestries,
            };
        }

        var largest = stacks[0];
        foreach (var stack in stacks)
        {
            largest = stack.Count > largest.Count ? stack : largest;
        }

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
        return new GoroutineGroup(label, count, SortStates(states), minWait, maxWait, locked, GoroutineFrames.TopFunction(largest.Frames),
            creators.Count == 1 ? creators[0] : largest.CreatedBy, largest.Frames, stacks.Count,
            stacks.All(s => s.Labels == largest.Labels) ? largest.Labels : "")
        {
            Ancestries = largest.Ancestries,
            UnlistedAncestries = largest.UnlistedAncestries,
        };
    }

    private static StateCount[] SortStates(Dictionary<string, long> states) =>
        [.. states.Select(kv => new StateCount(kv.Key, kv.Value)).OrderByDescending(s => s.Count).ThenBy(s => s.State, StringComparer.Ordinal)];
}

/// <summary>
/// The groups of a report as they are formed: count, name and first stack of each, members chained through one array
/// (a stack belongs to one group), so a million groups cost a few arrays and no object each.
/// </summary>
internal sealed class GroupTable(int stacks)
{
    private readonly int[] _next = new int[stacks];
    private readonly List<int> _first = [];
    private readonly List<int> _last = [];
    private readonly List<long> _counts = [];
    private readonly List<string> _labels = [];

    public int Count => _first.Count;

    /// <summary>Adds stack <paramref name="index"/> to the group in <paramref name="slot"/>, creating it (named <paramref name="label"/>) when not <paramref name="exists"/>.</summary>
    public void Add(ref int slot, bool exists, int index, long count, string label)
    {
        _next[index] = -1;
        if (!exists)
        {
            slot = _first.Count;
            _first.Add(index);
            _last.Add(index);
            _counts.Add(count);
            _labels.Add(label);
            return;
        }

        _next[_last[slot]] = index;
        _last[slot] = index;
        _counts[slot] += count;
    }

    public string Label(int group) => _labels[group];

    public List<GoroutineStack> Members(int group, IReadOnlyList<GoroutineStack> stacks)
    {
        var members = new List<GoroutineStack>();
        for (var i = _first[group]; i >= 0; i = _next[i])
        {
            members.Add(stacks[i]);
        }

        return members;
    }

    /// <summary>The <paramref name="max"/> largest groups in report order (all when 0): a bounded heap, then a sort of those.</summary>
    public int[] Largest(int max)
    {
        Comparison<int> order = (a, b) =>
            _counts[a] != _counts[b] ? _counts[b].CompareTo(_counts[a]) :
            string.CompareOrdinal(_labels[a], _labels[b]) is var byName and not 0 ? byName : _first[a].CompareTo(_first[b]);
        int[] chosen;
        if (max <= 0 || Count <= max)
        {
            chosen = [.. Enumerable.Range(0, Count)];
        }
        else
        {
            // The worst of the kept groups on top, replaced by any better one.
            var kept = new PriorityQueue<int, int>(max + 1, Comparer<int>.Create((a, b) => order(b, a)));
            for (var g = 0; g < Count; g++)
            {
                if (kept.Count < max)
                {
                    kept.Enqueue(g, g);
                }
                else if (order(g, kept.Peek()) < 0)
                {
                    kept.EnqueueDequeue(g, g);
                }
            }

            chosen = [.. kept.UnorderedItems.Select(item => item.Element)];
        }

        Array.Sort(chosen, order);
        return chosen;
    }
}
