using System.Globalization;
using GoMem.IO;
using GoMem.RuntimeStats.Proc;

namespace GoMem.RuntimeStats.Cgroups;

/// <summary>Where a process's memory cgroup lives: the version, the directory to read, and the cgroup's own path.</summary>
public sealed record CgroupLocation(CgroupVersion Version, string Directory, string CgroupPath);

/// <summary>
/// Finds the cgroup directory holding a process's memory controller files, the way container runtimes and Go's
/// own runtime do: its line in <c>/proc/PID/cgroup</c> (the v1 memory hierarchy if there is one, else the v2 unified
/// one), joined to the mount point of that hierarchy from <c>/proc/self/mountinfo</c> after removing the mount's
/// root. Without mountinfo the standard layout is assumed (<c>/sys/fs/cgroup</c> for v2,
/// <c>/sys/fs/cgroup/memory</c> for v1). Every path is taken under <c>root</c>, so a test can fake the whole tree.
/// </summary>
public static class CgroupLocator
{
    public static CgroupLocation Locate(int pid, string root = "/", RuntimeStatsLimits? limits = null)
    {
        limits ??= RuntimeStatsLimits.Default;
        var cgroupFile = Under(root, "proc", pid.ToString(CultureInfo.InvariantCulture), "cgroup");
        var cgroups = ProcCgroupParser.ParseFile(cgroupFile, limits);
        var mountInfoFile = Under(root, "proc", "self", "mountinfo");
        var mounts = File.Exists(mountInfoFile) ? MountInfoParser.ParseFile(mountInfoFile, limits) : null;

        var memoryV1 = cgroups.MemoryV1;
        var unified = cgroups.Unified;
        if (mounts is null)
        {
            if (memoryV1 is not null)
            {
                return Join(cgroupFile, CgroupVersion.V1, Under(root, "sys", "fs", "cgroup", "memory"), memoryV1.Path, memoryV1.Path);
            }

            if (unified is not null)
            {
                return Join(cgroupFile, CgroupVersion.V2, Under(root, "sys", "fs", "cgroup"), unified.Path, unified.Path);
            }

            throw new BadInputException(cgroupFile, "no memory controller line (ID:memory:/path) and no cgroup v2 line (0::/path)");
        }

        if (memoryV1 is not null && FindMount(mounts, memoryV1.Path, IsV1Memory) is { } v1)
        {
            return Join(cgroupFile, CgroupVersion.V1, Under(root, v1.Mount.MountPoint), v1.Relative, memoryV1.Path);
        }

        if (unified is not null && FindMount(mounts, unified.Path, IsV2) is { } v2)
        {
            return Join(cgroupFile, CgroupVersion.V2, Under(root, v2.Mount.MountPoint), v2.Relative, unified.Path);
        }

        throw new BadInputException(cgroupFile, "no mounted cgroup hierarchy (in /proc/self/mountinfo) holds this process's memory cgroup (another cgroup namespace?)");
    }

    private static bool IsV1Memory(MountInfoEntry mount) => mount.FileSystemType == "cgroup" && mount.SuperOptions.Contains("memory");

    private static bool IsV2(MountInfoEntry mount) => mount.FileSystemType == "cgroup2";

    /// <summary>The first mount of the right kind whose root contains the cgroup path, and the path below that root.</summary>
    private static (MountInfoEntry Mount, string Relative)? FindMount(IReadOnlyList<MountInfoEntry> mounts, string cgroupPath, Func<MountInfoEntry, bool> kind)
    {
        foreach (var mount in mounts)
        {
            if (!kind(mount))
            {
                continue;
            }

            if (mount.Root == "/")
            {
                return (mount, cgroupPath);
            }

            if (cgroupPath == mount.Root)
            {
                return (mount, "/");
            }

            if (cgroupPath.StartsWith(mount.Root + "/", StringComparison.Ordinal))
            {
                return (mount, cgroupPath[mount.Root.Length..]);
            }
        }

        return null;
    }

    private static CgroupLocation Join(string source, CgroupVersion version, string mountPoint, string relative, string cgroupPath)
    {
        foreach (var segment in relative.Split('/'))
        {
            if (segment == "..")
            {
                throw new BadInputException(source, $"the cgroup path {cgroupPath} leads outside this cgroup namespace");
            }
        }

        var directory = relative == "/" ? mountPoint : Path.Join(mountPoint, relative.TrimStart('/'));
        return new CgroupLocation(version, directory, cgroupPath);
    }

    private static string Under(string root, params string[] parts)
    {
        var path = root;
        foreach (var part in parts)
        {
            path = Path.Join(path, part.TrimStart('/'));
        }

        return path;
    }
}
