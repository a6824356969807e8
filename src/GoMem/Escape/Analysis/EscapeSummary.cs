using System.Collections.Immutable;

namespace GoMem.Escape.Analysis;

/// <summary>
/// Everything the compiler said about one function: heap moves, escapes, leaking parameters and whether it can
/// be inlined (with its cost, or the reason it cannot). <c>Findings</c> are the explained escapes and leaks.
/// </summary>
public sealed record FunctionEscapes(
    string Package,
    string File,
    string Function,
    int MovedToHeap,
    int Escapes,
    int LeakingParams,
    bool? Inlinable,
    int? InlineCost,
    string? CannotInlineReason,
    ImmutableArray<ExplainedFinding> Findings)
{
    /// <summary>Heap allocations this function causes where it stands.</summary>
    public int HeapAllocations => MovedToHeap + Escapes;
}

/// <summary>The functions of one file, worst first.</summary>
public sealed record FileEscapes(string File, int HeapAllocations, int LeakingParams, ImmutableArray<FunctionEscapes> Functions);

/// <summary>The files of one package, worst first.</summary>
public sealed record PackageEscapes(string Package, int HeapAllocations, int LeakingParams, ImmutableArray<FileEscapes> Files);

/// <summary>Counts over a whole log.</summary>
public sealed record EscapeTotals(int Findings, int MovedToHeap, int Escapes, int LeakingParams, int DoesNotEscape, int CanInline, int CannotInline, int InliningCalls, int Devirtualized);

/// <summary>The result of <c>gomem escape summary</c>: the log's totals, its packages worst first, and every finding explained.</summary>
public sealed record EscapeSummary(
    string Source,
    int DetailLevel,
    long LineCount,
    long UnknownLineCount,
    ImmutableArray<UnknownLine> UnknownSamples,
    EscapeTotals Totals,
    ImmutableArray<PackageEscapes> Packages,
    ImmutableArray<ExplainedFinding> Findings)
{
    /// <summary>Read from the compiler's JSON log: functions are not named there.</summary>
    public bool IsJsonLog { get; init; }
}
