using GoMem.Goroutines;

namespace GoMem.Leaks;

/// <summary>
/// A goroutine dump reduced to what the leak check reads: the count per group (the function parked in and the first
/// user frame), with the latest stack, states, wait and creator of each, and the total.
/// </summary>
public sealed class GoroutineDigest
{
    private GoroutineDigest(KeyValuePair<string, GroupSeries>[] groups, long total)
    {
        Groups = groups;
        Total = total;
    }

    public long Total { get; }

    /// <summary>The groups by key, in key order (an array, not a tree: a collector keeps thousands of digests).</summary>
    internal KeyValuePair<string, GroupSeries>[] Groups { get; }

    /// <summary>The digest of a dump; an <paramref name="interner"/> shared by one process's digests keeps one copy of their frames.</summary>
    public static GoroutineDigest Of(GoroutineDump dump, LeakInterner? interner = null)
    {
        var byGroup = new Dictionary<string, GroupSeries>(StringComparer.Ordinal);
        AddGoroutineGroups(dump, byGroup);
        return new GoroutineDigest(DigestEntries.Sorted(byGroup, interner, (group, shared) => group.Intern(shared)), dump.Total);
    }

    private static void AddGoroutineGroups(GoroutineDump dump, Dictionary<string, GroupSeries> groups)
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

            series.Add(0, stack);
        }
    }
}
