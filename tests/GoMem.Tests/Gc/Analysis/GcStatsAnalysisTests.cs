using System.Globalization;
using System.Text.RegularExpressions;
using GoMem.Gc.Analysis;

namespace GoMem.Tests.Gc.Analysis;

public partial class GcStatsAnalysisTests
{
    [Theory]
    [InlineData("gogc100.run1.log")]
    [InlineData("forced.log")]
    [InlineData("gogcoff-limit250.run2.log")]
    public void Pause_and_cpu_totals_match_a_direct_reading_of_the_lines(string name)
    {
        var report = GcStatsAnalysis.Analyze(GcFixtures.Read(name));

        // Recomputed here from the raw text with a regular expression, independently of the parser.
        var pauses = new List<double>();
        double assist = 0, background = 0, idle = 0, charged = 0;
        foreach (Match m in CyclePattern().Matches(File.ReadAllText(GcFixtures.Log(name))))
        {
            double D(string group) => double.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);
            pauses.Add((D("stw1") + D("stw2")) / 1000);
            assist += D("assist");
            background += D("bg");
            idle += D("idle");
            charged += D("cpu1") + D("assist") + D("bg") + D("cpu2");
        }

        Assert.Equal(pauses.Count, report.GcCount);
        Assert.Equal(pauses.Max(), report.Pauses.MaxSeconds, 12);
        Assert.Equal(pauses.Sum(), report.Pauses.TotalSeconds, 9);
        Assert.Equal(assist / (assist + background + idle), report.Cpu.AssistFraction, 9);
        Assert.Equal(assist / 1000, report.Cpu.AssistSeconds, 9);
        var run = GcFixtures.Read(name).Runs[0];
        Assert.Equal(charged / 1000 / (run.SpanSeconds * 2), report.GcCpuFraction!.Value, 9);
        Assert.InRange(report.Pauses.P50Seconds, pauses.Min(), report.Pauses.P99Seconds);
    }

    [Fact]
    public void Reports_peak_heap_and_rate()
    {
        var report = GcStatsAnalysis.Analyze(GcFixtures.Read("gogc400.run1.log"));
        var lines = File.ReadAllLines(GcFixtures.Log("gogc400.run1.log")).Where(l => l.StartsWith("gc ", StringComparison.Ordinal)).ToArray();
        var peak = lines.Max(l => long.Parse(HeapPattern().Match(l).Groups[2].Value, CultureInfo.InvariantCulture)) << 20;

        Assert.Equal(peak, report.Heap.PeakHeapBytes);
        Assert.Equal((report.GcCount - 1) / report.WallSeconds * 60, report.GcPerMinute!.Value, 9);
    }

    [Fact]
    public void A_growing_live_heap_is_a_finding_and_a_level_one_is_not()
    {
        var growing = GcStatsAnalysis.Analyze(GcFixtures.Read("growing.log"));
        var steady = GcStatsAnalysis.Analyze(GcFixtures.Read("steady.log"));

        Assert.True(growing.LiveHeap.Growing);
        Assert.True(growing.LiveHeap.SlopeBytesPerMinute > 0);
        Assert.Contains(growing.Findings, f => f.Code == "live-heap-growing");
        Assert.False(steady.LiveHeap.Growing);
        Assert.DoesNotContain(steady.Findings, f => f.Code == "live-heap-growing");
    }

    [Fact]
    public void Forced_cycles_and_the_limit_are_findings()
    {
        Assert.Contains(GcStatsAnalysis.Analyze(GcFixtures.Read("forced.log")).Findings, f => f.Code == "forced");
        Assert.Contains(GcStatsAnalysis.Analyze(GcFixtures.Read("gogc100-limit150.run1.log")).Findings, f => f.Code == "limit-bound");
        Assert.DoesNotContain(GcStatsAnalysis.Analyze(GcFixtures.Read("gogc100.run1.log")).Findings, f => f.Code is "limit-bound" or "forced");
    }

    [Fact]
    public void Heavy_assists_are_named()
    {
        var report = GcStatsAnalysis.Analyze(GcFixtures.Read("gogc100-limit150.run1.log"));

        Assert.True(report.Cpu.AssistFraction >= GcFindings.AssistHeavyFraction);
        Assert.Contains(report.Findings, f => f.Code == "assist-heavy");
    }

    [Fact]
    public void Cpu_over_time_covers_the_trace_in_ten_windows_that_add_up()
    {
        var report = GcStatsAnalysis.Analyze(GcFixtures.Read("gogc50.run1.log"));

        Assert.Equal(10, report.GcCpuOverTime.Count);
        Assert.Equal(report.GcCpuFraction!.Value, report.GcCpuOverTime.Average(w => w.Fraction), 9);
    }

    [Fact]
    public void Several_runs_are_counted_apart()
    {
        var report = GcStatsAnalysis.Analyze(GcFixtures.Read("gogc100.run1.log", "gogc100.run2.log"));

        Assert.Equal(2, report.RunCount);
        Assert.Equal(GcFixtures.RuntimeNumGc(GcFixtures.Log("gogc100.run1.log")) + GcFixtures.RuntimeNumGc(GcFixtures.Log("gogc100.run2.log")), report.GcCount);
    }

    [GeneratedRegex(@"^gc \d+ @[\d.]+s \d+%: (?<stw1>[\d.]+)\+[\d.]+\+(?<stw2>[\d.]+) ms clock, (?<cpu1>[\d.]+)\+(?<assist>[\d.]+)/(?<bg>[\d.]+)/(?<idle>[\d.]+)\+(?<cpu2>[\d.]+) ms cpu", RegexOptions.Multiline)]
    private static partial Regex CyclePattern();

    [GeneratedRegex(@"(\d+)->(\d+)->(\d+) MB")]
    private static partial Regex HeapPattern();
}
