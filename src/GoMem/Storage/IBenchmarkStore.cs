using GoMem.Benchmarks;

namespace GoMem.Storage;

/// <summary>
/// Persistent benchmark history: runs (commit, branch, time) and every value of every result in them. The SQLite
/// file store is the default; a fleet database can sit behind this interface too.
/// </summary>
public interface IBenchmarkStore : IDisposable
{
    /// <summary>
    /// The version of this store's part of the schema after opening (migrations applied). The store file is shared with
    /// other stores, so this is the last file migration that changed the benchmark tables, not the file's own version.
    /// </summary>
    int SchemaVersion { get; }

    /// <summary>Stores one run's results in a single transaction and returns the run.</summary>
    StoredRun Record(RunInfo run, IReadOnlyList<BenchmarkResult> results);

    /// <summary>Every run, oldest first (by the code's time, then by recording order).</summary>
    IReadOnlyList<StoredRun> Runs();

    /// <summary>Every benchmark and unit of every run, runs oldest first; benchmarks in order of first appearance.</summary>
    IReadOnlyList<StoredSeriesPoint> Series();
}
