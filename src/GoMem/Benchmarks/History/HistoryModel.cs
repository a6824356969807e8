namespace GoMem.Benchmarks.History;

/// <summary>One run of one benchmark and unit: the commit and the median with its confidence interval.</summary>
public sealed record HistoryPoint(string Commit, string Branch, DateTimeOffset Time, int Count, double Median, double Lo, double Hi);

/// <summary>A metric that moved between two consecutive runs, named by the commit where it moved.</summary>
public sealed record ChangePoint(int Index, string Commit, string PreviousCommit, double Before, double After, double? ChangePercent, double? P, bool Exact);

/// <summary>One benchmark and unit across every recorded run, oldest first, with the change points found.</summary>
public sealed record HistorySeries(string Package, string Benchmark, string Unit, IReadOnlyList<HistoryPoint> Points, IReadOnlyList<ChangePoint> Changes);

public sealed record HistoryReport(IReadOnlyList<HistorySeries> Series, int Runs, double Alpha, double MinChangePercent);
