using System.Text;
using GoMem.IO;
using GoMem.RuntimeStats.Proc;

namespace GoMem.Tests.RuntimeStats.Proc;

/// <summary>/proc/PID/cgroup and mountinfo: no capture of them is committed, so these use lines in the kernel's documented layout (copied from a cgroup v1/v2 hybrid host).</summary>
public sealed class ProcCgroupParserTests
{
    [Fact]
    public void Hybrid_v1_file_names_the_memory_hierarchy_and_the_unified_line()
    {
        var cgroups = Parse("9:name=systemd:/\n8:pids:/\n4:memory:/process_api/5bc0\n2:cpu,cpuacct:/a:b\n0::/\n");
        Assert.Equal(5, cgroups.Entries.Count);
        Assert.Equal(new[] { "cpu", "cpuacct" }, cgroups.Entries[3].Controllers);
        Assert.Equal("/a:b", cgroups.Entries[3].Path);
        Assert.Equal("/process_api/5bc0", cgroups.MemoryV1!.Path);
        Assert.Equal("/", cgroups.Unified!.Path);
        Assert.True(cgroups.Unified.IsUnified);
    }

    [Fact]
    public void Pure_v2_file_has_only_the_unified_line()
    {
        var cgroups = Parse("0::/system.slice/app.service\n");
        Assert.Null(cgroups.MemoryV1);
        Assert.Equal("/system.slice/app.service", cgroups.Unified!.Path);
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("memory:/docker\n", "not a /proc/PID/cgroup line")]
    [InlineData("x:memory:/docker\n", "not a /proc/PID/cgroup line")]
    [InlineData("4:memory:docker\n", "not a /proc/PID/cgroup line")]
    public void Malformed_lines_are_rejected(string text, string problem)
    {
        var e = Assert.Throws<BadInputException>(() => Parse(text));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mountinfo_lines_are_split_and_unescaped()
    {
        var mounts = MountInfoParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(
            "34 30 0:31 / /sys/fs/cgroup/memory rw,relatime shared:5 - cgroup cgroup rw,memory\n" +
            "40 30 0:37 /kubepods/pod1 /sys/fs/cgroup rw,relatime - cgroup2 cgroup2 rw,nsdelegate\n" +
            "50 22 8:1 /with\\040space /mnt/a\\134b rw - ext4 /dev/sda1 rw\n")), "mountinfo");
        Assert.Equal(3, mounts.Count);
        Assert.Equal(("/", "/sys/fs/cgroup/memory", "cgroup"), (mounts[0].Root, mounts[0].MountPoint, mounts[0].FileSystemType));
        Assert.Contains("memory", mounts[0].SuperOptions);
        Assert.Equal("/kubepods/pod1", mounts[1].Root);
        Assert.Equal(("/with space", "/mnt/a\\b"), (mounts[2].Root, mounts[2].MountPoint));
        var e = Assert.Throws<BadInputException>(() => MountInfoParser.Parse(new MemoryStream("34 30 0:31 / /sys/fs/cgroup\n"u8.ToArray()), "mountinfo"));
        Assert.Equal(1, e.LineNumber);
    }

    [Fact]
    public void Truncated_or_corrupted_cgroup_and_mountinfo_give_only_bad_input()
    {
        var cgroup = "9:name=systemd:/\n8:pids:/\n4:memory:/process_api/5bc0\n2:cpu,cpuacct:/\n0::/\n"u8.ToArray();
        RuntimeStatsFixtures.AssertOnlyBadInputOrSuccess(cgroup, b => ProcCgroupParser.Parse(RuntimeStatsFixtures.Stream(b), "cgroup"));
        var mountinfo = Encoding.UTF8.GetBytes(
            "30 22 0:27 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755\n" +
            "34 30 0:31 / /sys/fs/cgroup/memory rw,relatime shared:5 - cgroup cgroup rw,memory\n" +
            "40 30 0:37 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw\n");
        RuntimeStatsFixtures.AssertOnlyBadInputOrSuccess(mountinfo, b => MountInfoParser.Parse(RuntimeStatsFixtures.Stream(b), "mountinfo"));
    }

    private static ProcCgroups Parse(string text) => ProcCgroupParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(text)), "cgroup");
}
