using System.Text;
using GoMem.IO;
using GoMem.RuntimeStats.Cgroups;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.RuntimeStats.Cgroups;

public sealed class CgroupMemoryReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-cgroup-").FullName;

    public static TheoryData<string> CgroupDirectories() => RuntimeStatsFixtures.CgroupDirectories();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Captured_v1_cgroup_is_read()
    {
        var directory = Path.Combine(RepoPaths.TestData, "cgoleak", "cgroup.1");
        var memory = CgroupMemoryReader.ReadDirectory(directory);
        Assert.Equal(CgroupVersion.V1, memory.Version);
        Assert.Equal(directory, memory.Directory);
        Assert.True(memory.Limit!.Value.IsUnlimited, "9223372036854771712 is v1's 'no limit'");
        Assert.Null(memory.LimitBytes);
        Assert.Null(memory.EffectiveLimitBytes);
        Assert.Equal(469417984, memory.UsageBytes);
        Assert.Equal(59420672, memory.Stat["rss"]);
        Assert.Equal(403148800, memory.Stat["cache"]);
        Assert.Equal(9223372036854771712, memory.Stat["hierarchical_memory_limit"]);
        Assert.Equal(469417984 - 89182208, memory.WorkingSetBytes);
        Assert.Equal(["memory.limit_in_bytes", "memory.stat", "memory.usage_in_bytes"], memory.FilesRead.Order(StringComparer.Ordinal));
        Assert.Null(memory.High);
        Assert.Empty(memory.Events);
    }

    [Theory]
    [MemberData(nameof(CgroupDirectories))]
    public void Every_captured_cgroup_matches_its_files(string relative)
    {
        var directory = RuntimeStatsFixtures.FullPath(relative);
        var memory = CgroupMemoryReader.ReadDirectory(directory);
        var version = File.ReadAllText(Path.Combine(directory, "VERSION")).Trim();
        Assert.Equal(version == "v2" ? CgroupVersion.V2 : CgroupVersion.V1, memory.Version);
        var statLines = File.ReadAllLines(Path.Combine(directory, "memory.stat"));
        Assert.Equal(statLines.Length, memory.Stat.Count);
        foreach (var line in statLines)
        {
            var parts = line.Split(' ');
            Assert.Equal(long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), memory.Stat[parts[0]]);
        }

        var usageFile = memory.Version == CgroupVersion.V2 ? "memory.current" : "memory.usage_in_bytes";
        Assert.Equal(long.Parse(File.ReadAllText(Path.Combine(directory, usageFile)).Trim(), System.Globalization.CultureInfo.InvariantCulture), memory.UsageBytes);
        Assert.NotNull(memory.Limit);
    }

    [Theory]
    [MemberData(nameof(CgroupDirectories))]
    public void Truncated_or_corrupted_cgroup_files_give_only_bad_input(string relative)
    {
        foreach (var file in Directory.GetFiles(RuntimeStatsFixtures.FullPath(relative), "memory.*"))
        {
            var name = Path.GetFileName(file);
            var bytes = File.ReadAllBytes(file);
            Action<byte[]> parse = name == "memory.stat"
                ? b => CgroupValues.ParseKeyValues(RuntimeStatsFixtures.Stream(b), name)
                : b => CgroupValues.ParseLimit(RuntimeStatsFixtures.Stream(b), name);
            RuntimeStatsFixtures.AssertOnlyBadInputOrSuccess(bytes, parse, flips: 100);
        }
    }

    [Fact]
    public void V1_hierarchical_limit_is_the_effective_limit()
    {
        var source = Path.Combine(RepoPaths.TestData, "cgoleak", "cgroup.2");
        foreach (var file in Directory.GetFiles(source))
        {
            var text = File.ReadAllText(file).Replace("hierarchical_memory_limit 9223372036854771712", "hierarchical_memory_limit 536870912", StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(_dir, Path.GetFileName(file)), text);
        }

        var memory = CgroupMemoryReader.ReadDirectory(_dir);
        Assert.True(memory.Limit!.Value.IsUnlimited);
        Assert.Equal(536870912, memory.EffectiveLimitBytes);
    }

    /// <summary>No cgroup v2 host was available for capture: these files follow the kernel's cgroup-v2 documentation.</summary>
    [Fact]
    public void V2_directory_is_read()
    {
        Write("memory.max", "536870912\n");
        Write("memory.high", "max\n");
        Write("memory.low", "0\n");
        Write("memory.swap.max", "max\n");
        Write("memory.current", "134217728\n");
        Write("memory.peak", "150000000\n");
        Write("memory.stat", "anon 100000000\nfile 30000000\nkernel 4000000\nkernel_stack 300000\npagetables 200000\nsock 0\nshmem 0\nfile_mapped 5000000\nactive_file 20000000\ninactive_file 10000000\npgfault 12345\n");
        Write("memory.events", "low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\noom_group_kill 0\n");
        Write("cgroup.procs", "123\n");

        var memory = CgroupMemoryReader.ReadDirectory(_dir);
        Assert.Equal(CgroupVersion.V2, memory.Version);
        Assert.Equal(536870912, memory.LimitBytes);
        Assert.Equal(536870912, memory.EffectiveLimitBytes);
        Assert.True(memory.High!.Value.IsUnlimited);
        Assert.Equal(0, memory.SoftLimit!.Value.Bytes);
        Assert.True(memory.SwapLimit!.Value.IsUnlimited);
        Assert.Equal(134217728, memory.UsageBytes);
        Assert.Equal(150000000, memory.PeakUsageBytes);
        Assert.Null(memory.SwapUsageBytes);
        Assert.Equal(100000000, memory.Stat["anon"]);
        Assert.Equal(1, memory.Events["oom_kill"]);
        Assert.Equal(134217728 - 10000000, memory.WorkingSetBytes);
        Assert.Equal(8, memory.FilesRead.Count);
    }

    [Fact]
    public void Stat_alone_tells_the_version()
    {
        Write("memory.stat", "anon 1\nfile 2\n");
        Assert.Equal(CgroupVersion.V2, CgroupMemoryReader.ReadDirectory(_dir).Version);
    }

    [Fact]
    public void Directory_without_memory_files_is_rejected()
    {
        Write("cgroup.procs", "1\n");
        var e = Assert.Throws<BadInputException>(() => CgroupMemoryReader.ReadDirectory(_dir));
        Assert.Contains("no cgroup memory files", e.Message, StringComparison.Ordinal);
        Assert.Throws<DirectoryNotFoundException>(() => CgroupMemoryReader.ReadDirectory(Path.Combine(_dir, "missing")));
    }

    [Fact]
    public void Mixed_versions_are_rejected()
    {
        Write("memory.max", "max\n");
        Write("memory.usage_in_bytes", "1\n");
        Assert.Throws<BadInputException>(() => CgroupMemoryReader.ReadDirectory(_dir));
    }

    [Theory]
    [InlineData("memory.max", "lots\n", "value is not an integer: \"lots\"")]
    [InlineData("memory.max", "", "the file is empty")]
    [InlineData("memory.max", "1\n2\n", "more than one line in a one-value cgroup file")]
    [InlineData("memory.max", "-5\n", "a memory limit cannot be negative")]
    [InlineData("memory.current", "max\n", "value is not an integer: \"max\"")]
    [InlineData("memory.stat", "anon 1\nfile two\n", "value of file is not an integer: \"two\"")]
    [InlineData("memory.stat", "anon 1\nanon 2\n", "a second anon line")]
    [InlineData("memory.stat", "anon: 1\n", "not a cgroup \"key value\" line")]
    public void Bad_files_name_file_and_line(string name, string content, string problem)
    {
        Write(name, content);
        if (name != "memory.max")
        {
            Write("memory.max", "max\n");
        }

        var e = Assert.Throws<BadInputException>(() => CgroupMemoryReader.ReadDirectory(_dir));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.Equal(Path.Combine(_dir, name), e.Source);
    }

    [Theory]
    [InlineData("9223372036854771712", true)]
    [InlineData("9223372036854710272", true)]
    [InlineData("9223372035000000000", false)]
    [InlineData("max", true)]
    [InlineData("0", false)]
    public void Unlimited_is_max_or_the_page_rounded_long_max(string value, bool unlimited)
    {
        var limit = CgroupValues.ParseLimit(new MemoryStream(Encoding.UTF8.GetBytes(value + "\n")), "memory.limit_in_bytes");
        Assert.Equal(unlimited, limit.IsUnlimited);
    }

    private void Write(string name, string content) => File.WriteAllText(Path.Combine(_dir, name), content);
}
