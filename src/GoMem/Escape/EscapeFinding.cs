using System.Collections.Immutable;

namespace GoMem.Escape;

/// <summary>
/// One diagnostic of the compiler's escape analysis or inliner, at <c>File:Line:Column</c> in <c>Package</c>.
/// <c>Name</c> is the variable or expression (<c>p</c>, <c>make([]int, n)</c>) or, for inlining decisions, the function.
/// <c>Detail</c> holds the rest of the line: the inlining cost, why a function cannot be inlined, the result a
/// parameter leaks to, the devirtualized type. <c>Reason</c> is the -m -m explanation chain (flow and from lines).
/// <c>Function</c> is the enclosing function, known only from -m -m logs (empty otherwise).
/// </summary>
public sealed record EscapeFinding(
    EscapeKind Kind,
    string Package,
    string File,
    int Line,
    int Column,
    string Function,
    string Name,
    string Detail,
    ImmutableArray<string> Reason,
    long SourceLine)
{
    /// <summary>The inlining cost of a <c>can inline ... with cost N</c> finding, else null.</summary>
    public int? Cost { get; init; }

    public string Position => Column > 0 ? $"{File}:{Line}:{Column}" : $"{File}:{Line}";
}

/// <summary>A line of the log that no known pattern matched, kept (up to a few) so users can report it.</summary>
public sealed record UnknownLine(long LineNumber, string Text);

/// <summary>
/// A parsed -m / -m -m log: its findings in log order, the packages seen, how many lines were read and how many
/// were not understood. <c>DetailLevel</c> is 2 when the log has -m -m explanations or inlining reasons, else 1.
/// </summary>
public sealed record EscapeLog(
    string Source,
    ImmutableArray<EscapeFinding> Findings,
    ImmutableArray<string> Packages,
    int DetailLevel,
    long LineCount,
    long UnknownLineCount,
    ImmutableArray<UnknownLine> UnknownSamples)
{
    /// <summary>True for the compiler's JSON log (-json=0,DIR): no function names, no moved-to-heap kind.</summary>
    public bool IsJsonLog { get; init; }
}
