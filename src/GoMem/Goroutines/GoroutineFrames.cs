namespace GoMem.Goroutines;

/// <summary>What a frame's function name says about where it lives: the runtime, the standard library or user code.</summary>
public static class GoroutineFrames
{
    // Top-level directories of the Go standard library (GOROOT/src), whose import paths have no dot.
    private static readonly HashSet<string> StandardRoots = new(StringComparer.Ordinal)
    {
        "archive", "arena", "bufio", "builtin", "bytes", "cmp", "compress", "container", "context", "crypto", "database",
        "debug", "embed", "encoding", "errors", "expvar", "flag", "fmt", "go", "hash", "html", "image", "index",
        "internal", "io", "iter", "log", "maps", "math", "mime", "net", "os", "path", "plugin", "reflect", "regexp",
        "runtime", "slices", "sort", "strconv", "strings", "structs", "sync", "syscall", "testing", "text", "time",
        "unicode", "unique", "unsafe", "vendor", "weak",
    };

    /// <summary>
    /// The one frame of a goroutine whose stack the dump does not have: the runtime prints
    /// "goroutine running on other thread; stack unavailable" (tracebackothers) for a goroutine running on another M
    /// when the dump is written. Its name is the runtime's words, so a report says what the goroutine is.
    /// </summary>
    public const string StackUnavailable = "(running on other thread; stack unavailable)";

    /// <summary>The import path of a Go function name: "net/http" for "net/http.(*conn).serve".</summary>
    public static string PackagePath(string function)
    {
        var slash = function.LastIndexOf('/');
        var dot = function.IndexOf('.', slash + 1);
        return dot < 0 ? function : function[..dot];
    }

    /// <summary>True for the runtime package itself (not runtime/pprof): scheduling and parking frames.</summary>
    public static bool IsRuntime(string function) =>
        function.StartsWith("runtime.", StringComparison.Ordinal) || function.StartsWith("runtime/internal/", StringComparison.Ordinal);

    /// <summary>True for the runtime and the standard library: frames a user would not edit.</summary>
    public static bool IsStandardLibrary(string function)
    {
        var path = PackagePath(function);
        var slash = path.IndexOf('/');
        var root = slash < 0 ? path : path[..slash];
        return StandardRoots.Contains(root);
    }

    /// <summary>
    /// The function a goroutine is parked in, as goleak names it: the first frame outside the runtime package (so
    /// the same stack gives the same answer from a proto profile, which includes runtime.gopark, and from debug=2,
    /// which hides it). A goroutine of the runtime alone (GC workers, the finalizer) gets its first non-parking frame.
    /// </summary>
    public static string TopFunction(IReadOnlyList<GoroutineFrame> frames)
    {
        foreach (var frame in frames)
        {
            if (!IsRuntime(frame.Function))
            {
                return frame.Function;
            }
        }

        foreach (var frame in frames)
        {
            if (!ParkingHelpers.Contains(frame.Function))
            {
                return frame.Function;
            }
        }

        return frames.Count > 0 ? frames[0].Function : "";
    }

    /// <summary>
    /// True for a goroutine of the runtime itself: every frame in the runtime package, or, when its stack is unavailable
    /// (running on another thread), a runtime function as its creator.
    /// </summary>
    public static bool IsRuntimeGoroutine(IReadOnlyList<GoroutineFrame> frames, GoroutineFrame? createdBy) =>
        IsStackUnavailable(frames) ? createdBy is not null && IsRuntime(createdBy.Function) : IsRuntimeGoroutine(frames);

    /// <summary>True for the stack of a goroutine the dump has no frames of (see <see cref="StackUnavailable"/>).</summary>
    public static bool IsStackUnavailable(IReadOnlyList<GoroutineFrame> frames) =>
        frames.Count == 1 && frames[0].Function == StackUnavailable && frames[0].File.Length == 0;

    /// <summary>True when every frame is in the runtime package: a goroutine of the runtime itself.</summary>
    public static bool IsRuntimeGoroutine(IReadOnlyList<GoroutineFrame> frames)
    {
        foreach (var frame in frames)
        {
            if (!IsRuntime(frame.Function))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The frame a user would fix: the first outside the runtime and standard library, else the top function's.</summary>
    public static GoroutineFrame? UserFrame(IReadOnlyList<GoroutineFrame> frames)
    {
        if (IsStackUnavailable(frames))
        {
            return null;
        }

        foreach (var frame in frames)
        {
            if (!IsStandardLibrary(frame.Function))
            {
                return frame;
            }
        }

        return null;
    }

    private static readonly HashSet<string> ParkingHelpers = new(StringComparer.Ordinal)
    {
        "runtime.gopark", "runtime.goparkunlock", "runtime.park_m", "runtime.mcall", "runtime.futex", "runtime.futexsleep",
        "runtime.notesleep", "runtime.notetsleepg", "runtime.stopm", "runtime.mPark", "runtime.schedule", "runtime.findrunnable",
        "runtime.exitsyscall0", "runtime.goexit", "runtime.goexit1", "runtime.gosched_m", "runtime.goschedImpl",
    };
}
