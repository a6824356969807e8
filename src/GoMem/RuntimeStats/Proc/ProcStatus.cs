namespace GoMem.RuntimeStats.Proc;

/// <summary>
/// The memory-relevant lines of Linux <c>/proc/PID/status</c>, sizes converted from kB to bytes. Every line is
/// also kept verbatim in <see cref="Fields"/> (values trimmed), in file order.
/// </summary>
public sealed record ProcStatus
{
    /// <summary>The command name (comm), unescaped; "" when an excerpt has no Name line.</summary>
    public required string Name { get; init; }

    /// <summary>The process id, or null when an excerpt has no Pid line.</summary>
    public required int? Pid { get; init; }

    /// <summary>Number of threads.</summary>
    public int? Threads { get; init; }

    /// <summary>Peak virtual memory size.</summary>
    public long? VmPeakBytes { get; init; }

    /// <summary>Virtual memory size.</summary>
    public long? VmSizeBytes { get; init; }

    /// <summary>Peak resident set size ("high water mark").</summary>
    public long? VmHWMBytes { get; init; }

    /// <summary>Resident set size: RssAnon + RssFile + RssShmem.</summary>
    public required long VmRSSBytes { get; init; }

    /// <summary>Resident anonymous memory (the Go heap, stacks, runtime metadata, cgo malloc).</summary>
    public long? RssAnonBytes { get; init; }

    /// <summary>Resident file mappings (the binary's text and data, mapped files).</summary>
    public long? RssFileBytes { get; init; }

    /// <summary>Resident shared memory (shmem, tmpfs, shared anonymous mappings).</summary>
    public long? RssShmemBytes { get; init; }

    /// <summary>Size of private data segments (heap and anonymous mappings, resident or not).</summary>
    public long? VmDataBytes { get; init; }

    /// <summary>Size of the main thread's stack segment.</summary>
    public long? VmStkBytes { get; init; }

    /// <summary>Size of the text segment.</summary>
    public long? VmExeBytes { get; init; }

    /// <summary>Size of shared library code.</summary>
    public long? VmLibBytes { get; init; }

    /// <summary>Size of page table entries.</summary>
    public long? VmPTEBytes { get; init; }

    /// <summary>Swapped-out anonymous memory.</summary>
    public long? VmSwapBytes { get; init; }

    /// <summary>Every line as key → value text (e.g. "VmRSS" → "1648 kB").</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Fields { get; init; }
}
