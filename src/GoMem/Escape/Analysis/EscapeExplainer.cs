namespace GoMem.Escape.Analysis;

/// <summary>
/// Turns a finding and its -m -m reason chain into one plain sentence. The chain lists "flow: dst = src" steps,
/// each with "from EXPR (why) at POS" lines; the decisive facts are the markers ("too large for stack",
/// "non-constant size", "captured by a closure") and the last step, where the value reaches the heap or a result.
/// </summary>
public static class EscapeExplainer
{
    public static ExplainedFinding Explain(EscapeFinding f)
    {
        var (cause, sentence) = f.Kind switch
        {
            EscapeKind.MovedToHeap or EscapeKind.Escapes => HeapAllocation(f),
            EscapeKind.LeakingParam => (EscapeCause.LeaksToHeap, $"parameter {f.Name} is kept beyond the call{Via(f)}, so every caller's argument must be on the heap"),
            EscapeKind.LeakingParamContent => (EscapeCause.LeaksToHeap, $"what parameter {f.Name} points to is kept beyond the call{Via(f)}, so callers' pointed-to values must be on the heap"),
            EscapeKind.LeakingParamToResult => (EscapeCause.LeaksToResult, $"parameter {f.Name} flows to the result ({f.Detail}): it escapes only where a caller lets the result escape"),
            EscapeKind.LeakingClosureReference => (EscapeCause.CapturedByClosure, $"{f.Name} is referenced by a closure that escapes"),
            EscapeKind.CannotInline => (EscapeCause.NotInlinable, $"{f.Name} cannot be inlined: {f.Detail}"),
            EscapeKind.CanInline => (EscapeCause.Inlinable, f.Cost is { } cost ? $"{f.Name} can be inlined (cost {cost} of the budget of 80)" : $"{f.Name} can be inlined"),
            EscapeKind.DoesNotEscape => (EscapeCause.Other, $"{f.Name} does not escape this function"),
            EscapeKind.InliningCall => (EscapeCause.Other, $"the call to {f.Name} is inlined here"),
            EscapeKind.Devirtualizing => (EscapeCause.Other, $"the interface call {f.Name} is turned into a direct call to {f.Detail}"),
            EscapeKind.ClosureCapture => (EscapeCause.Other, $"{f.Name} is captured {f.Detail}"),
            _ => (EscapeCause.Unknown, f.Name),
        };
        return new ExplainedFinding(f, cause, sentence);
    }

    private static (EscapeCause, string) HeapAllocation(EscapeFinding f)
    {
        var subject = f.Kind == EscapeKind.MovedToHeap ? $"{f.Name} is moved to the heap" : $"{f.Name} is allocated on the heap";
        var reason = f.Reason;
        if (reason.IsDefaultOrEmpty)
        {
            return Guess(f, subject);
        }

        if (Any(f, "(too large for stack)"))
        {
            return (EscapeCause.TooLargeForStack, $"{subject}: it is too large for the stack");
        }

        if (Any(f, "(non-constant size)"))
        {
            return (EscapeCause.NonConstantSize, $"{subject}: its size is not known at compile time (make with a variable length)");
        }

        if (Any(f, "(captured by a closure)"))
        {
            return (EscapeCause.CapturedByClosure, $"{subject}: it is captured by a closure that outlives the call");
        }

        var sink = LastFrom(f);
        if (sink is not null && sink.Contains("(call parameter)", StringComparison.Ordinal) && Callee(sink) is { } callee && callee.StartsWith("fmt.", StringComparison.Ordinal))
        {
            return (EscapeCause.PassedToFmt, $"{subject}: it is converted to an interface and passed to {callee}, which keeps its arguments");
        }

        if (Any(f, "reflect."))
        {
            return (EscapeCause.PassedToReflect, $"{subject}: it is passed to reflect, which makes its argument escape");
        }

        var lastFlow = LastFlow(f);
        if (lastFlow is not null && sink is not null && sink.Contains("(return)", StringComparison.Ordinal))
        {
            return Returned(f, subject);
        }

        if (sink is not null && sink.Contains("(assign)", StringComparison.Ordinal) && lastFlow is not null && lastFlow.StartsWith("flow: {heap} =", StringComparison.Ordinal))
        {
            // "from n (spill)" on a plain value: it was boxed into an interface before being stored.
            var boxed = Any(f, $"from {f.Name} (spill)") && f.Kind == EscapeKind.Escapes;
            return (EscapeCause.StoredInGlobal, boxed
                ? $"{subject}: it is converted to an interface and stored in a global or in memory already on the heap ({Expression(sink)})"
                : $"{subject}: it is stored in a global or in memory already on the heap ({Expression(sink)})");
        }

        if (sink is not null && sink.Contains("(call parameter)", StringComparison.Ordinal) && Callee(sink) is { } target)
        {
            return target == "append"
                ? (EscapeCause.StoredInGlobal, $"{subject}: it is appended to a slice in a global or on the heap ({Expression(sink)})")
                : (EscapeCause.PassedToCall, $"{subject}: it is passed to {target}, which keeps it (or is called through an interface the compiler cannot see into)");
        }

        return (EscapeCause.Unknown, $"{subject} ({string.Join("; ", reason)})");
    }

    private static (EscapeCause, string) Returned(EscapeFinding f, string subject)
    {
        if (f.Name == "func literal")
        {
            return (EscapeCause.ReturnedClosure, $"{subject}: the closure is returned, so it and what it captures outlive the call");
        }

        if (f.Kind == EscapeKind.MovedToHeap || f.Reason.Any(r => r.Contains($"= &{f.Name}:", StringComparison.Ordinal)))
        {
            return (EscapeCause.ReturnedPointer, $"{subject}: its address is returned, so it must outlive the call (returned pointer)");
        }

        if (f.Name.StartsWith("make(", StringComparison.Ordinal) || f.Name.StartsWith("[]", StringComparison.Ordinal) || f.Name.StartsWith("append(", StringComparison.Ordinal))
        {
            return (EscapeCause.ReturnedSlice, $"{subject}: the slice is returned, so its backing array must outlive the call (returned slice)");
        }

        return (EscapeCause.ReturnedValue, $"{subject}: it is returned and must outlive the call");
    }

    /// <summary>Without a reason chain (-m), only the expression's shape hints at the cause.</summary>
    private static (EscapeCause, string) Guess(EscapeFinding f, string subject)
    {
        var name = f.Name;
        if (name == "func literal")
        {
            return (EscapeCause.ReturnedClosure, $"{subject}: a closure that outlives the call (build with -m -m for the reason)");
        }

        if (name.StartsWith("any(", StringComparison.Ordinal) || name.StartsWith("(interface {})(", StringComparison.Ordinal))
        {
            return (EscapeCause.InterfaceConversion, $"{subject}: a value converted to an interface (build with -m -m for the reason)");
        }

        return (EscapeCause.Unknown, $"{subject} (build with -gcflags='-m -m' for the reason)");
    }

    private static string Via(EscapeFinding f) => LastFrom(f) is { } sink ? $" ({Expression(sink)})" : "";

    private static bool Any(EscapeFinding f, string marker)
    {
        foreach (var line in f.Reason)
        {
            if (line.Contains(marker, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static string? LastFrom(EscapeFinding f)
    {
        for (var i = f.Reason.Length - 1; i >= 0; i--)
        {
            if (f.Reason[i].StartsWith("from ", StringComparison.Ordinal))
            {
                return f.Reason[i];
            }
        }

        return null;
    }

    private static string? LastFlow(EscapeFinding f)
    {
        for (var i = f.Reason.Length - 1; i >= 0; i--)
        {
            if (f.Reason[i].StartsWith("flow: ", StringComparison.Ordinal))
            {
                return f.Reason[i];
            }
        }

        return null;
    }

    /// <summary>"from x = y (assign) at file:1:2" → "x = y".</summary>
    private static string Expression(string from)
    {
        var text = from["from ".Length..];
        var at = text.LastIndexOf(" at ", StringComparison.Ordinal);
        if (at > 0)
        {
            text = text[..at];
        }

        var why = text.LastIndexOf(" (", StringComparison.Ordinal);
        return why > 0 ? text[..why] : text;
    }

    /// <summary>"from fmt.Sprintf("...", ... argument...) (call parameter) at ..." → "fmt.Sprintf".</summary>
    private static string? Callee(string from)
    {
        var call = Expression(from);
        var paren = call.IndexOf('(');
        return paren > 0 ? call[..paren] : null;
    }
}
