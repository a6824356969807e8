using System.Text;
using GoMem.Goroutines;
using GoMem.Leaks;
using GoMem.Output.Goroutines;

namespace GoMem.Tests.Goroutines;

/// <summary>
/// A goroutine the runtime lists as "goroutine running on other thread; stack unavailable" (tracebackothers, for a
/// goroutine running on another M): named by those words in every report, never an empty name or a runtime goroutine.
/// </summary>
public sealed class UnavailableStackTests
{
    private const string Dump = """
        goroutine 1 [chan receive]:
        main.main()
        	/src/app/main.go:61 +0x14f

        goroutine 22 [running]:
        	goroutine running on other thread; stack unavailable
        created by main.main in goroutine 1
        	/src/app/main.go:55 +0x16a

        goroutine 23 [running]:
        	goroutine running on other thread; stack unavailable
        created by main.main in goroutine 1
        	/src/app/main.go:55 +0x16a

        goroutine 9 [running]:
        	goroutine running on other thread; stack unavailable
        created by runtime.gcBgMarkStartWorkers in goroutine 1
        	/usr/local/go/src/runtime/mgc.go:1234 +0x105

        """;

    [Fact]
    public void The_goroutine_is_named_by_the_runtime_words_and_shown()
    {
        var report = GoroutineReport.Analyze(Parse(Dump));
        Assert.Equal(4, report.Total);
        Assert.Equal(1, report.HiddenRuntime);
        var group = report.Groups[0];
        Assert.Equal("(running on other thread; stack unavailable)", group.Key);
        Assert.Equal(GoroutineFrames.StackUnavailable, group.TopFunction);
        Assert.Equal(2, group.Count);
        Assert.Equal([new StateCount("running", 2)], group.States);
        Assert.Equal(new GoroutineFrame("main.main", "/src/app/main.go", 55), group.CreatedBy);

        var text = new StringWriter();
        GoroutineTextRenderer.Write(text, report);
        Assert.Contains("2 goroutines: (running on other thread; stack unavailable)  [running 2]", text.ToString(), StringComparison.Ordinal);
        using var json = new MemoryStream();
        GoroutineJsonRenderer.Write(json, report);
        Assert.Contains("\"key\": \"(running on other thread; stack unavailable)\"", Encoding.UTF8.GetString(json.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_runtime_goroutine_without_a_stack_is_told_by_its_creator()
    {
        var all = GoroutineReport.Analyze(Parse(Dump), new GoroutineReportOptions { UseDefaultIgnores = false });
        Assert.Equal(0, all.HiddenRuntime);
        Assert.Equal(2, all.Groups.Count(g => g.Key == GoroutineFrames.StackUnavailable));
        Assert.Contains(all.Groups, g => g.CreatedBy?.Function == "runtime.gcBgMarkStartWorkers");
    }

    [Fact]
    public void The_leak_digest_groups_it_under_the_same_name_with_no_user_frame()
    {
        var digest = GoroutineDigest.Of(Parse(Dump));
        var (key, series) = Assert.Single(digest.Groups, g => g.Key.Top == GoroutineFrames.StackUnavailable);
        Assert.Null(key.User);
        Assert.Equal(GoroutineFrames.StackUnavailable, series.Site.Function);
        Assert.Equal([new StateCount("running", 2)], series.States);
        Assert.DoesNotContain(digest.Groups, g => g.Key.Top.Length == 0);
    }

    [Fact]
    public void Only_the_line_in_place_of_a_stack_makes_the_frame()
    {
        // A goroutine with frames keeps them; the runtime prints the line only for a goroutine it has no stack of.
        var dump = Parse("goroutine 5 [running]:\nmain.spin()\n\t/src/app/spin.go:9 +0x1\n");
        Assert.Equal("main.spin", Assert.Single(Assert.Single(dump.Stacks).Frames).Function);
    }

    private static GoroutineDump Parse(string text) =>
        GoroutineDumpReader.ReadBytes("dump.txt", Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal)));
}
