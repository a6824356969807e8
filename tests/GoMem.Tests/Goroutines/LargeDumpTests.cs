using GoMem.Goroutines;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Goroutines;

/// <summary>A 100,000-goroutine debug=2 dump written by a real Go program (examples/goroutinedump), generated at test time.</summary>
public sealed class LargeDumpTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-goroutines-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Hundred_thousand_goroutines_parse_exactly_with_bounded_allocation()
    {
        var binary = GoExamples.Build("goroutinedump");
        var path = Path.Combine(_dir, "dump.txt");
        GoExamples.Run(binary, "-n", "100000", "-debug", "2", "-o", path);
        var size = new FileInfo(path).Length;

        var before = GC.GetAllocatedBytesForCurrentThread();
        var dump = GoroutineDumpReader.ReadFile(path);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        var report = GoroutineReport.Analyze(dump, new GoroutineReportOptions { Grouping = GoroutineGrouping.TopFunction });
        var counts = report.Groups.ToDictionary(g => g.Key, g => g.Count);
        Assert.Equal(40_000, counts["main.parkOnChannel"]);
        Assert.Equal(20_000, counts["main.parkInSelect"]);
        Assert.Equal(20_000, counts["sync.runtime_Semacquire"]);
        Assert.Equal(10_000, counts["time.Sleep"]);
        Assert.Equal(10_000, counts["main.parkOnSend"]);
        Assert.True(size > 20_000_000, $"the dump is {size} bytes");

        // Memory follows the distinct stacks, not the goroutines: far less than the file, and no string per line.
        Assert.True(allocated < size / 8, $"parsing {size} bytes allocated {allocated} bytes");
    }
}
