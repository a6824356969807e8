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
/// pprof.Do labels proto and ?debug=1 profiles carry ("k=v, k2=v2", sorted; "" when none).
/// </summary>
public sealed record GoroutineStack(
    IReadOnlyList<GoroutineFrame> Frames,
    GoroutineFrame? CreatedBy,
    long Count,
    IReadOnlyList<StateCount> States,
    long? MinWaitMinutes,
    long? MaxWaitMinutes,
    long LockedToThread,
    string Labels = "");

/// <summary>A parsed goroutine dump: every distinct stack with its count, in order of first appearance.</summary>
public sealed record GoroutineDump(string Source, GoroutineDumpFormat Format, long Total, IReadOnlyList<GoroutineStack> Stacks, bool Truncated)
{
    /// <summary>True when the dump carries per-goroutine states (debug=2 and crash logs).</summary>
    public bool HasStates => Format is GoroutineDumpFormat.Debug2 or GoroutineDumpFormat.CrashLog;
}
