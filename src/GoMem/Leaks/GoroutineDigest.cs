using GoMem.Goroutines;

namespace GoMem.Leaks;

/// <summary>
/// A goroutine dump reduced to what the leak check reads: the count per group (the function parked in and the first
/// user frame), with the latest stack, states, wait and creator of each, and the total.
/// </summary>
public sealed class GoroutineDigest
{
    private GoroutineDigest(KeyValuePair<GoroutineGroupKey, GroupSeries>[] groups, long total)
    {
        Groups = groups;
        Total = total;
    }

    public long Total { get; }

    /// <summary>The groups by key, in key order (an array, not a tree: a collector keeps thousands of digests).</summary>
    internal KeyValuePair<GoroutineGroupKey, GroupSeries>[] Groups { get; }

    /// <summary>The digest of a dump; an <paramref name="interner"/> shared by one process's digests keeps one copy of their frames.</summary>
    public static GoroutineDigest Of(GoroutineDump dump, LeakInterner? interner = null)
    {
        var byGroup = new Dictionary<GoroutineGroupKey, GroupSeries>(dump.Stacks.Count);
        AddGoroutineGroups(dump, byGroup);
        var groups = DigestEntries.Sorted(byGroup, interner, static (key, shared) => key.Intern(shared), static (group, shared) => group.Intern(shared), Comparer<GoroutineGroupKey>.Default);
        return new GoroutineDigest(groups, dump.Total);
    }

    private static void AddGoroutineGroups(GoroutineDump dump, Dictionary<GoroutineGroupKey, GroupSeries> groups)
    {
        var ignored = new HashSet<string>(GoroutineReportOptions.DefaultIgnoredTops, StringComparer.Ordinal);
        foreach (var stack in dump.Stacks)
        {
            if (GoroutineFrames.IsRuntimeGoroutine(stack.Frames, stack.CreatedBy))
            {
                continue;
            }

            var top = GoroutineFrames.TopFunction(stack.Frames);
            if (ignored.Contains(top))
            {
                continue;
            }

            // Keyed by what every dump form shows alike: the parked-in function and the first user frame (the dump's own
            // strings and frame: no key is built per stack).
            var user = GoroutineFrames.UserFrame(stack.Frames);
            var key = new GoroutineGroupKey(top, user);
            if (!groups.TryGetValue(key, out var series))
            {
                series = new GroupSeries(user ?? stack.Frames.FirstOrDefault(f => f.Function == top) ?? new GoroutineFrame(top, "", 0));
                groups.Add(key, series);
            }

            series.Add(0, stack);
        }
    }
}

/// <summary>
/// A goroutine group's identity across snapshots: the function its goroutines are parked in and their first user frame
/// (null when none). Ordered by the parked-in function, then the frame's function, file and line (the order of the
/// string "top\nfunction\nfile:line" it replaces, except that lines compare as numbers).
/// </summary>
internal readonly record struct GoroutineGroupKey(string Top, GoroutineFrame? User) : IComparable<GoroutineGroupKey>
{
    public int CompareTo(GoroutineGroupKey other)
    {
        var c = string.CompareOrdinal(Top, other.Top);
        if (c != 0 || ReferenceEquals(User, other.User))
        {
            return c;
        }

        if (User is null || other.User is null)
        {
            return User is null ? -1 : 1;
        }

        c = string.CompareOrdinal(User.Function, other.User.Function);
        c = c != 0 ? c : string.CompareOrdinal(User.File, other.User.File);
        return c != 0 ? c : User.Line.CompareTo(other.User.Line);
    }

    /// <summary>The same key with the interner's copies of its name and frame.</summary>
    public GoroutineGroupKey Intern(LeakInterner interner) => new(interner.String(Top), User is null ? null : interner.Frame(User));
}
