using System.Diagnostics;
using GoMem.Storage;
using GoMem.Storage.Monitoring;
using Microsoft.Data.Sqlite;

namespace GoMem.Monitoring.Collection;

/// <summary>
/// The collector's one store instance, used by one cycle at a time: cycles fetch concurrently and queue here only
/// for their short write, so a slow target never holds the store. The gate also tells the user about the store
/// itself, once per episode rather than once per cycle: a use slower than <see cref="SlowWrite"/>, and an outage
/// (the disk full, the database server restarting or unreachable) from the first failed use to the first good one.
/// </summary>
public sealed class StoreGate(IMonitoringStore store) : IDisposable
{
    /// <summary>A write that takes longer than this is reported: the store is locked by another writer, or its disk is slow.</summary>
    public static readonly TimeSpan SlowWrite = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _lock = new(1, 1);
    private Action<string>? _report;
    private ICollectorMetrics _metrics = NoCollectorMetrics.Instance;
    private long _downSince;
    private int _failedUses;

    /// <summary>Where the gate's lines about the store go (the collector's log).</summary>
    public void ReportTo(Action<string> report) => _report = report;

    /// <summary>Where the time of each use of the store is measured (the collector's exposition).</summary>
    public void MeasureTo(ICollectorMetrics metrics) => _metrics = metrics;

    /// <summary>
    /// Runs <paramref name="work"/> on the store. When the store cannot be written (see <see cref="IsOutage"/>) it
    /// throws <see cref="StoreUnavailableException"/>, having reported the outage if it is a new one; the caller
    /// drops what it was writing, and collection goes on.
    /// </summary>
    public async Task<T> UseAsync<T>(Func<IMonitoringStore, T> work, CancellationToken cancel)
    {
        await _lock.WaitAsync(cancel).ConfigureAwait(false);
        var started = Stopwatch.GetTimestamp();
        T result;
        try
        {
            result = work(store);
            if (_downSince != 0)
            {
                _report?.Invoke($"the store answers again after {Stopwatch.GetElapsedTime(_downSince).TotalSeconds:0.0} s; {_failedUses} writes failed meanwhile (what was collected then is not stored)");
                _downSince = 0;
            }
        }
        catch (Exception e) when (IsOutage(e))
        {
            if (_downSince == 0)
            {
                _downSince = started;
                _failedUses = 0;
                _report?.Invoke($"the store cannot be written: {Describe(e)}; collection goes on, and cycles are stored again once it answers");
            }

            _failedUses++;
            throw new StoreUnavailableException(e.Message, e);
        }
        finally
        {
            _lock.Release();
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        _metrics.StoreUsed(elapsed);
        if (elapsed > SlowWrite)
        {
            _report?.Invoke($"the store took {elapsed.TotalSeconds:0.0} s to answer (locked by another writer, or a slow disk?); collection goes on");
        }

        return result;
    }

    /// <summary>
    /// Failures of the store rather than of what was written: the PostgreSQL server unreachable or restarting (an
    /// <see cref="IOException"/> from the store), or SQLite's disk full, I/O error, file locked past the busy
    /// timeout, or read-only.
    /// </summary>
    public static bool IsOutage(Exception e) => e switch
    {
        IOException => true,
        SqliteException s => SqliteDatabase.IsUnavailable(s),
        _ => false,
    };

    /// <summary>One line naming the store and what failed (a PostgreSQL failure names its server already).</summary>
    private string Describe(Exception e) => e is SqliteException s
        ? $"{store.Source}: {SqliteDatabase.Reason(s)}"
        : e.Message.ReplaceLineEndings(" ");

    public void Dispose() => _lock.Dispose();
}

/// <summary>The store could not be written this time (already reported by <see cref="StoreGate"/>): what was being written is dropped.</summary>
public sealed class StoreUnavailableException(string message, Exception inner) : Exception(message, inner);
