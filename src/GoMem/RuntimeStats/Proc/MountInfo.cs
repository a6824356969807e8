namespace GoMem.RuntimeStats.Proc;

/// <summary>
/// One line of <c>/proc/PID/mountinfo</c>: which part (<see cref="Root"/>) of which file system is mounted where.
/// Paths are unescaped (the kernel writes space, tab, newline and backslash as octal escapes).
/// </summary>
public sealed record MountInfoEntry(
    int MountId,
    int ParentId,
    string Root,
    string MountPoint,
    string FileSystemType,
    string MountSource,
    IReadOnlyList<string> SuperOptions);
