namespace GoMem.RuntimeStats.Proc;

/// <summary>
/// One line of <c>/proc/PID/cgroup</c>: <c>hierarchy-ID:controller-list:path</c>. cgroup v2 has the single line
/// <c>0::/path</c>; v1 has one line per hierarchy (<c>4:memory:/docker/abc</c>, <c>1:name=systemd:/...</c>).
/// </summary>
public sealed record ProcCgroupEntry(int HierarchyId, IReadOnlyList<string> Controllers, string Path)
{
    /// <summary>The cgroup v2 (unified) line.</summary>
    public bool IsUnified => HierarchyId == 0 && Controllers.Count == 0;
}

/// <summary>A parsed <c>/proc/PID/cgroup</c>.</summary>
public sealed record ProcCgroups(IReadOnlyList<ProcCgroupEntry> Entries)
{
    /// <summary>The v1 hierarchy holding the memory controller, if any.</summary>
    public ProcCgroupEntry? MemoryV1 => Find(static e => !e.IsUnified && e.Controllers.Contains("memory"));

    /// <summary>The v2 unified hierarchy line, if any (also present on hybrid v1 systems).</summary>
    public ProcCgroupEntry? Unified => Find(static e => e.IsUnified);

    private ProcCgroupEntry? Find(Func<ProcCgroupEntry, bool> predicate)
    {
        foreach (var entry in Entries)
        {
            if (predicate(entry))
            {
                return entry;
            }
        }

        return null;
    }
}
