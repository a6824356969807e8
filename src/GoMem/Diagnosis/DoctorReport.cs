using GoMem.Findings;
using GoMem.Gc.Tuning;
using GoMem.Goroutines;
using GoMem.Leaks;
using GoMem.Profiles.Analysis;
using GoMem.RuntimeStats.Breakdown;

namespace GoMem.Diagnosis;

/// <summary>The part of the report a finding comes from, in the order the sections are shown (and ties are broken).</summary>
public enum DoctorSection
{
    Leaks,
    Memory,
    Gc,
    Tuning,
    Goroutines,
    Churn,
}

/// <summary>A finding of one of the analyses doctor runs, with the section that stated it.</summary>
public sealed record DoctorFinding(DoctorSection Section, Finding Finding);

/// <summary>
/// The GC figures of the last snapshot (the runtime's own, since the process started: GC CPU, recent pauses), the
/// rates across the window (GCs per minute, allocation per second), and the settings the process runs with.
/// </summary>
public sealed record DoctorGcFigures(
    double? GcCpuFraction,
    PauseStatistics? Pauses,
    double? GcPerMinute,
    double? AllocBytesPerSecond,
    long NextGcBytes,
    double? GogcPercent,
    long? GoMemLimitBytes);

/// <summary>
/// The result of <c>gomem doctor</c>: every finding of the analyses it ran, most important first, and each
/// analysis's own result for its section (null when the inputs did not allow it; <see cref="Notes"/> says why).
/// </summary>
public sealed record DoctorReport
{
    /// <summary>The bundle or folder the diagnosis was made from.</summary>
    public required string Source { get; init; }

    public required int Snapshots { get; init; }

    public required double SpanSeconds { get; init; }

    /// <summary>Every finding, by severity (critical first), then by section, then in each analysis's own order.</summary>
    public required IReadOnlyList<DoctorFinding> Findings { get; init; }

    /// <summary>What <c>gomem explain</c> says of the last snapshot, with rates across the window.</summary>
    public MemoryBreakdown? Breakdown { get; init; }

    /// <summary>What <c>gomem leak</c> says of the series.</summary>
    public LeakReport? Leaks { get; init; }

    /// <summary>What <c>gomem top --compare-alloc</c> says of the last heap profile.</summary>
    public AllocRetentionReport? Churn { get; init; }

    /// <summary>What <c>gomem goroutines</c> says of the last goroutine dump (the largest groups).</summary>
    public GoroutineReport? Goroutines { get; init; }

    public DoctorGcFigures? Gc { get; init; }

    /// <summary>What <c>gomem gc tune</c> advises for the memory limit, when one is known.</summary>
    public TuningAdvice? Tuning { get; init; }

    /// <summary>Sections left out and why, and files that were skipped.</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>Something needs action: a finding of warning or critical severity.</summary>
    public bool NeedsAction => Findings.Any(f => f.Finding.Severity >= Severity.Warning);
}
