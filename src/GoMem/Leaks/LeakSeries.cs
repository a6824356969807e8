using GoMem.Goroutines;

namespace GoMem.Leaks;

/// <summary>One heap site's values per heap snapshot, and the largest stack seen last.</summary>
internal sealed class SiteSeries(GoroutineFrame frame)
{
    /// <summary>By snapshot index (dense from 0; a digest has index 0 only): an array, as a collector keeps thousands of digests.</summary>
    private (long Space, long Objects)[] _values = [];
    private long _largest = -1;
    private int _largestIndex = -1;

    public GoroutineFrame Frame { get; private set; } = frame;

    public IReadOnlyList<GoroutineFrame> Stack { get; private set; } = [];

    public void Add(int index, long space, long objects, IReadOnlyList<GoroutineFrame> stack)
    {
        ref var current = ref IndexedValues.At(ref _values, index);
        current = (current.Space + space, current.Objects + objects);
        if (index > _largestIndex || (index == _largestIndex && space > _largest))
        {
            (_largestIndex, _largest, Stack) = (index, space, stack);
        }
    }

    /// <summary>Shares this digest's frames with the other digests of the process.</summary>
    public void Intern(LeakInterner interner)
    {
        Frame = interner.Frame(Frame);
        Stack = interner.Stack(Stack);
    }

    /// <summary>Adds one snapshot's digest of this site (its values at index 0) as snapshot <paramref name="index"/>.</summary>
    public void Add(int index, SiteSeries digest)
    {
        var (space, objects) = IndexedValues.Get(digest._values, 0);
        ref var current = ref IndexedValues.At(ref _values, index);
        current = (current.Space + space, current.Objects + objects);
        if (index > _largestIndex || (index == _largestIndex && digest._largest > _largest))
        {
            (_largestIndex, _largest, Stack) = (index, digest._largest, digest.Stack);
        }
    }

    public double[] Space(int count) => [.. Enumerable.Range(0, count).Select(i => (double)IndexedValues.Get(_values, i).Space)];

    public double[] Objects(int count) => [.. Enumerable.Range(0, count).Select(i => (double)IndexedValues.Get(_values, i).Objects)];
}

/// <summary>One goroutine group's count per goroutine snapshot, with what the latest dump says about it.</summary>
internal sealed class GroupSeries(GoroutineFrame site)
{
    private long[] _counts = [];
    private int _latest = -1;
    private long _latestCount = -1;

    public GoroutineFrame Site { get; private set; } = site;

    public IReadOnlyList<GoroutineFrame> Stack { get; private set; } = [];

    public IReadOnlyList<StateCount> States { get; private set; } = [];

    public long? MaxWaitMinutes { get; private set; }

    public GoroutineFrame? CreatedBy { get; private set; }

    public void Add(int index, GoroutineStack stack)
    {
        IndexedValues.At(ref _counts, index) += stack.Count;
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

    /// <summary>Shares this digest's frames with the other digests of the process.</summary>
    public void Intern(LeakInterner interner)
    {
        Site = interner.Frame(Site);
        Stack = interner.Stack(Stack);
        CreatedBy = CreatedBy is { } creator ? interner.Frame(creator) : null;
    }

    /// <summary>Adds one snapshot's digest of this group (its count and latest details at index 0) as snapshot <paramref name="index"/>.</summary>
    public void Add(int index, GroupSeries digest)
    {
        IndexedValues.At(ref _counts, index) += IndexedValues.Get(digest._counts, 0);
        if (index > _latest)
        {
            (_latest, _latestCount, States, MaxWaitMinutes) = (index, -1, [], null);
        }

        if (index < _latest)
        {
            return;
        }

        if (digest._latestCount > _latestCount)
        {
            (_latestCount, Stack) = (digest._latestCount, digest.Stack);
            CreatedBy = digest.CreatedBy ?? CreatedBy;
        }

        States = Merge(States, digest.States);
        if (digest.MaxWaitMinutes is { } wait && (MaxWaitMinutes is null || wait > MaxWaitMinutes))
        {
            MaxWaitMinutes = wait;
        }
    }

    public double[] Counts(int count) => [.. Enumerable.Range(0, count).Select(i => (double)IndexedValues.Get(_counts, i))];

    /// <summary>The states of both, summed per state, largest first; no allocation in the common case of one side empty and the other one state.</summary>
    private static IReadOnlyList<StateCount> Merge(IReadOnlyList<StateCount> a, IReadOnlyList<StateCount> b)
    {
        if (b.Count == 0 || (b.Count == 1 && b[0].State.Length == 0))
        {
            return a;
        }

        return a.Count == 0 && b.Count == 1 ? b : MergeAll(a, b);
    }

    private static StateCount[] MergeAll(IReadOnlyList<StateCount> a, IReadOnlyList<StateCount> b) =>
        [.. a.Concat(b).Where(s => s.State.Length > 0).GroupBy(s => s.State).Select(g => new StateCount(g.Key, g.Sum(s => s.Count))).OrderByDescending(s => s.Count).ThenBy(s => s.State, StringComparer.Ordinal)];
}

/// <summary>Values by snapshot index in a plain array that grows as indexes come (they are dense, from 0).</summary>
internal static class IndexedValues
{
    public static ref T At<T>(ref T[] values, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        if (index >= values.Length)
        {
            Array.Resize(ref values, values.Length == 0 ? index + 1 : Math.Max(index + 1, values.Length * 2));
        }

        return ref values[index];
    }

    public static T Get<T>(T[] values, int index) => index < values.Length ? values[index] : default!;
}
