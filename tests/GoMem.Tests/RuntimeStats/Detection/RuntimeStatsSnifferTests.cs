using System.Text;
using GoMem.RuntimeStats.Detection;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.RuntimeStats.Detection;

public sealed class RuntimeStatsSnifferTests
{
    /// <summary>Every file and cgroup folder under testdata/ (profiles, goldens and notes included).</summary>
    public static TheoryData<string> AllFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFileSystemEntries(RepoPaths.TestData, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (File.Exists(path) || Path.GetFileName(path).StartsWith("cgroup.", StringComparison.Ordinal))
            {
                data.Add(Path.GetRelativePath(RepoPaths.TestData, path));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllFixtures))]
    public void Each_fixture_is_recognised_by_content(string relative)
    {
        var name = Path.GetFileName(relative);
        var expected = name switch
        {
            _ when name.StartsWith("vars", StringComparison.Ordinal) && name.EndsWith(".json", StringComparison.Ordinal) => RuntimeStatsSourceKind.ExpvarJson,
            _ when name.StartsWith("metrics", StringComparison.Ordinal) && name.EndsWith(".openmetrics.txt", StringComparison.Ordinal) => RuntimeStatsSourceKind.OpenMetricsText,
            _ when name.StartsWith("metrics", StringComparison.Ordinal) => RuntimeStatsSourceKind.PrometheusText,
            _ when name.StartsWith("status", StringComparison.Ordinal) => RuntimeStatsSourceKind.ProcStatus,
            _ when name.StartsWith("smaps_rollup", StringComparison.Ordinal) => RuntimeStatsSourceKind.SmapsRollup,
            _ when name.StartsWith("cgroup.", StringComparison.Ordinal) => RuntimeStatsSourceKind.CgroupDirectory,
            _ when name.StartsWith("memory.", StringComparison.Ordinal) => RuntimeStatsSourceKind.CgroupMemoryFile,
            _ => RuntimeStatsSourceKind.Unknown,
        };
        var path = RuntimeStatsFixtures.FullPath(relative);
        Assert.Equal(expected, RuntimeStatsSniffer.SniffFile(path));

        if (File.Exists(path) && expected is not (RuntimeStatsSourceKind.CgroupMemoryFile or RuntimeStatsSourceKind.OpenMetricsText))
        {
            // The content alone is enough (one-value cgroup files need their name; OpenMetrics' # EOF is at the end).
            var head = File.ReadAllBytes(path).AsSpan();
            Assert.Equal(expected, RuntimeStatsSniffer.Sniff(head[..Math.Min(head.Length, RuntimeStatsSniffer.HeadBytes)]));
        }
    }

    [Fact]
    public void OpenMetrics_is_told_by_its_head_too()
    {
        var head = File.ReadAllBytes(RepoPaths.Scenario("snapshot", "metrics.openmetrics.txt"))[..RuntimeStatsSniffer.HeadBytes];
        Assert.Equal(RuntimeStatsSourceKind.OpenMetricsText, RuntimeStatsSniffer.Sniff(head));
    }

    [Fact]
    public void Memory_stat_is_told_without_its_name()
    {
        var stat = File.ReadAllBytes(Path.Combine(RepoPaths.TestData, "cgoleak", "cgroup.1", "memory.stat"));
        Assert.Equal(RuntimeStatsSourceKind.CgroupMemoryFile, RuntimeStatsSniffer.Sniff(stat));
        var limit = File.ReadAllBytes(Path.Combine(RepoPaths.TestData, "cgoleak", "cgroup.1", "memory.limit_in_bytes"));
        Assert.Equal(RuntimeStatsSourceKind.Unknown, RuntimeStatsSniffer.Sniff(limit));
        Assert.Equal(RuntimeStatsSourceKind.CgroupMemoryFile, RuntimeStatsSniffer.Sniff(limit, "memory.limit_in_bytes"));
    }

    [Theory]
    [InlineData("9:name=systemd:/\n4:memory:/docker/abc\n0::/\n", RuntimeStatsSourceKind.ProcCgroup)]
    [InlineData("0::/system.slice/app.service\n", RuntimeStatsSourceKind.ProcCgroup)]
    [InlineData("  \n{\"cmdline\": []}", RuntimeStatsSourceKind.ExpvarJson)]
    [InlineData("\uFEFF{}", RuntimeStatsSourceKind.ExpvarJson)]
    [InlineData("go_goroutines 7\n", RuntimeStatsSourceKind.PrometheusText)]
    [InlineData("# TYPE a info\na_info 1\n", RuntimeStatsSourceKind.OpenMetricsText)]
    [InlineData("Mach Virtual Memory Statistics: (page size of 16384 bytes)\nPages free: 12345.\n", RuntimeStatsSourceKind.Unknown)]
    [InlineData("hello, world\n", RuntimeStatsSourceKind.Unknown)]
    [InlineData("VmHWM:\t  123456 kB\nVmRSS:\t  120000 kB\n", RuntimeStatsSourceKind.ProcStatus)]
    [InlineData("Pid:\t12\nThreads:\t4\nVmRSS:\t  120000 kB\n", RuntimeStatsSourceKind.ProcStatus)]
    [InlineData("go_goroutines 7 1700000000000\n", RuntimeStatsSourceKind.PrometheusText)]
    [InlineData("Foo:\t  123456 kB\nVmRSS:\t  120000 kB\n", RuntimeStatsSourceKind.Unknown)]
    [InlineData("", RuntimeStatsSourceKind.Unknown)]
    [InlineData("heap profile: 1: 2 [3: 4] @ heap/1048576\n", RuntimeStatsSourceKind.Unknown)]
    public void Small_inputs_are_classified(string text, RuntimeStatsSourceKind kind)
    {
        Assert.Equal(kind, RuntimeStatsSniffer.Sniff(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>The real go test -json stream of examples/bench (testdata/bench-alloc/v2.json.gz) is not taken for /debug/vars.</summary>
    [Fact]
    public void Go_test_json_is_told_from_expvar()
    {
        using var gzip = new System.IO.Compression.GZipStream(File.OpenRead(Path.Combine(RepoPaths.TestData, "bench-alloc", "v2.json.gz")), System.IO.Compression.CompressionMode.Decompress);
        var head = new byte[RuntimeStatsSniffer.HeadBytes];
        var length = gzip.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);

        Assert.Equal(RuntimeStatsSourceKind.GoTestJson, RuntimeStatsSniffer.Sniff(head.AsSpan(0, length)));
        Assert.Equal(RuntimeStatsSourceKind.ExpvarJson, RuntimeStatsSniffer.Sniff(RuntimeStatsFixtures.Bytes("snapshot/vars.json")));
    }

    [Fact]
    public void Binary_and_gzip_are_unknown()
    {
        Assert.Equal(RuntimeStatsSourceKind.Unknown, RuntimeStatsSniffer.Sniff([0x1f, 0x8b, 8, 0, 0, 0]));
        Assert.Equal(RuntimeStatsSourceKind.Unknown, RuntimeStatsSniffer.Sniff([0x0a, 0x04, 0x08, 0x01]));
        Assert.Equal(RuntimeStatsSourceKind.Unknown, RuntimeStatsSniffer.Sniff("{\"a\":\xff}"u8.ToArray().Select(b => b == 0xC3 ? (byte)0xff : b).ToArray()));
    }

    [Fact]
    public void Sniffing_never_throws_on_cut_or_corrupted_fixtures()
    {
        foreach (var file in new[] { "snapshot/vars.json", "snapshot/metrics.txt", "snapshot/status.txt", "snapshot/smaps_rollup.txt", "cgoleak/cgroup.1/memory.stat", "leakymap/heap.1.pb.gz" })
        {
            var bytes = RuntimeStatsFixtures.Bytes(file);
            RuntimeStatsFixtures.AssertOnlyBadInputOrSuccess(bytes[..Math.Min(bytes.Length, 2000)], b => RuntimeStatsSniffer.Sniff(b, "x"), flips: 200);
        }
    }
}
