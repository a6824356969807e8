namespace GoMem.Escape.Analysis;

/// <summary>Why a value went to the heap, read from its -m -m reason chain (or guessed from its name at -m).</summary>
public enum EscapeCause
{
    Unknown,
    ReturnedPointer,
    ReturnedSlice,
    ReturnedClosure,
    ReturnedValue,
    CapturedByClosure,
    PassedToFmt,
    PassedToReflect,
    TooLargeForStack,
    NonConstantSize,
    StoredInGlobal,
    PassedToCall,
    InterfaceConversion,
    LeaksToHeap,
    LeaksToResult,
    NotInlinable,
    Inlinable,
    Other,
}

/// <summary>JSON spellings of <see cref="EscapeCause"/>.</summary>
public static class EscapeCauses
{
    public static string Name(EscapeCause cause) => cause switch
    {
        EscapeCause.Unknown => "unknown",
        EscapeCause.ReturnedPointer => "returned-pointer",
        EscapeCause.ReturnedSlice => "returned-slice",
        EscapeCause.ReturnedClosure => "returned-closure",
        EscapeCause.ReturnedValue => "returned-value",
        EscapeCause.CapturedByClosure => "captured-by-closure",
        EscapeCause.PassedToFmt => "passed-to-fmt",
        EscapeCause.PassedToReflect => "passed-to-reflect",
        EscapeCause.TooLargeForStack => "too-large-for-stack",
        EscapeCause.NonConstantSize => "non-constant-size",
        EscapeCause.StoredInGlobal => "stored-in-global",
        EscapeCause.PassedToCall => "passed-to-call",
        EscapeCause.InterfaceConversion => "interface-conversion",
        EscapeCause.LeaksToHeap => "leaks-to-heap",
        EscapeCause.LeaksToResult => "leaks-to-result",
        EscapeCause.NotInlinable => "not-inlinable",
        EscapeCause.Inlinable => "inlinable",
        EscapeCause.Other => "other",
        _ => throw new ArgumentOutOfRangeException(nameof(cause)),
    };
}

/// <summary>A finding with its cause and one plain sentence saying why.</summary>
public sealed record ExplainedFinding(EscapeFinding Finding, EscapeCause Cause, string Explanation);
