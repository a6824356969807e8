using GoMem.IO;
using GoMem.RuntimeStats.Cgroups;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.RuntimeStats.Cgroups;

/// <summary>Resolution of a process's memory cgroup directory inside fake root trees built in a temporary directory.</summary>
public sealed class CgroupLocatorTests : IDisposable
{
    private const int Pid = 4242;

    private readonly string _root = Directory.CreateTempSubdirectory("gomem-root-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Hybrid_host_uses_the_v1_memory_hierarchy()
    {
        // The /proc/PID/cgroup and mountinfo lines of the host the fixtures were captured on (cgroup v1 + unified).
        WriteProc(
            "9:name=systemd:/\n4:memory:/process_api/5bc0\n1:cpu:/\n0::/\n",
            "30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n" +
            "34 30 0:31 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory\n" +
            "39 30 0:36 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd\n" +
            "40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n");
        var directory = CopyCapturedCgroup("sys/fs/cgroup/memory/process_api/5bc0");

        var location = CgroupLocator.Locate(Pid, _root);
        Assert.Equal(new CgroupLocation(CgroupVersion.V1, directory, "/process_api/5bc0"), location);
        Assert.Equal(469417984, CgroupMemoryReader.ReadDirectory(location.Directory).UsageBytes);
    }

    [Fact]
    public void Pure_v2_host_uses_the_unified_hierarchy()
    {
        WriteProc("0::/system.slice/app.service\n", "25 1 0:23 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot\n");
        var location = CgroupLocator.Locate(Pid, _root);
        Assert.Equal(CgroupVersion.V2, location.Version);
        Assert.Equal(Path.Join(_root, "sys/fs/cgroup/system.slice/app.service"), location.Directory);
    }

    [Fact]
    public void Container_mount_root_is_removed_from_the_path()
    {
        // Docker without a private cgroup namespace: the container sees the host path, its mount shows only its subtree.
        WriteProc("4:memory:/docker/abc123\n0::/\n", "800 790 0:31 /docker/abc123 /sys/fs/cgroup/memory ro,nosuid - cgroup cgroup rw,memory\n");
        var location = CgroupLocator.Locate(Pid, _root);
        Assert.Equal(Path.Join(_root, "sys/fs/cgroup/memory"), location.Directory);
        Assert.Equal("/docker/abc123", location.CgroupPath);

        WriteProc("0::/kubepods/pod1/ctr/sub\n", "900 890 0:40 /kubepods/pod1/ctr /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n");
        Assert.Equal(Path.Join(_root, "sys/fs/cgroup/sub"), CgroupLocator.Locate(Pid, _root).Directory);
    }

    [Fact]
    public void Without_mountinfo_the_standard_layout_is_assumed()
    {
        WriteProc("4:memory:/a\n0::/b\n", mountInfo: null);
        Assert.Equal(new CgroupLocation(CgroupVersion.V1, Path.Join(_root, "sys/fs/cgroup/memory/a"), "/a"), CgroupLocator.Locate(Pid, _root));

        WriteProc("0::/b\n", mountInfo: null);
        Assert.Equal(new CgroupLocation(CgroupVersion.V2, Path.Join(_root, "sys/fs/cgroup/b"), "/b"), CgroupLocator.Locate(Pid, _root));
    }

    [Fact]
    public void Paths_outside_this_namespace_or_without_a_mount_are_bad_input()
    {
        WriteProc("0::/../../other\n", "25 1 0:23 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n");
        var e = Assert.Throws<BadInputException>(() => CgroupLocator.Locate(Pid, _root));
        Assert.Contains("leads outside this cgroup namespace", e.Message, StringComparison.Ordinal);

        WriteProc("0::/x\n", "30 22 0:27 / /sys/fs/cgroup rw - tmpfs tmpfs rw\n");
        e = Assert.Throws<BadInputException>(() => CgroupLocator.Locate(Pid, _root));
        Assert.Contains("no mounted cgroup hierarchy", e.Message, StringComparison.Ordinal);
        Assert.EndsWith(Path.Join("proc", "4242", "cgroup"), e.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_process_is_an_io_failure()
    {
        var e = Assert.Throws<FileProblemException>(() => CgroupLocator.Locate(1, _root));
        Assert.EndsWith(Path.Join("proc", "1", "cgroup") + ": no such file", e.Message, StringComparison.Ordinal);
    }

    private void WriteProc(string cgroup, string? mountInfo)
    {
        var pidDir = Directory.CreateDirectory(Path.Join(_root, "proc", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture))).FullName;
        File.WriteAllText(Path.Join(pidDir, "cgroup"), cgroup);
        var self = Directory.CreateDirectory(Path.Join(_root, "proc", "self")).FullName;
        var mountInfoPath = Path.Join(self, "mountinfo");
        if (mountInfo is null)
        {
            File.Delete(mountInfoPath);
        }
        else
        {
            File.WriteAllText(mountInfoPath, mountInfo);
        }
    }

    private string CopyCapturedCgroup(string relative)
    {
        var target = Directory.CreateDirectory(Path.Join(_root, relative)).FullName;
        foreach (var file in Directory.GetFiles(Path.Combine(RepoPaths.TestData, "cgoleak", "cgroup.1")))
        {
            File.Copy(file, Path.Join(target, Path.GetFileName(file)));
        }

        return target;
    }
}
