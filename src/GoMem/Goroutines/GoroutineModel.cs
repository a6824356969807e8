using GoMem.Goroutines.Parsing;

namespace GoMem.Goroutines;

/// <summary>One frame of a goroutine stack: the function and the source line it was executing.</summary>
public sealed record GoroutineFrame(string Function, string File, long Line)
{
    public override string ToString() => Line > 0 ? $"{Function} {File}:{Line}" : Function;
}

/// <summary>Which form a goroutine dump came in.</summary>
public enum GoroutineDumpFormat
{
    /// <summary>profile.proto from /debug/pprof/goroutine: counts per stack, no states.</summary>
    Proto,

    /// <summary>?debug=1: counts per stack with # frame lines, no states.</summary>
    Debug1,

    /// <summary>?debug=2: every goroutine with its state, wait time and creator.</summary>
    Debug2,

    /// <summary>The same tracebacks found in a panic or SIGQUIT crash log, among other lines.</summary>
    CrashLog,
}

/// <summary>How many goroutines of a stack were in one state ("" when the dump does not say).</summary>
public sealed record StateCount(string State, long Count);

/// <summary>
/// Goroutines sharing one stack (leaf first) and creation site, with what the dump says about their states.
/// Wait minutes are those the runtime prints (only for goroutines blocked a minute or more). Labels are the
/// pprof.Do labels proto and ?debug=1 profiles carry ("k=v, k2=v2", sorted; "" when none). Ancestries are the
/// lines of descent <c>GODEBUG=tracebackancestors=N</c> prints after a goroutine's own stack: never part of the stack.
/// Filled while a dump is read (one object per distinct stack, nothing per goroutine), then frozen.
/// </summary>
public sealed class GoroutineStack
{
    /// <summary>The most distinct lines of descent kept per stack; goroutines of others are counted in <see cref="UnlistedAncestries"/>.</summary>
    public const int MaxAncestries = 16;

    private static readonly StateCount[] NoStates = [];

    private string? _state;
    private long _stateCount;
    private List<(string State, long Count)>? _moreStates;
    private long _minWait = -1;
    private long _maxWait = -1;
    private List<GoroutineAncestry>? _ancestries;

    internal GoroutineStack(GoroutineFrame[] frames, GoroutineFrame? createdBy, string labels, int hash)
    {
        FrameArray = frames;
        CreatedBy = createdBy;
        Labels = labels;
        Hash = hash;
    }

    public IReadOnlyList<GoroutineFrame> Frames => FrameArray;

    public GoroutineFrame? CreatedBy { get; }

    public long Count { get; private set; }

    /// <summary>Counts by state, largest first (empty until the dump is read).</summary>
    public IReadOnlyList<StateCount> States { get; private set; } = NoStates;

    public long? MinWaitMinutes => _minWait < 0 ? null : _minWait;

    public long? MaxWaitMinutes => _maxWait < 0 ? null : _maxWait;

    public long LockedToThread { get; private set; }

    public string Labels { get; }

    /// <summary>The distinct lines of descent of these goroutines, most common first (empty without tracebackancestors).</summary>
    public IReadOnlyList<GoroutineAncestry> Ancestries => (IReadOnlyList<GoroutineAncestry>?)_ancestries ?? [];

    /// <summary>Goroutines whose line of descent was not kept (past <see cref="MaxAncestries"/> distinct ones).</summary>
    public long UnlistedAncestries { get; private set; }

    internal GoroutineFrame[] FrameArray { get; }

    internal int Hash { get; }

    internal void Add(string state, long count, long? waitMinutes, bool locked)
    {
        Count += count;
        if (_state is null || ReferenceEquals(_state, state) || _state == state)
        {
            _state ??= state;
            _stateCount += count;
        }
        else
        {
            AddOtherState(state, count);
        }

        if (waitMinutes is { } wait)
        {
            _minWait = _minWait < 0 ? wait : Math.Min(_minWait, wait);
            _maxWait = Math.Max(_maxWait, wait);
        }

        if (locked)
        {
            LockedToThread += count;
        }
    }

    /// <summary>The ancestry equal to <paramref name="ancestors"/> (by frames and creators), or a new one while fewer than the cap are kept.</summary>
    internal GoroutineAncestry? Ancestry(ReadOnlySpan<PendingAncestor> ancestors)
    {
        _ancestries ??= [];
        foreach (var ancestry in _ancestries)
        {
            if (ancestry.Matches(ancestors))
            {
                return ancestry;
            }
        }

        if (_ancestries.Count >= MaxAncestries)
        {
            UnlistedAncestries++;
            return null;
        }

        var created = new GoroutineAncestry(ancestors);
        _ancestries.Add(created);
        return created;
    }

    /// <summary>Ends the reading: states sorted (one-state arrays shared through <paramref name="oneState"/>), ancestries ordered.</summary>
    internal void Freeze(Func<string, long, StateCount[]> oneState)
    {
        if (_moreStates is null)
        {
            States = _state is null ? NoStates : oneState(_state, _stateCount);
        }
        else
        {
            var states = new StateCount[_moreStates.Count + 1];
            states[0] = new StateCount(_state!, _stateCount);
            for (var i = 0; i < _moreStates.Count; i++)
            {
                states[i + 1] = new StateCount(_moreStates[i].State, _moreStates[i].Count);
            }

            Array.Sort(states, (a, b) => a.Count != b.Count ? b.Count.CompareTo(a.Count) : string.CompareOrdinal(a.State, b.State));
            States = states;
            _moreStates = null;
        }

        if (_ancestries is { } ancestries)
        {
            foreach (var ancestry in ancestries)
            {
                ancestry.Freeze();
            }

            // Most goroutines first; equal counts keep the order they were met in (List.Sort is not stable).
            var ordered = ancestries.Select((a, i) => (a, i)).OrderByDescending(p => p.a.Count).ThenBy(p => p.i).Select(p => p.a).ToList();
            _ancestries = ordered;
        }
    }

    private void AddOtherState(string state, long count)
    {
        _moreStates ??= [];
        for (var i = 0; i < _moreStates.Count; i++)
        {
            if (_moreStates[i].State == state)
            {
                _moreStates[i] = (state, _moreStates[i].Count + count);
                return;
            }
        }

        _moreStates.Add((state, count));
    }
}

/// <summary>
/// One line of descent shared by goroutines of a stack: their ancestors, nearest first (the goroutine that started
/// them, the one that started it, ...), as <c>GODEBUG=tracebackancestors=N</c> records up to N of them.
/// </summary>
public sealed class GoroutineAncestry
{
    internal GoroutineAncestry(ReadOnlySpan<PendingAncestor> ancestors)
    {
        var list = new GoroutineAncestor[ancestors.Length];
        for (var i = 0; i < list.Length; i++)
        {
            list[i] = new GoroutineAncestor([.. ancestors[i].Frames], ancestors[i].CreatedBy);
        }

        Ancestors = list;
    }

    /// <summary>How many goroutines of the stack have this line of descent.</summary>
    public long Count { get; private set; }

    public IReadOnlyList<GoroutineAncestor> Ancestors { get; }

    internal void Add(ReadOnlySpan<PendingAncestor> ancestors)
    {
        Count++;
        for (var i = 0; i < ancestors.Length; i++)
        {
            ((GoroutineAncestor)Ancestors[i]).AddId(ancestors[i].Id);
        }
    }

    internal bool Matches(ReadOnlySpan<PendingAncestor> ancestors)
    {
        if (ancestors.Length != Ancestors.Count)
        {
            return false;
        }

        for (var i = 0; i < ancestors.Length; i++)
        {
            var known = Ancestors[i];
            if (!ReferenceEquals(known.CreatedBy, ancestors[i].CreatedBy) || known.Frames.Count != ancestors[i].Frames.Count)
            {
                return false;
            }

            for (var f = 0; f < known.Frames.Count; f++)
            {
                if (!ReferenceEquals(known.Frames[f], ancestors[i].Frames[f]))
                {
                    return false;
                }
            }
        }

        return true;
    }

    internal void Freeze()
    {
        foreach (var ancestor in Ancestors)
        {
            ancestor.Freeze();
        }
    }
}

/// <summary>
/// An ancestor, as one <c>[originating from goroutine N]:</c> section prints it: the stack of that goroutine when it
/// started the next one down the line, and its own creator (none for the main goroutine). The ids are those of the
/// goroutines seen at this place (a line of descent shared by many goroutines may pass through several), ascending,
/// at most <see cref="MaxIds"/>.
/// </summary>
public sealed class GoroutineAncestor
{
    public const int MaxIds = 10;

    private readonly List<long> _ids = [];

    internal GoroutineAncestor(GoroutineFrame[] frames, GoroutineFrame? createdBy)
    {
        Frames = frames;
        CreatedBy = createdBy;
    }

    public IReadOnlyList<GoroutineFrame> Frames { get; }

    public GoroutineFrame? CreatedBy { get; }

    public IReadOnlyList<long> GoroutineIds => _ids;

    /// <summary>True when more goroutines than <see cref="MaxIds"/> were seen here: the ids listed are the first ones met.</summary>
    public bool MoreGoroutineIds { get; private set; }

    internal void AddId(long id)
    {
        if (_ids.Contains(id))
        {
            return;
        }

        if (_ids.Count >= MaxIds)
        {
            MoreGoroutineIds = true;
            return;
        }

        _ids.Add(id);
    }

    internal void Freeze() => _ids.Sort();
}

/// <summary>
/// A thread's own stack in a crash log: "goroutine 0", the g0 (scheduler) or gsignal stack the signal found the thread
/// on (M is its "m=N", null before Go 1.21), after the signal line of its section ("SIGQUIT: quit"; "" when none).
/// Not a goroutine: goroutine ids start at 1.
/// </summary>
public sealed record GoroutineThread(long? M, string Signal, string State, IReadOnlyList<GoroutineFrame> Frames);

/// <summary>A parsed goroutine dump: every distinct stack with its count, in order of first appearance.</summary>
public sealed record GoroutineDump(string Source, GoroutineDumpFormat Format, long Total, IReadOnlyList<GoroutineStack> Stacks, bool Truncated)
{
    /// <summary>The threads' own stacks a crash log printed (goroutine 0), in order; not counted in <see cref="Total"/>.</summary>
    public IReadOnlyList<GoroutineThread> Threads { get; init; } = [];

    /// <summary>Threads past the most kept.</summary>
    public long MoreThreads { get; init; }

    /// <summary>True when the dump carries per-goroutine states (debug=2 and crash logs).</summary>
    public bool HasStates => Format is GoroutineDumpFormat.Debug2 or GoroutineDumpFormat.CrashLog;
}
