namespace GoMem.Escape;

/// <summary>What one line of the compiler's -m output says.</summary>
public enum EscapeKind
{
    /// <summary><c>moved to heap: x</c>: a variable lives on the heap.</summary>
    MovedToHeap,

    /// <summary><c>expr escapes to heap</c>: a value (literal, make, new, conversion, closure) is allocated on the heap.</summary>
    Escapes,

    /// <summary><c>x does not escape</c>: stays on the stack (as far as this function is concerned).</summary>
    DoesNotEscape,

    /// <summary><c>leaking param: p</c>: the parameter is kept beyond the call, so callers' arguments escape.</summary>
    LeakingParam,

    /// <summary><c>leaking param content: p</c>: what the parameter points to is kept beyond the call.</summary>
    LeakingParamContent,

    /// <summary><c>leaking param: p to result ~r0 level=0</c>: the parameter flows only into a result.</summary>
    LeakingParamToResult,

    /// <summary><c>leaking closure reference x</c>.</summary>
    LeakingClosureReference,

    /// <summary><c>F capturing by ref: x</c> / <c>by value</c> (-m -m).</summary>
    ClosureCapture,

    /// <summary><c>can inline F [with cost N as: ...]</c>.</summary>
    CanInline,

    /// <summary><c>cannot inline F: reason</c> (-m -m).</summary>
    CannotInline,

    /// <summary><c>inlining call to F</c>.</summary>
    InliningCall,

    /// <summary><c>devirtualizing x.M to T</c>.</summary>
    Devirtualizing,
}

/// <summary>The JSON and text spellings of <see cref="EscapeKind"/>, and which kinds cost heap allocations.</summary>
public static class EscapeKinds
{
    public static string Name(EscapeKind kind) => kind switch
    {
        EscapeKind.MovedToHeap => "moved-to-heap",
        EscapeKind.Escapes => "escapes",
        EscapeKind.DoesNotEscape => "does-not-escape",
        EscapeKind.LeakingParam => "leaking-param",
        EscapeKind.LeakingParamContent => "leaking-param-content",
        EscapeKind.LeakingParamToResult => "leaking-param-to-result",
        EscapeKind.LeakingClosureReference => "leaking-closure-reference",
        EscapeKind.ClosureCapture => "closure-capture",
        EscapeKind.CanInline => "can-inline",
        EscapeKind.CannotInline => "cannot-inline",
        EscapeKind.InliningCall => "inlining-call",
        EscapeKind.Devirtualizing => "devirtualizing",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Findings that put something on the heap here (a variable or a value allocated at this line).</summary>
    public static bool IsHeapAllocation(EscapeKind kind) => kind is EscapeKind.MovedToHeap or EscapeKind.Escapes;

    /// <summary>Parameters kept beyond the call: they make the callers' arguments escape.</summary>
    public static bool IsLeak(EscapeKind kind) => kind is EscapeKind.LeakingParam or EscapeKind.LeakingParamContent or EscapeKind.LeakingClosureReference;

    /// <summary>What `diff --fail-on new-escape` counts: a heap allocation or a leak.</summary>
    public static bool IsEscape(EscapeKind kind) => IsHeapAllocation(kind) || IsLeak(kind);
}
