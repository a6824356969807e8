using System.Text;
using GoMem.IO;
using GoMem.RuntimeStats.Proc;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.RuntimeStats.Proc;

public sealed class ProcStatusParserTests
{
    public static TheoryData<string> StatusFiles() => RuntimeStatsFixtures.Files("status*.txt");

    [Fact]
    public void Snapshot_status_is_read_in_bytes()
    {
        var status = ProcStatusParser.ParseFile(RepoPaths.Scenario("snapshot", "status.txt"));
        var kB = 1024L;
        Assert.Equal("memsnapshot", status.Name);
        Assert.Equal(26727, status.Pid);
        Assert.Equal(4, status.Threads);
        Assert.Equal(715884 * kB, status.VmPeakBytes);
        Assert.Equal(715884 * kB, status.VmSizeBytes);
        Assert.Equal(44012 * kB, status.VmHWMBytes);
        Assert.Equal(44012 * kB, status.VmRSSBytes);
        Assert.Equal(40820 * kB, status.RssAnonBytes);
        Assert.Equal(3192 * kB, status.RssFileBytes);
        Assert.Equal(0, status.RssShmemBytes);
        Assert.Equal(101424 * kB, status.VmDataBytes);
        Assert.Equal(132 * kB, status.VmStkBytes);
        Assert.Equal(1516 * kB, status.VmExeBytes);
        Assert.Equal(8 * kB, status.VmLibBytes);
        Assert.Equal(160 * kB, status.VmPTEBytes);
        Assert.Equal(0, status.VmSwapBytes);
        Assert.Equal("S (sleeping)", status.Fields.Single(f => f.Key == "State").Value);
        Assert.Equal("", status.Fields.Single(f => f.Key == "Groups").Value);
    }

    [Theory]
    [MemberData(nameof(StatusFiles))]
    public void Every_captured_status_parses_and_adds_up(string file)
    {
        var status = ProcStatusParser.ParseFile(RuntimeStatsFixtures.FullPath(file));
        Assert.Equal(status.VmRSSBytes, status.RssAnonBytes + status.RssFileBytes + status.RssShmemBytes);
        Assert.True(status.VmHWMBytes >= status.VmRSSBytes);
        Assert.True(status.VmPeakBytes >= status.VmSizeBytes);
        Assert.Equal(File.ReadAllLines(RuntimeStatsFixtures.FullPath(file)).Length, status.Fields.Count);
        var rssLine = File.ReadAllLines(RuntimeStatsFixtures.FullPath(file)).Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        Assert.Equal(long.Parse(rssLine.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024, status.VmRSSBytes);
    }

    [Theory]
    [MemberData(nameof(StatusFiles))]
    public void Truncated_or_corrupted_status_gives_only_bad_input(string file)
    {
        RuntimeStatsFixtures.AssertOnlyBadInputOrSuccess(RuntimeStatsFixtures.Bytes(file), b => ProcStatusParser.Parse(RuntimeStatsFixtures.Stream(b), file));
    }

    [Fact]
    public void Escaped_command_names_are_unescaped()
    {
        var text = File.ReadAllText(RepoPaths.Scenario("snapshot", "status.txt")).Replace("Name:\tmemsnapshot", "Name:\ta\\nb\\\\nc", StringComparison.Ordinal);
        Assert.Equal("a\nb\\nc", Parse(text).Name);
    }

    [Fact]
    public void Macos_vm_stat_output_is_rejected_on_line_1()
    {
        var e = Reject(
            "Mach Virtual Memory Statistics: (page size of 16384 bytes)\nPages free:                               12345.\nPages active:                            234567.\n",
            "not a Linux /proc/PID/status file (\"Key:<tab>value\" lines, such as \"VmRSS:<tab>1234 kB\"): \"Mach Virtual Memory Statistics");
        Assert.Equal(1, e.LineNumber);
    }

    [Fact]
    public void Freebsd_procfs_status_is_rejected_on_line_1()
    {
        var e = Reject("gomem 1234 1 1234 1234 5,0 ctty 1700000000,123456 0,10 0,20 nochan 0 0 0,0 -\n", "not a Linux /proc/PID/status file");
        Assert.Equal(1, e.LineNumber);
    }

    [Fact]
    public void Kernel_thread_without_vmrss_is_rejected()
    {
        Reject("Name:\tkworker/0:1\nUmask:\t0000\nState:\tI (idle)\nPid:\t12\nThreads:\t1\n", "no VmRSS line: a kernel thread");
    }

    [Fact]
    public void Non_numeric_sizes_and_counts_name_their_line()
    {
        var valid = File.ReadAllText(RepoPaths.Scenario("snapshot", "status.txt"));
        var e = Reject(valid.Replace("VmRSS:\t   44012 kB", "VmRSS:\t   lots kB", StringComparison.Ordinal), "VmRSS is not a size in kB: \"lots kB\"");
        Assert.Equal(23, e.LineNumber);
        Reject(valid.Replace("VmRSS:\t   44012 kB", "VmRSS:\t   44012 MB", StringComparison.Ordinal), "VmRSS is not a size in kB");
        Reject(valid.Replace("Threads:\t4", "Threads:\tfour", StringComparison.Ordinal), "Threads is not a number: \"four\"");
        Reject(valid.Replace("VmSwap:", "VmSwap has:", StringComparison.Ordinal), "not a /proc/PID/status line");
        Reject(valid + "VmRSS:\t1 kB\n", "a second VmRSS line");
    }

    // `grep Vm /proc/PID/status > rss.txt`, with or without a Name line: any subset of the keys, as long as VmRSS is there.
    [Theory]
    [InlineData("VmHWM:\t  123456 kB\nVmRSS:\t  120000 kB\n", "", null)]
    [InlineData("Name:\tsvc\nVmHWM:\t  123456 kB\nVmRSS:\t  120000 kB\n", "svc", null)]
    [InlineData("Pid:\t77\nVmRSS:\t  120000 kB\n", "", 77)]
    public void An_excerpt_with_any_subset_of_keys_is_read(string text, string name, int? pid)
    {
        var status = Parse(text);
        Assert.Equal(120000 * 1024L, status.VmRSSBytes);
        Assert.Equal(name, status.Name);
        Assert.Equal(pid, status.Pid);
        Assert.Null(status.Threads);
    }

    [Fact]
    public void An_excerpt_without_VmRSS_says_what_it_needs()
    {
        Reject("VmPeak:\t  715884 kB\nVmSize:\t  715884 kB\n", "no VmRSS line: an excerpt of /proc/PID/status needs at least its VmRSS line");
    }

    [Fact]
    public void Empty_file_is_rejected()
    {
        Reject("", "the file is empty");
    }

    private static ProcStatus Parse(string text) => ProcStatusParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(text)), "status.txt");

    private static BadInputException Reject(string text, string problem)
    {
        var e = Assert.Throws<BadInputException>(() => Parse(text));
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        return e;
    }
}
