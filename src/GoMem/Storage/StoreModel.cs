namespace GoMem.Storage;

/// <summary>Where a set of benchmark results came from: the commit, branch and time of the code measured.</summary>
public sealed record RunInfo(string Commit, string Branch, DateTimeOffset Time, string Source);

/// <summary>A recorded run with its store id.</summary>
public sealed record StoredRun(long Id, string Commit, string Branch, DateTimeOffset Time, string Source, DateTimeOffset RecordedAt);

/// <summary>All values of one benchmark and unit in one run (one per -count repetition), in the order recorded.</summary>
public sealed record StoredSeriesPoint(StoredRun Run, string Package, string Benchmark, string Unit, IReadOnlyList<double> Values);

/// <summary>What recording one run stored: the run, and how many results and values it holds.</summary>
public sealed record RecordedRun(StoredRun Run, int Results, int Values);
