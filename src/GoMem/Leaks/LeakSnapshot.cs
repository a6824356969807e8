using GoMem.Goroutines;
using GoMem.Profiles;
using GoMem.RuntimeStats.Expvar;
using GoMem.RuntimeStats.Proc;

namespace GoMem.Leaks;

/// <summary>
/// Where a snapshot's time came from, best first: the profile's own timestamp, then the last GC before the snapshot,
/// then the files' modification time (which copying can change), then name order.
/// </summary>
public enum SnapshotTimeSource
{
    /// <summary>time_nanos of a proto heap or goroutine profile: when the profile was written.</summary>
    ProfileTime,

    /// <summary>LastGC of /debug/vars MemStats: the end of the last GC before the snapshot.</summary>
    VarsLastGc,

    /// <summary>The files' modification time.</summary>
    FileTime,

    /// <summary>No time: snapshots in name order, --interval seconds apart.</summary>
    NameOrder,
}

/// <summary>
/// One moment of a process: the files of one snapshot number (heap.3.pb.gz, goroutine.3.pb.gz, vars.3.json,
/// status.3.txt, metrics.3.txt), each optional. <see cref="Key"/> orders snapshots by name.
/// </summary>
public sealed record LeakSnapshot
{
    public required string Key { get; init; }

    /// <summary>The number in the file names (for name order), or null.</summary>
    public long? Number { get; init; }

    public IReadOnlyList<string> Files { get; init; } = [];

    public Profile? Heap { get; init; }

    /// <summary>The heap profile already reduced to what the leak check reads (a collector keeps this, not the profile).</summary>
    public HeapDigest? HeapDigest { get; init; }

    /// <summary>The goroutine dump already reduced to what the leak check reads.</summary>
    public GoroutineDigest? GoroutineDigest { get; init; }

    public string? HeapFile { get; init; }

    public GoroutineDump? Goroutines { get; init; }

    public ExpvarDocument? Vars { get; init; }

    public ProcStatus? Status { get; init; }

    /// <summary>process_resident_memory_bytes of a /metrics page: RSS where no /proc status was taken.</summary>
    public long? MetricsRssBytes { get; init; }

    /// <summary>The resident set size: /proc status's VmRSS, else the /metrics figure.</summary>
    public long? RssBytes => Status?.VmRSSBytes ?? MetricsRssBytes;

    public DateTimeOffset? FileTime { get; init; }

    /// <summary>The time of this snapshot from one source, or null when it has none from that source.</summary>
    public DateTimeOffset? TimeFrom(SnapshotTimeSource source) => source switch
    {
        SnapshotTimeSource.ProfileTime => ProfileTime,
        SnapshotTimeSource.VarsLastGc => Vars?.MemStats?.LastGCTime,
        SnapshotTimeSource.FileTime => FileTime,
        _ => null,
    };

    private DateTimeOffset? ProfileTime
    {
        get
        {
            var nanos = Heap?.Header.TimeNanos ?? HeapDigest?.TimeNanos ?? 0;
            if (nanos <= 0 && GoroutineTimeNanos is { } g)
            {
                nanos = g;
            }

            return nanos > 0 ? DateTimeOffset.UnixEpoch.AddTicks(nanos / 100) : null;
        }
    }

    /// <summary>The heap digest given, else the one of the heap profile (made on each call: call once per analysis).</summary>
    internal HeapDigest? HeapDigestOrOwn() => HeapDigest ?? (Heap is { } heap ? Leaks.HeapDigest.Of(heap) : null);

    /// <summary>The goroutine digest given, else the one of the dump (made on each call).</summary>
    internal GoroutineDigest? GoroutineDigestOrOwn() => GoroutineDigest ?? (Goroutines is { } dump ? Leaks.GoroutineDigest.Of(dump) : null);

    /// <summary>time_nanos of the goroutine profile when it was proto (dumps in text carry no time).</summary>
    public long? GoroutineTimeNanos { get; init; }
}

/// <summary>A file that could not be used, and why: shown to the user, never dropped silently.</summary>
public sealed record SkippedFile(string File, string Problem);
