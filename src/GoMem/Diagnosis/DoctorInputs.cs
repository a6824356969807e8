using GoMem.Leaks;
using GoMem.RuntimeStats.Breakdown;

namespace GoMem.Diagnosis;

/// <summary>
/// What doctor reads of a bundle (or any folder of snapshots): the series as <c>gomem leak</c> orders it, the files
/// it skipped, and each snapshot's runtime evidence as <c>gomem explain</c> reads it, timed as the series is.
/// </summary>
public sealed record DoctorInputs(
    string Source,
    SeriesAnalysis.Series Series,
    IReadOnlyList<SkippedFile> Skipped,
    IReadOnlyList<TimedEvidence> Evidence);

/// <summary>The settings of a diagnosis.</summary>
public sealed record DoctorOptions
{
    /// <summary>The leak check's rule (its <see cref="LeakOptions.LimitBytes"/> is set from <see cref="LimitBytes"/>).</summary>
    public LeakOptions Leak { get; init; } = new();

    /// <summary>The container memory limit, when the inputs do not say it (a cgroup file does).</summary>
    public long? LimitBytes { get; init; }

    /// <summary>The goroutine groups and churn rows shown.</summary>
    public int MaxRows { get; init; } = 5;
}
