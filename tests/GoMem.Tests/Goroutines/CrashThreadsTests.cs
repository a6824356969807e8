using System.Text;
using GoMem.Goroutines;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Goroutines;

/// <summary>
/// What a crash log prints that is not a goroutine, or a goroutine a second time (runtime/signal_unix.go's sighandler):
/// "goroutine 0", a thread's own g0 or signal stack, and with GOTRACEBACK=crash each thread's section after "-----",
/// where the goroutine the thread was running is printed again.
/// </summary>
public sealed class CrashThreadsTests
{
    /// <summary>
    /// goroutinedump -n 30 -sigquit under GOTRACEBACK=crash (Go 1.19, examples/capture-series.sh crash): the same 37
    /// goroutines as the plain SIGQUIT log of the same program, then 4 threads' sections with their goroutine 0.
    /// </summary>
    [Fact]
    public void A_real_gotraceback_crash_log_counts_each_goroutine_once_and_keeps_the_threads()
    {
        var crash = GoroutineDumpReader.ReadFile(Path.Combine(RepoPaths.TestData, "goroutines", "sigquit.gotraceback-crash.log"));
        var plain = GoroutineDumpReader.ReadFile(Path.Combine(RepoPaths.TestData, "goroutines", "sigquit.crash.log"));
        Assert.Equal(37, crash.Total);
        Assert.Equal(plain.Total, crash.Total);
        var byTop = GoroutineReport.Analyze(crash, new GoroutineReportOptions { Grouping = GoroutineGrouping.TopFunction }).Groups.ToDictionary(g => g.Key, g => g.Count);
        Assert.Equal(12, byTop["main.parkOnChannel"]);
        Assert.Equal(6, byTop["main.parkInSelect"]);
        Assert.Equal(3, byTop["main.parkOnSend"]);

        Assert.Equal([1L, 2L, 3L, 4L], crash.Threads.Select(t => t.M ?? -1));
        Assert.All(crash.Threads, t => Assert.Equal("SIGQUIT: quit", t.Signal));
        Assert.All(crash.Threads, t => Assert.Equal("idle", t.State));
        Assert.Contains(crash.Threads[0].Frames, f => f.Function == "runtime.sysmon");
        Assert.DoesNotContain(crash.Stacks, s => s.Frames.Any(f => f.Function is "runtime.sysmon" or "runtime.mstart"));
    }

    /// <summary>Handcrafted from sighandler (Go 1.23): a thread found on g0 prints its goroutine 0, then the goroutine it was running.</summary>
    private const string Reprints = """
        SIGQUIT: quit
        PC=0x4717e1 m=0 sigcode=0

        goroutine 1 gp=0xc0000061c0 m=0 mp=0x5f6c40 [running]:
        main.main()
        	/src/app/main.go:20 +0x14f fp=0xc000072f50 sp=0xc000072eb8 pc=0x48f2af

        goroutine 7 gp=0xc000102a80 m=3 mp=0xc000080408 [running]:
        	goroutine running on other thread; stack unavailable
        created by main.main in goroutine 1
        	/src/app/main.go:15 +0x16a

        goroutine 8 gp=0xc000102c40 m=4 mp=0xc000080808 [running]:
        	goroutine running on other thread; stack unavailable
        created by main.main in goroutine 1
        	/src/app/main.go:16 +0x16a

        goroutine 9 gp=0xc000102e00 m=nil [chan receive]:
        main.wait()
        	/src/app/main.go:40 +0x45 fp=0xc000068fc8 sp=0xc000068f88 pc=0x4a3c65
        created by main.main in goroutine 1
        	/src/app/main.go:17 +0x1a

        -----

        SIGQUIT: quit
        PC=0x473a63 m=3 sigcode=18446744073709551610

        goroutine 0 gp=0xc000102380 m=3 mp=0xc000080408 [idle]:
        runtime.usleep(0x2710)
        	/usr/local/go/src/runtime/sys_linux_amd64.s:135 +0x23 fp=0xc00010fe10 sp=0xc00010fe08 pc=0x473a63
        runtime.sighandler(0x3, 0xc00010fe88, 0xc00010fe60, 0xc000102380)
        	/usr/local/go/src/runtime/signal_unix.go:780 +0x5e8 fp=0xc00010fe60 sp=0xc00010fe10 pc=0x436e50
        goroutine 7 gp=0xc000102a80 m=3 mp=0xc000080408 [running]:
        main.spin(...)
        	/src/app/spin.go:9
        main.main.func1()
        	/src/app/main.go:15 +0x25 fp=0xc000068fe0 sp=0xc000068fc8 pc=0x4a3b85
        created by main.main in goroutine 1
        	/src/app/main.go:15 +0x16a

        rax    0xca
        rip    0x473a63

        -----

        SIGQUIT: quit
        PC=0x4a3b85 m=0 sigcode=18446744073709551610

        goroutine 1 gp=0xc0000061c0 m=0 mp=0x5f6c40 [running]:
        main.main()
        	/src/app/main.go:21 +0x150 fp=0xc000072f50 sp=0xc000072eb8 pc=0x48f2b0

        rax    0x0
        rip    0x4a3b85
        exit status 2
        """;

    [Fact]
    public void A_goroutine_printed_again_by_its_thread_is_counted_once_and_gives_its_stack()
    {
        var dump = Parse(Reprints);
        Assert.Equal(4, dump.Total);
        Assert.Equal(4, dump.Stacks.Sum(s => s.Count));
        var spinning = Assert.Single(dump.Stacks, s => s.CreatedBy?.Line == 15);
        Assert.Equal(["main.spin", "main.main.func1"], spinning.Frames.Select(f => f.Function));
        Assert.Equal([new StateCount("running", 1)], spinning.States);
        // Goroutine 8's thread printed no section: it keeps the runtime's words.
        Assert.True(GoroutineFrames.IsStackUnavailable(Assert.Single(dump.Stacks, s => s.CreatedBy?.Line == 16).Frames));
        // Goroutine 1, printed again where its thread took the signal, keeps the stack of the first listing.
        Assert.Equal(20, Assert.Single(dump.Stacks, s => s.Frames[0].Function == "main.main").Frames[0].Line);

        var thread = Assert.Single(dump.Threads);
        Assert.Equal((3L, "SIGQUIT: quit", "idle"), (thread.M!.Value, thread.Signal, thread.State));
        Assert.Equal(["runtime.usleep", "runtime.sighandler"], thread.Frames.Select(f => f.Function));
    }

    [Fact]
    public void Goroutine_0_outside_a_crash_is_a_thread_as_well()
    {
        var dump = Parse("SIGQUIT: quit\nPC=0x4717e1 m=5 sigcode=0\n\ngoroutine 0 [idle]:\nruntime.futex()\n\t/go/src/runtime/sys_linux_amd64.s:557 +0x21\n\n" +
            "goroutine 1 [chan receive]:\nmain.main()\n\t/src/app/main.go:61 +0x14f\n");
        Assert.Equal(1, dump.Total);
        Assert.Equal(5, Assert.Single(dump.Threads).M);
        Assert.Equal("main.main", Assert.Single(dump.Stacks).Frames[0].Function);
    }

    [Fact]
    public void A_goroutine_first_seen_in_a_thread_section_is_counted()
    {
        // Created after tracebackothers listed the goroutines (it races with them): nothing to count it against.
        var dump = Parse("goroutine 1 [running]:\nmain.main()\n\t/src/app/main.go:20 +0x1\n\n-----\n\nSIGQUIT: quit\n\n" +
            "goroutine 12 [running]:\nmain.late()\n\t/src/app/late.go:3 +0x1\n");
        Assert.Equal(2, dump.Total);
        Assert.Empty(dump.Threads);
    }

    private static GoroutineDump Parse(string text) =>
        GoroutineDumpReader.ReadBytes("crash.log", Encoding.UTF8.GetBytes(text.Replace("\r\n", "\n", StringComparison.Ordinal)));
}
