using System.Globalization;
using GoMem.Findings;
using GoMem.Gc.WhatIf;
using GoMem.IO;
using static GoMem.Output.Text.HumanText;

namespace GoMem.Gc.Tuning;

/// <summary>
/// Recommends GOMEMLIMIT and GOGC for a container and warns about settings that end in OOM kills or GC thrash.
/// GOMEMLIMIT: the container limit less what the Go runtime does not count (binary, page cache, C memory), measured
/// where the inputs allow, else the common rule of 90%. GOGC: by goal, from the what-if replay of the trace when one is
/// given (the cheapest in GC CPU whose predicted peak leaves the goal's share of room under GOMEMLIMIT and that lets the
/// limit steer no more cycles than the goal allows), else by rule.
/// </summary>
public static class GcTuningAnalysis
{
    /// <summary>The GOGC values tried on a trace.</summary>
    public static readonly double?[] CandidateGogcs = [50, 75, 100, 150, 200, 300, 400, null];

    public static TuningAdvice Analyze(ContainerLimits container, TuningEvidence evidence, TuningGoal goal)
    {
        if (container.LimitBytes is not { } limit || limit <= 0)
        {
            throw new BadInputException(container.Source, $"{container.Name}: no memory limit, so nothing bounds the process: set resources.limits.memory");
        }

        var (memLimit, rule) = RecommendedMemoryLimit(limit, evidence);
        var nonHeap = evidence.RuntimeNonHeapBytes ?? (long)(memLimit * PacerSettings.DefaultNonHeapFraction);
        var heapBudget = Math.Max(1L << 20, memLimit - nonHeap);
        var candidates = new List<TuningCandidate>();
        if (evidence.Trace is { } trace)
        {
            var baseline = WhatIfBaseline.Analyze(trace);
            foreach (var gogc in CandidateGogcs)
            {
                var report = WhatIfAnalysis.Analyze(baseline, new PacerSettings(gogc, memLimit, nonHeap, goal == TuningGoal.Batch ? WorkloadKind.Batch : WorkloadKind.Service, evidence.GoMinor));
                candidates.Add(new TuningCandidate(gogc, report.Predicted));
            }
        }

        var (chosen, gogcRule) = ChooseGogc(goal, candidates, memLimit, evidence);
        var warnings = Warnings(container, evidence, memLimit, heapBudget, chosen);
        return new TuningAdvice(container, goal, memLimit, rule, chosen, gogcRule, heapBudget, candidates, warnings);
    }

    /// <summary>
    /// The GOMEMLIMIT to set under a container limit, and the rule that gave it: the limit less what Go does not count
    /// where that was measured, else the common 90%. The one rule every report that advises GOMEMLIMIT uses.
    /// </summary>
    public static (long Bytes, string Rule) RecommendedMemoryLimit(long limit, TuningEvidence evidence)
    {
        long reserve;
        string rule;
        if (evidence.NonGoBytes is { } nonGo)
        {
            // Measured: what lies outside the runtime's accounting, with a quarter more for growth, at least 5%.
            reserve = Math.Max((long)(nonGo * 1.25), limit / 20);
            rule = $"the limit less the memory Go does not count ({Bytes(nonGo)} measured as RSS − (Sys − HeapReleased)), plus a quarter for growth, at least 5%";
        }
        else if (evidence.RuntimeNonHeapBytes is { } nonHeap)
        {
            reserve = Math.Max(nonHeap, limit / 20);
            rule = $"the limit less the runtime's measured non-heap memory ({Bytes(nonHeap)} from {evidence.RuntimeNonHeapSource}), at least 5%, as room for memory Go does not count";
        }
        else
        {
            reserve = limit / 10;
            rule = "the common rule of 90% of the limit (nothing measured the memory outside Go's accounting: give --vars, or --vars with --status)";
        }

        var value = limit - reserve;
        value -= value % (1L << 20);
        return (Math.Max(value, 1L << 20), rule);
    }

    private static (double? Gogc, string Rule) ChooseGogc(TuningGoal goal, List<TuningCandidate> candidates, long memLimit, TuningEvidence evidence)
    {
        if (candidates.Count == 0)
        {
            return goal switch
            {
                TuningGoal.Latency => (50, "practitioners' rule for latency-sensitive services (a smaller heap and shorter marks; verify with a trace: --trace)"),
                TuningGoal.Throughput => (200, "practitioners' rule for throughput (fewer cycles for more memory; GOMEMLIMIT guards the container)"),
                TuningGoal.Batch when evidence.LiveHeapBytes is { } live && live <= memLimit * 0.4 => (null, $"GOGC=off with GOMEMLIMIT: the live heap ({Bytes(live)}) is well under the limit, so collect only when memory requires it"),
                TuningGoal.Batch => (200, "practitioners' rule for batch jobs (give --trace or --vars to consider GOGC=off)"),
                _ => (100, "the default; a trace (--trace) lets gomem weigh the alternatives"),
            };
        }

        // The share of GOMEMLIMIT the predicted peak may use: latency keeps the limit from ever steering the GC.
        var room = goal switch
        {
            TuningGoal.Latency => 0.6,
            TuningGoal.General => 0.75,
            _ => 0.9,
        };
        // How much of the steering the limit may do: a service should run on GOGC, with the limit as a guard rail.
        var steered = goal switch
        {
            TuningGoal.Latency => 0.0,
            TuningGoal.General => 0.1,
            TuningGoal.Throughput => 0.5,
            _ => 1.0,
        };
        TuningCandidate? best = null;
        foreach (var candidate in candidates)
        {
            var p = candidate.Prediction;
            var allowed = candidate.Gogc is not null || goal == TuningGoal.Batch;
            var fits = p.PeakHeapBytes <= memLimit * room && p.LimiterCycles == 0 && !p.Unbounded && (candidate.Gogc is not null || p.LimitBoundCycles > 0)
                && p.LimitBoundCycles <= steered * Math.Max(1, p.GcCount);
            if (allowed && fits && (best is null || p.GcCpuFraction < best.Prediction.GcCpuFraction))
            {
                best = candidate;
            }
        }

        if (best is null)
        {
            return (100, $"no candidate keeps the predicted peak under {room * 100:0}% of GOMEMLIMIT with the limit steering at most {steered * 100:0}% of cycles: keep the default, and see the warnings");
        }

        var name = best.Gogc is { } g ? g.ToString("0", CultureInfo.InvariantCulture) : "off";
        return (best.Gogc, $"replayed on the trace: GOGC={name} has the lowest predicted GC CPU ({Percent(best.Prediction.GcCpuFraction)}) with a peak heap of {Bytes((long)best.Prediction.PeakHeapBytes)}, within {room * 100:0}% of GOMEMLIMIT, the limit steering at most {steered * 100:0}% of cycles");
    }

    private static List<Finding> Warnings(ContainerLimits c, TuningEvidence evidence, long memLimit, long heapBudget, double? gogc)
    {
        var warnings = new List<Finding>();
        var limit = c.LimitBytes!.Value;
        if (c.EnvironmentKnown && c.GoMemLimit is null)
        {
            warnings.Add(new("no-memlimit", Severity.Warning, "No GOMEMLIMIT: the Go runtime does not know the container's limit, so a heap spike runs into the OOM killer instead of a harder-working GC."));
        }

        if (c.GoMemLimit is { } current && ParseGoMemLimit(current) is { } currentBytes && currentBytes >= limit)
        {
            warnings.Add(new("memlimit-at-limit", Severity.Critical, $"GOMEMLIMIT={current} is at or above the container limit ({Bytes(limit)}): memory Go does not count (binary, page cache, C) pushes the container over before the GC reacts. Leave headroom."));
        }

        if (c.Gogc is { } currentGogc && currentGogc.Trim().Equals("off", StringComparison.OrdinalIgnoreCase) && c.GoMemLimit is null)
        {
            warnings.Add(new("gogc-off-without-limit", Severity.Critical, "GOGC=off without GOMEMLIMIT: the GC never runs, and the heap grows until the container is killed."));
        }

        if (evidence.LiveHeapBytes is { } live)
        {
            var share = (double)live / heapBudget;
            if (share >= 0.8)
            {
                warnings.Add(new("thrash-risk", Severity.Critical, $"The live heap ({Bytes(live)}, {evidence.LiveHeapSource}) is {share * 100:0}% of the heap budget under GOMEMLIMIT ({Bytes(heapBudget)}): the GC would run almost without pause (a death spiral); the CPU limiter then lets memory pass the limit. Raise the limit or shrink the live heap."));
            }
            else if (share >= 0.5)
            {
                warnings.Add(new("live-heap-high", Severity.Warning, $"The live heap ({Bytes(live)}) is {share * 100:0}% of the heap budget under GOMEMLIMIT ({Bytes(heapBudget)}): little room before the GC runs continuously."));
            }
        }

        switch (c.Swap)
        {
            case SwapAllowance.Unlimited:
                warnings.Add(new("swap", Severity.Warning, "Swap is allowed without a bound (Docker --memory-swap unset or -1, or a swap limit of max): the process slows to a crawl under memory pressure instead of failing fast. Set --memory-swap equal to --memory."));
                break;
            case SwapAllowance.Limited:
                warnings.Add(new("swap", Severity.Warning, "Some swap is allowed beyond the memory limit: a Go heap that swaps makes every GC cycle page it back in. Set --memory-swap equal to --memory (or memory.swap.max to 0)."));
                break;
        }

        if (c.RequestBytes is { } request && request < limit / 2)
        {
            warnings.Add(new("requests-far-below-limits", Severity.Warning, $"requests.memory ({Bytes(request)}) is under half of limits.memory ({Bytes(limit)}): the node may be overcommitted, and the pod evicted under node pressure long before it reaches its own limit. Set the request near the expected peak."));
        }

        if (gogc is null && evidence.LiveHeapBytes is null)
        {
            warnings.Add(new("gogc-off-unmeasured", Severity.Info, "GOGC=off relies on GOMEMLIMIT alone: check the live heap stays well below it."));
        }

        return warnings;
    }

    /// <summary>GOMEMLIMIT's own syntax: a number with an optional B, KiB, MiB, GiB or TiB suffix.</summary>
    public static long? ParseGoMemLimit(string text)
    {
        var t = text.Trim();
        if (t.Equals("off", StringComparison.OrdinalIgnoreCase) || t.StartsWith('('))
        {
            return null;
        }

        return IO.ByteSize.TryParse(t, out var bytes) ? bytes : null;
    }
}
