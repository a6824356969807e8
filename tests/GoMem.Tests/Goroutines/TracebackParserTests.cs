using System.Text;
using GoMem.Goroutines;
using GoMem.IO;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Goroutines;

/// <summary>The debug=2 / crash-log traceback parser, on dumps written by real Go programs and on hand-made edge cases.</summary>
public sealed class TracebackParserTests
{
    [Fact]
    public void Debug2_dump_of_the_goroutine_leak_counts_every_goroutine_with_state_and_creator()
    {
        var dump = GoroutineDumpReader.ReadFile(RepoPaths.Scenario("goroutineleak", "goroutine.2.debug2.txt"));
        Assert.Equal(GoroutineDumpFormat.Debug2, dump.Format);
        Assert.Equal(203, dump.Total);
        var leak = Assert.Single(dump.Stacks, s => s.Frames[0].Function == "main.waitForReply");
        Assert.Equal(200, leak.Count);
        Assert.Equal([new StateCount("chan receive", 200)], leak.States);
        Assert.Equal(new GoroutineFrame("main.work", "gomem.example/examples/goroutineleak/main.go", 57), leak.CreatedBy);
        Assert.Equal(new GoroutineFrame("main.waitForReply", "gomem.example/examples/goroutineleak/main.go", 46), leak.Frames[0]);
        Assert.False(dump.Truncated);
    }

    [Theory]
    [InlineData("goroutine.2.debug2.txt")]
    [InlineData("goroutine.2.debug1.txt")]
    [InlineData("goroutine.2.pb.gz")]
    public void Every_form_of_the_same_moment_finds_the_leaking_function(string file)
    {
        var dump = GoroutineDumpReader.ReadFile(RepoPaths.Scenario("goroutineleak", file));
        var report = GoroutineReport.Analyze(dump, new GoroutineReportOptions { Grouping = GoroutineGrouping.TopFunction });
        Assert.Equal(203, report.Total);
        Assert.Equal("main.waitForReply", report.Groups[0].Key);
        Assert.Equal(200, report.Groups[0].Count);
    }

    /// <summary>goroutinedump -n 30 parks 12 in chan receive, 6 in select, 6 on a WaitGroup, 3 sleeping, 3 in chan send (examples/capture-series.sh crash).</summary>
    [Fact]
    public void Sigquit_crash_log_is_read_among_its_other_lines()
    {
        var dump = GoroutineDumpReader.ReadFile(Path.Combine(RepoPaths.TestData, "goroutines", "sigquit.crash.log"));
        Assert.Equal(GoroutineDumpFormat.CrashLog, dump.Format);
        var report = GoroutineReport.Analyze(dump, new GoroutineReportOptions { Grouping = GoroutineGrouping.TopFunction });
        var counts = report.Groups.ToDictionary(g => g.Key, g => g.Count);
        Assert.Equal(12, counts["main.parkOnChannel"]);
        Assert.Equal(6, counts["main.parkInSelect"]);
        Assert.Equal(6, counts["sync.runtime_Semacquire"]);
        // 3 parked in time.Sleep; main itself may be caught sleeping too, after it sent SIGQUIT, so count by state.
        Assert.Equal(3, report.Groups.Single(g => g.Key == "time.Sleep").States.Single(s => s.State == "sleep").Count);
        Assert.Equal(3, counts["main.parkOnSend"]);
        Assert.Equal(12, report.Groups.Single(g => g.Key == "main.parkOnChannel").States.Single(s => s.State == "chan receive").Count);
        Assert.True(report.HiddenRuntime > 0, "the crash log holds the runtime's own goroutines (GC workers), hidden by default");
        Assert.All(dump.Stacks.SelectMany(s => s.Frames), f => Assert.DoesNotContain("rax", f.Function, StringComparison.Ordinal));
    }

    /// <summary>The last dump of goroutineleak-series (examples/capture-series.sh): the first 100 leaked goroutines had waited a minute.</summary>
    [Fact]
    public void Wait_minutes_of_a_real_dump_are_read()
    {
        var path = Path.Combine(RepoPaths.TestData, "goroutineleak-series", "extra", "goroutine.final.debug2.txt.gz");
        var report = GoroutineReport.Analyze(GoroutineDumpReader.ReadFile(path));
        var leak = report.Groups[0];
        Assert.Equal("main.waitForReply", leak.TopFunction);
        Assert.Equal(400, leak.Count);
        Assert.Equal(1, leak.MinWaitMinutes);
        Assert.Equal(1, leak.MaxWaitMinutes);
        Assert.Equal(new GoroutineFrame("main.work", "gomem.example/examples/goroutineleak/main.go", 57), leak.CreatedBy);

        using var text = new StreamReader(new System.IO.Compression.GZipStream(File.OpenRead(path), System.IO.Compression.CompressionMode.Decompress));
        Assert.Equal(100, text.ReadToEnd().Split('\n').Count(l => l.EndsWith("[chan receive, 1 minutes]:", StringComparison.Ordinal)));
    }

    /// <summary>goroutinedump -labels: pprof.Do labels per kind, read from ?debug=1's "# labels:" lines and from proto.</summary>
    [Theory]
    [InlineData("labelled.debug1.txt")]
    [InlineData("labelled.pb.gz")]
    public void Pprof_labels_of_debug1_and_proto_dumps_split_the_groups(string file)
    {
        var dump = GoroutineDumpReader.ReadFile(Path.Combine(RepoPaths.TestData, "goroutines", file));
        var report = GoroutineReport.Analyze(dump, new GoroutineReportOptions { Grouping = GoroutineGrouping.TopFunction });
        var byLabel = report.Groups.Where(g => g.Labels.Length > 0).ToDictionary(g => g.Labels, g => g.Count);
        Assert.Equal(80, byLabel["kind=channel"]);
        Assert.Equal(40, byLabel["kind=select"]);
        Assert.Equal(40, byLabel["kind=waitgroup"]);
        Assert.Equal(20, byLabel["kind=sleep"]);
        Assert.Equal(20, byLabel["kind=send"]);
        Assert.Equal("main.parkOnChannel", report.Groups.Single(g => g.Labels == "kind=channel").Key);
    }

    [Fact]
    public void Wait_minutes_and_locked_to_thread_come_from_the_header()
    {
        var text = """
            goroutine 7 [chan receive, 12 minutes, locked to thread]:
            main.wait(...)
            	/src/app/main.go:10
            created by main.start in goroutine 1
            	/src/app/main.go:20 +0x25

            goroutine 8 [chan receive, 3 minutes]:
            main.wait(...)
            	/src/app/main.go:10
            created by main.start in goroutine 1
            	/src/app/main.go:20 +0x25

            """;
        var dump = Parse(text);
        var stack = Assert.Single(dump.Stacks);
        Assert.Equal(2, stack.Count);
        Assert.Equal(3, stack.MinWaitMinutes);
        Assert.Equal(12, stack.MaxWaitMinutes);
        Assert.Equal(1, stack.LockedToThread);
        Assert.Equal(new GoroutineFrame("main.start", "/src/app/main.go", 20), stack.CreatedBy);
    }

    [Fact]
    public void Panic_log_with_surrounding_lines_is_a_crash_log()
    {
        var text = "2026/11/23 04:00:00 starting\npanic: boom\n\ngoroutine 1 [running]:\nmain.main()\n\t/src/app/main.go:5 +0x1d\nexit status 2\n";
        var dump = Parse(text);
        Assert.Equal(GoroutineDumpFormat.CrashLog, dump.Format);
        Assert.Equal(1, dump.Total);
        Assert.Equal("main.main", Assert.Single(Assert.Single(dump.Stacks).Frames).Function);
    }

    [Fact]
    public void Dump_cut_inside_a_goroutine_is_counted_and_marked_truncated()
    {
        var dump = Parse("goroutine 1 [select]:\nmain.loop(0x1)\n\t/src/app/main.go:5 +0x1d\n\ngoroutine 2 [select]:\nmain.lo");
        Assert.Equal(2, dump.Total);
        Assert.True(dump.Truncated);
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("hello\nworld\n", "no goroutine tracebacks found")]
    public void Input_without_goroutines_is_bad_input(string text, string message)
    {
        var e = Assert.Throws<BadInputException>(() => Parse(text));
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("dump.txt", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Heap_profile_is_not_a_goroutine_dump()
    {
        var e = Assert.Throws<BadInputException>(() => GoroutineDumpReader.ReadFile(RepoPaths.Scenario("leakymap", "heap.2.pb.gz")));
        Assert.Contains("not a goroutine profile", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlong_line_inside_a_goroutine_is_refused_with_its_line_number()
    {
        var text = "goroutine 1 [running]:\nmain.f" + new string('x', (1 << 20) + 10) + "()\n";
        var e = Assert.Throws<BadInputException>(() => Parse(text));
        Assert.Equal(2, e.LineNumber);
    }

    [Fact]
    public void Overlong_log_line_outside_goroutines_is_skipped()
    {
        var text = new string('x', (1 << 20) + 10) + "\ngoroutine 1 [running]:\nmain.main()\n\t/src/app/main.go:5 +0x1d\n";
        Assert.Equal(1, Parse(text).Total);
    }

    private static GoroutineDump Parse(string text) => GoroutineDumpReader.ReadBytes("dump.txt", Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal)));
}
