namespace GoMem.RuntimeStats.Proc;

/// <summary>
/// Linux <c>/proc/PID/smaps_rollup</c>: the process's mappings summed, sizes in bytes. Lines added by newer
/// kernels (Pss_Anon/File/Shmem in 5.7, Pss_Dirty in 6.0, KSM in 6.5) are null when absent. Every kB line is also
/// in <see cref="SizesBytes"/>, by its kernel name.
/// </summary>
public sealed record SmapsRollup
{
    /// <summary>Resident set size.</summary>
    public required long RssBytes { get; init; }

    /// <summary>Proportional set size: shared pages divided among the processes sharing them.</summary>
    public required long PssBytes { get; init; }

    public long? PssDirtyBytes { get; init; }

    public long? PssAnonBytes { get; init; }

    public long? PssFileBytes { get; init; }

    public long? PssShmemBytes { get; init; }

    public long? SharedCleanBytes { get; init; }

    public long? SharedDirtyBytes { get; init; }

    public long? PrivateCleanBytes { get; init; }

    public long? PrivateDirtyBytes { get; init; }

    /// <summary>Memory recently accessed.</summary>
    public long? ReferencedBytes { get; init; }

    /// <summary>Anonymous memory (not backed by a file), resident.</summary>
    public long? AnonymousBytes { get; init; }

    /// <summary>Memory marked MADV_FREE that the kernel may reclaim (Go before 1.16 released memory this way).</summary>
    public long? LazyFreeBytes { get; init; }

    /// <summary>Anonymous memory backed by transparent huge pages.</summary>
    public long? AnonHugePagesBytes { get; init; }

    public long? SwapBytes { get; init; }

    public long? SwapPssBytes { get; init; }

    public long? LockedBytes { get; init; }

    /// <summary>Every "Key: N kB" line, in bytes.</summary>
    public required IReadOnlyDictionary<string, long> SizesBytes { get; init; }

    /// <summary>Lines that are not sizes (none in current kernels), as written.</summary>
    public required IReadOnlyDictionary<string, string> OtherFields { get; init; }
}
