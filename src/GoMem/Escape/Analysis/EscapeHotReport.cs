using System.Collections.Immutable;

namespace GoMem.Escape.Analysis;

/// <summary>
/// One source line of the log with escapes or heap moves, and what a profile says was allocated there:
/// <c>Bytes</c> and <c>Objects</c> of the chosen sample types, summed over samples whose allocating frame is this line.
/// </summary>
public sealed record HotEscapeSite(
    string Package,
    string File,
    int Line,
    string Function,
    long Bytes,
    long Objects,
    ImmutableArray<ExplainedFinding> Findings);

/// <summary>An allocating line of the profile that no escape finding names (e.g. append growth, or another package).</summary>
public sealed record UnexplainedAllocation(string Function, string File, long Line, long Bytes, long Objects);

/// <summary>The result of <c>gomem escape hot LOG PROFILE</c>: escape sites ranked by what they really allocated.</summary>
public sealed record EscapeHotReport(
    string LogSource,
    string ProfileSource,
    string BytesType,
    string ObjectsType,
    long TotalBytes,
    long TotalObjects,
    long MatchedBytes,
    long MatchedObjects,
    int EscapeSites,
    ImmutableArray<HotEscapeSite> Sites,
    ImmutableArray<UnexplainedAllocation> Unexplained);
