using GoMem.Gc.WhatIf;
using Xunit.Abstractions;

namespace GoMem.Tests.Gc.WhatIf;

/// <summary>
/// The what-if's validation under a binding memory limit, on real runs (examples/capture-gc-limit.sh, Go 1.19,
/// testdata/gc/limit): three workloads whose live heap comes close to GOMEMLIMIT=119MiB (steady near it, growing into
/// it, bursting into it), each run five times at GOGC=100 without a limit, at GOGC=100 with the limit and at GOGC=off
/// with it. Each limited setting is predicted from each unlimited GOGC=100 run alone, with the defaults (no --non-heap),
/// and compared with the median of its measured runs: GC count and peak heap within 15%. A model-accuracy regression
/// test: the inputs are committed logs, the arithmetic deterministic. docs/GC-WHATIF.md has the tables.
/// The second session (heldout/, three runs each, captured once the model was settled) ran under a heavier load of the
/// shared machine: its measurements differ from the first session's by up to 24%, and its predictions are held to
/// the 30% they reach there, so that they cannot get worse unnoticed.
/// </summary>
public class WhatIfLimitValidationTests(ITestOutputHelper output)
{
    private const double Bound = 0.15;

    private const double HeldOutBound = 0.30;

    private const long Limit = 119L << 20;

    /// <summary>The captures' Go release: its pacer kept 1 MiB of headroom under the memory limit.</summary>
    private const int CapturedGoMinor = 19;

    public static TheoryData<string, string, string> Workloads()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var set in new[] { "", "heldout/" })
        {
            foreach (var workload in new[] { "steady", "growing", "bursty" })
            {
                data.Add(set, workload, "gogc100-limit");
                data.Add(set, workload, "gogcoff-limit");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Workloads))]
    public void Predicts_gc_count_and_peak_heap_under_the_limit_from_an_unlimited_GOGC_100_trace(string set, string workload, string setting)
    {
        var measured = Runs($"{set}{workload}.{setting}").Select(r => r.Runs[0].Cycles).ToArray();
        var measuredCount = Median(measured.Select(c => (double)c.Count));
        var measuredPeak = Median(measured.Select(c => (double)c.Max(x => x.HeapEndBytes)));
        var settings = new PacerSettings(setting == "gogcoff-limit" ? null : 100, Limit, null, WorkloadKind.Batch, CapturedGoMinor);
        var baselines = Runs($"{set}{workload}.gogc100");
        Assert.Equal(set == "" ? 5 : 3, baselines.Length);
        var errors = new List<(double Count, double Peak)>();
        foreach (var (baseline, k) in baselines.Select((b, i) => (b, i + 1)))
        {
            var report = WhatIfAnalysis.Analyze(baseline, settings);
            var countError = (report.Predicted.GcCount / measuredCount) - 1;
            var peakError = (report.Predicted.PeakHeapBytes / measuredPeak) - 1;
            output.WriteLine($"{set}{workload}.{setting} from {workload}.gogc100.run{k}: GCs {report.Predicted.GcCount} vs {measuredCount} ({countError:+0.0%;-0.0%}), peak {report.Predicted.PeakHeapBytes / (1 << 20):0} vs {measuredPeak / (1 << 20):0} MiB ({peakError:+0.0%;-0.0%})");
            errors.Add((countError, peakError));
        }

        var bound = set == "" ? Bound : HeldOutBound;
        Assert.All(errors, e => Assert.InRange(e.Count, -bound, bound));
        Assert.All(errors, e => Assert.InRange(e.Peak, -bound, bound));
    }

    [Fact]
    public void The_limit_binds_in_every_measured_run()
    {
        // Without the limit the GOGC=100 goals rise past it; with it, they stay under it: the runs exercise the
        // limit's pacing, not GOGC's.
        foreach (var run in Runs("*.gogc100").Concat(Runs("heldout/*.gogc100")))
        {
            Assert.True(MedianGoal(run) > Limit, $"{string.Join(", ", run.Sources)}: the median goal {MedianGoal(run) / (1 << 20):0} MiB is under the limit");
        }

        foreach (var run in Runs("*.gogc*-limit").Concat(Runs("heldout/*.gogc*-limit")))
        {
            Assert.True(MedianGoal(run) < Limit * 0.9, $"{string.Join(", ", run.Sources)}: the median goal {MedianGoal(run) / (1 << 20):0} MiB is not under the limit");
        }
    }

    private static double MedianGoal(GoMem.Gc.Model.GcTrace trace) => Median(trace.Runs[0].Cycles.Where(c => c.HasGoal).Select(c => (double)c.GoalBytes));

    private static GoMem.Gc.Model.GcTrace[] Runs(string pattern) =>
        [.. Directory.GetFiles(Path.Combine(GcFixtures.Dir, "limit", Path.GetDirectoryName(pattern) ?? ""), Path.GetFileName(pattern) + ".run*.log.gz").Order(StringComparer.Ordinal).Select(p => GcFixtures.Read(Path.GetRelativePath(GcFixtures.Dir, p)))];

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
