using System.Globalization;
using GoMem.Findings;
using GoMem.Goroutines;
using GoMem.Output.Text;
using GoMem.Profiles;

namespace GoMem.Leaks;

/// <summary>What grows.</summary>
public enum LeakKind
{
    Heap,
    Goroutine,
    Process,
}

/// <summary>
/// A statistical trend of one series: Theil–Sen slope (with Sen's 95% interval) and Mann–Kendall one-sided p-value,
/// the growth over the window (slope × span), and the same for the most recent half of the snapshots (plateau check).
/// </summary>
public sealed record TrendFigures(
    double SlopePerMinute,
    double LowSlopePerMinute,
    double HighSlopePerMinute,
    double RecentSlopePerMinute,
    double RecentGrowth,
    double PValue,
    long FirstValue,
    long LastValue,
    double Growth,
    double Level);

/// <summary>One thing that grows across the snapshots, at the frame a user would fix.</summary>
public sealed record LeakFinding
{
    public required LeakKind Kind { get; init; }

    /// <summary>heap: inuse_space; goroutine: goroutines; process: live_heap, goroutines or rss.</summary>
    public required string Metric { get; init; }

    /// <summary>The function to look at (first frame outside the runtime and standard library), or the metric for process findings.</summary>
    public required string Site { get; init; }

    public string File { get; init; } = "";

    public long Line { get; init; }

    public IReadOnlyList<GoroutineFrame> Stack { get; init; } = [];

    /// <summary>"bytes" or "goroutines".</summary>
    public required string Unit { get; init; }

    public required TrendFigures Trend { get; init; }

    /// <summary>For heap sites: the inuse_objects trend, which must grow too.</summary>
    public TrendFigures? Objects { get; init; }

    /// <summary>For goroutine groups: states in the last snapshot (when it was a debug=2 dump).</summary>
    public IReadOnlyList<StateCount> States { get; init; } = [];

    public long? MaxWaitMinutes { get; init; }

    public GoroutineFrame? CreatedBy { get; init; }

    /// <summary>Seconds until --limit is reached at this slope (0 when already over), when a limit was given and the unit is bytes.</summary>
    public double? SecondsToLimit { get; init; }

    /// <summary>A leak that reaches --limit within this many seconds (or is over it already) is critical.</summary>
    public const double CriticalSecondsToLimit = 3600;

    /// <summary>
    /// This finding in the shared shape: <c>heap-leak</c> for a heap site or the process's live heap,
    /// <c>goroutine-leak</c> for a goroutine group or the process's goroutine count, <c>rss-growth</c> for the
    /// process's RSS; critical when it reaches --limit within the hour, else a warning.
    /// </summary>
    public Finding ToFinding()
    {
        var code = Metric switch
        {
            "rss" => LeakFindingCodes.RssGrowth,
            "goroutines" => LeakFindingCodes.GoroutineLeak,
            _ => LeakFindingCodes.HeapLeak,
        };
        var severity = SecondsToLimit is <= CriticalSecondsToLimit ? Severity.Critical : Severity.Warning;
        var rate = $"{Amount(Trend.SlopePerMinute)}/min";
        var title = (Kind, Metric) switch
        {
            (LeakKind.Heap, _) => $"Heap in use at {Site} grows by {rate}",
            (LeakKind.Goroutine, _) => $"Goroutines at {Site} grow by {rate}",
            (_, "live_heap") => $"Process live heap grows by {rate}",
            (_, "rss") => $"Process RSS grows by {rate}",
            _ => $"Process goroutine count grows by {rate}",
        };
        var where = File.Length > 0 ? $" Look at {File}:{Line.ToString(CultureInfo.InvariantCulture)}." : "";
        var limit = SecondsToLimit switch
        {
            null => "",
            <= 0 => " Already over the memory limit.",
            { } seconds => $" Reaches the memory limit in about {Math.Ceiling(seconds / 60).ToString(CultureInfo.InvariantCulture)} min at this rate.",
        };
        return new Finding(code, severity, title, $"From {Amount(Trend.FirstValue)} to {Amount(Trend.LastValue)} across the snapshots.{where}{limit}");
    }

    private string Amount(double value) => Unit == "bytes"
        ? HumanText.Bytes((long)Math.Round(value))
        : value.ToString("0.#", CultureInfo.InvariantCulture);
}

/// <summary>The result of <c>gomem leak</c>: findings, and what the series was made of.</summary>
public sealed record LeakReport
{
    public required IReadOnlyList<LeakFinding> Findings { get; init; }

    /// <summary>Snapshots analysed (after a restart split, those of the last process).</summary>
    public required int Snapshots { get; init; }

    public required double SpanSeconds { get; init; }

    public required SnapshotTimeSource TimeSource { get; init; }

    public required IReadOnlyList<string> SnapshotNames { get; init; }

    public IReadOnlyList<SkippedFile> Skipped { get; init; } = [];

    /// <summary>What the user should know about the series: reordering, restarts, missing kinds.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Series that were tested, by kind, and the thresholds used.</summary>
    public required int HeapSitesTested { get; init; }

    public required int GoroutineGroupsTested { get; init; }

    public required LeakOptions Options { get; init; }

    public long? LimitBytes { get; init; }
}

/// <summary>The codes a leak states itself in (<see cref="Finding.Code"/>): stable, for machines to match on.</summary>
public static class LeakFindingCodes
{
    public const string HeapLeak = "heap-leak";
    public const string GoroutineLeak = "goroutine-leak";
    public const string RssGrowth = "rss-growth";

    /// <summary>Every code, in ordinal order.</summary>
    public static IReadOnlyList<string> All { get; } = [GoroutineLeak, HeapLeak, RssGrowth];
}
