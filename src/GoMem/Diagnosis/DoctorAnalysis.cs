using System.Globalization;
using GoMem.Findings;
using GoMem.Gc.Analysis;
using GoMem.Gc.Tuning;
using GoMem.Goroutines;
using GoMem.Leaks;
using GoMem.Profiles;
using GoMem.Profiles.Analysis;
using GoMem.RuntimeStats.Breakdown;

namespace GoMem.Diagnosis;

/// <summary>
/// The whole diagnosis of one process from a series of its snapshots. Every section is an existing analysis run on
/// what the series holds: the memory breakdown of <c>explain</c> (last snapshot, rates across the window), the leak
/// check of <c>leak</c>, churn against retention of <c>top --compare-alloc</c> (last heap profile), the goroutine
/// groups of <c>goroutines</c> (last dump), the GC rules that the runtime's own figures allow, and the advice of
/// <c>gc tune</c> when the memory limit is known. This class only wires them and orders their findings: by
/// severity, then by section (a leak before a breakdown remark), then in each analysis's own order. Pure.
/// </summary>
public static class DoctorAnalysis
{
    /// <summary>Codes of <c>gc tune</c> that say what the breakdown already said (shown once, as the breakdown says it).</summary>
    private static readonly Dictionary<string, string> SameAs = new(StringComparer.Ordinal)
    {
        ["no-memlimit"] = "gomemlimit-unset",
    };

    public static DoctorReport Analyze(DoctorInputs inputs, DoctorOptions options)
    {
        var series = inputs.Series;
        var notes = new List<string>();
        var findings = new List<DoctorFinding>();

        LeakReport? leaks = null;
        if (series.Snapshots.Count >= LeakOptions.MinSnapshots)
        {
            leaks = LeakAnalysis.Analyze(series, options.Leak with { LimitBytes = options.LimitBytes ?? LastLimit(inputs) }, inputs.Skipped);
            findings.AddRange(leaks.Findings.Select(f => new DoctorFinding(DoctorSection.Leaks, f.ToFinding())));
        }
        else
        {
            notes.Add($"no leak verdicts: a leak check needs at least {LeakOptions.MinSnapshots} snapshots, this has {series.Snapshots.Count}");
            notes.AddRange(inputs.Skipped.Select(s => "skipped " + s.Problem));
        }

        var (breakdown, evidence) = Breakdown(inputs, options, notes);
        DoctorGcFigures? gc = null;
        TuningAdvice? tuning = null;
        if (breakdown is not null && evidence is not null)
        {
            findings.AddRange(breakdown.Findings.Select(f => new DoctorFinding(DoctorSection.Memory, f)));
            gc = new DoctorGcFigures(breakdown.GcCpuFraction, breakdown.Pauses, breakdown.Rates?.GcPerMinute, breakdown.Rates?.AllocBytesPerSecond, breakdown.NextGcBytes, evidence.GogcPercent, evidence.GoMemLimitBytes);
            findings.AddRange(GcFindings.ForRuntime(gc.GcCpuFraction, gc.Pauses?.MaxSeconds).Select(f => new DoctorFinding(DoctorSection.Gc, f)));
            tuning = Tuning(breakdown, evidence, options.LimitBytes is not null ? "the given limit" : "the cgroup's limit", notes);
            if (tuning is not null)
            {
                var stated = findings.Select(f => f.Finding.Code).ToHashSet(StringComparer.Ordinal);
                findings.AddRange(tuning.Warnings
                    .Where(w => !(SameAs.TryGetValue(w.Code, out var same) && stated.Contains(same)))
                    .Select(w => new DoctorFinding(DoctorSection.Tuning, w)));
            }
        }

        var heap = series.Snapshots.LastOrDefault(s => s.Heap is not null)?.Heap;
        var churn = Churn(heap, options, notes);
        var dump = series.Snapshots.LastOrDefault(s => s.Goroutines is not null)?.Goroutines;
        var goroutines = dump is null ? null : GoroutineReport.Analyze(dump, new GoroutineReportOptions { MaxGroups = options.MaxRows });
        if (dump is null)
        {
            notes.Add("no goroutine groups: the snapshots hold no goroutine profile or dump");
        }

        var ordered = findings
            .Select((f, i) => (f, i))
            .OrderByDescending(x => x.f.Finding.Severity)
            .ThenBy(x => x.f.Section)
            .ThenBy(x => x.i)
            .Select(x => x.f)
            .ToList();
        return new DoctorReport
        {
            Source = inputs.Source,
            Snapshots = series.Snapshots.Count,
            SpanSeconds = series.Minutes.Length > 0 ? series.Minutes[^1] * 60 : 0,
            Findings = ordered,
            Breakdown = breakdown,
            Leaks = leaks,
            Churn = churn,
            Goroutines = goroutines,
            Gc = gc,
            Tuning = tuning,
            Notes = notes,
        };
    }

    private static long? LastLimit(DoctorInputs inputs) => inputs.Evidence.Count > 0 ? inputs.Evidence[^1].Evidence.LimitBytes : null;

    /// <summary>explain's breakdown of the last snapshot with runtime figures, and the rates across the series.</summary>
    private static (MemoryBreakdown?, MemoryEvidence?) Breakdown(DoctorInputs inputs, DoctorOptions options, List<string> notes)
    {
        if (inputs.Evidence.Count == 0)
        {
            notes.Add("no memory breakdown, GC figures or GOGC/GOMEMLIMIT advice: the snapshots hold no /debug/vars or /metrics");
            return (null, null);
        }

        var last = inputs.Evidence[^1].Evidence;
        var evidence = last with { LimitBytes = options.LimitBytes ?? last.LimitBytes };
        var breakdown = BreakdownRates.Add(MemoryBreakdownAnalysis.Analyze(evidence), inputs.Evidence, null);
        return (breakdown, evidence);
    }

    /// <summary>gc tune's advice for the known limit, from what the last snapshot measured (no trace: rules, not a replay).</summary>
    private static TuningAdvice? Tuning(MemoryBreakdown breakdown, MemoryEvidence evidence, string limitSource, List<string> notes)
    {
        if (evidence.LimitBytes is not { } limit || limit <= 0)
        {
            notes.Add("no GOGC/GOMEMLIMIT advice: the memory limit is not known (give the container's limit)");
            return null;
        }

        var known = evidence.GogcPercent is not null || evidence.GoMemLimitBytes is not null;
        var memLimit = evidence.GoMemLimitBytes is { } bytes && bytes != long.MaxValue ? bytes.ToString(CultureInfo.InvariantCulture) : null;
        var gogc = evidence.GogcPercent switch
        {
            null => null,
            < 0 => "off",
            { } percent => percent.ToString("0", CultureInfo.InvariantCulture),
        };
        var container = new ContainerLimits("container", limitSource, limit, null, SwapAllowance.Unknown, known, memLimit, gogc);
        var measured = new TuningEvidence(
            evidence.Runtime.NonHeapBytes,
            "the runtime's Sys − HeapSys",
            breakdown.NonGoBytes,
            breakdown.LiveHeapEstimateBytes,
            breakdown.LiveHeapEstimateMethod,
            null);
        return GcTuningAnalysis.Analyze(container, measured, TuningGoal.General);
    }

    private static AllocRetentionReport? Churn(Profile? heap, DoctorOptions options, List<string> notes)
    {
        if (heap is null)
        {
            notes.Add("no churn vs retention: the snapshots hold no heap profile");
            return null;
        }

        return AllocRetentionReport.Analyze(heap, new ReportOptions { NodeCount = options.MaxRows });
    }
}
