using GoMem.RuntimeStats.Expvar;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.RuntimeStats.Expvar;

public sealed class GcPauseHistoryTests
{
    [Fact]
    public void Recent_pauses_of_a_real_capture_are_in_cycle_order_and_end_at_LastGC()
    {
        var stats = ExpvarParser.ParseFile(RepoPaths.Scenario("leakymap", "vars.1.json")).MemStats!;
        var pauses = GcPauseHistory.Recent(stats);
        Assert.Equal(
            [new GcPause(1, 44995, 1795402668701432391), new GcPause(2, 329662, 1795402668726834028), new GcPause(3, 29035, 1795402668774721549)],
            pauses);
        Assert.Equal(stats.LastGC, GcPauseHistory.Last(stats)!.Value.EndUnixNs);
        Assert.Equal(stats.PauseTotalNs, pauses.Aggregate(0UL, (sum, p) => sum + p.PauseNs));
    }

    [Fact]
    public void Ring_wraps_after_256_cycles()
    {
        // A capture's ring rotated as Go would after 300 cycles: cycle c sits at (c-1)%256.
        var real = ExpvarParser.ParseFile(RepoPaths.Scenario("churn", "vars.2.json")).MemStats!;
        var pauseNs = new ulong[256];
        var pauseEnd = new ulong[256];
        for (var cycle = 1UL; cycle <= 300; cycle++)
        {
            pauseNs[(cycle - 1) % 256] = cycle * 10;
            pauseEnd[(cycle - 1) % 256] = 1_000_000 + cycle;
        }

        var stats = real with { NumGC = 300, PauseNs = pauseNs, PauseEnd = pauseEnd };
        var pauses = GcPauseHistory.Recent(stats);
        Assert.Equal(256, pauses.Count);
        Assert.Equal(new GcPause(45, 450, 1_000_045), pauses[0]);
        Assert.Equal(new GcPause(300, 3000, 1_000_300), pauses[^1]);
        Assert.Equal(pauseNs[(300 + 255) % 256], GcPauseHistory.Last(stats)!.Value.PauseNs);
        Assert.Empty(GcPauseHistory.Recent(stats with { NumGC = 0 }));
        Assert.Null(GcPauseHistory.Last(stats with { NumGC = 0 }));
    }
}
