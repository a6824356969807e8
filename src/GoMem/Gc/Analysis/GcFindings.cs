using System.Globalization;
using GoMem.Findings;
using static GoMem.Output.Text.HumanText;

namespace GoMem.Gc.Analysis;

/// <summary>The rules that turn a trace's statistics into findings, each with its cause and remedy.</summary>
public static class GcFindings
{
    /// <summary>Share of mark work done by assists above which allocation is outpacing the collector.</summary>
    public const double AssistHeavyFraction = 0.25;

    /// <summary>GC CPU fraction that deserves attention (the runtime's own target is 25% of GOMAXPROCS while marking).</summary>
    public const double HighGcCpuFraction = 0.10;

    /// <summary>A stop-the-world pause this long deserves a look (current Go stays well under a millisecond).</summary>
    public const double LongPauseSeconds = 0.010;

    /// <summary>
    /// The rules of <see cref="For"/> that a running process's own figures allow, without a trace: GC CPU (the
    /// runtime's GCCPUFraction, since the process started) and the longest recent stop-the-world pause.
    /// </summary>
    public static IReadOnlyList<Finding> ForRuntime(double? gcCpuFraction, double? maxPauseSeconds)
    {
        var findings = new List<Finding>();
        if (gcCpuFraction is { } cpu && cpu >= HighGcCpuFraction)
        {
            findings.Add(new("gc-cpu-high", cpu >= 0.25 ? Severity.Critical : Severity.Warning, $"GC used {Percent(cpu)} of the CPU since the process started",
                "Each cycle's cost grows with the live heap, and the number of cycles with the allocation rate over the room GOGC gives. Allocate less (the churn sites below, pprof alloc_space), or trade memory for CPU with a higher GOGC; a GODEBUG=gctrace=1 log lets gomem gc whatif predict the effect."));
        }

        if (maxPauseSeconds is { } pause && pause >= LongPauseSeconds)
        {
            findings.Add(new("long-pause", Severity.Warning, $"Longest recent stop-the-world pause {Duration(pause)}",
                "Pauses on current Go are normally well under a millisecond. Long ones usually mean the process was descheduled while stopping the world (container CPU throttling: check cpu limits and GOMAXPROCS), or goroutines in tight loops that do not reach a preemption point."));
        }

        return findings;
    }

    public static IReadOnlyList<Finding> For(GcStatsReport r)
    {
        var findings = new List<Finding>();
        if (r.LiveHeap.Growing)
        {
            findings.Add(new("live-heap-growing", Severity.Warning, $"Live heap grew from {Bytes(r.LiveHeap.FirstBytes)} to {Bytes(r.LiveHeap.LastBytes)}, still {Signed(r.LiveHeap.SlopeBytesPerMinute)}/min in the later half of the cycles",
                "What survives each collection keeps rising: a likely leak, or a cache without a bound. Take heap profiles some minutes apart and compare them (gomem leak DIR, or gomem diff -base old.pb.gz new.pb.gz)."));
        }

        if (r.Cpu.AssistFraction >= AssistHeavyFraction)
        {
            findings.Add(new("assist-heavy", Severity.Warning, $"Mutator assists did {Percent(r.Cpu.AssistFraction)} of the mark work",
                "Goroutines that allocate while a cycle runs are drafted to mark: allocation outpaces the background workers (25% of GOMAXPROCS), and the latency shows up in the allocating requests. Cut allocation on the hot paths (gomem top -sample_index=alloc_space on an allocs profile), or give the heap more room (a higher GOGC, or GOMEMLIMIT with headroom) so cycles start earlier."));
        }

        if (r.GcCpuFraction is { } cpu && cpu >= HighGcCpuFraction)
        {
            findings.Add(new("gc-cpu-high", cpu >= 0.25 ? Severity.Critical : Severity.Warning, $"GC used {Percent(cpu)} of the CPU capacity ({r.Procs} P) over the trace",
                "Each cycle's cost grows with the live heap, and the number of cycles with the allocation rate over the room GOGC gives. Allocate less (pprof alloc_space), or trade memory for CPU with a higher GOGC — gomem gc whatif LOG --gogc 200 predicts the effect from this trace."));
        }

        if (r.Pauses.MaxSeconds >= LongPauseSeconds)
        {
            findings.Add(new("long-pause", Severity.Warning, $"Longest stop-the-world pause {Duration(r.Pauses.MaxSeconds)} (gc {r.Pauses.MaxCycle}); p99 {Duration(r.Pauses.P99Seconds)}",
                "Pauses on current Go are normally well under a millisecond. Long ones usually mean the process was descheduled while stopping the world (container CPU throttling: check cpu limits and GOMAXPROCS), or goroutines in tight loops that do not reach a preemption point."));
        }

        if (r.Inferred.LimitBoundCycles > 0)
        {
            var share = (double)r.Inferred.LimitBoundCycles / Math.Max(1, r.GcCount - 1);
            findings.Add(new("limit-bound", share >= 0.5 && (r.GcCpuFraction ?? 0) >= HighGcCpuFraction ? Severity.Warning : Severity.Info,
                $"The memory limit steered {r.Inferred.LimitBoundCycles} cycles (goals held near {Bytes(r.Inferred.LimitHeapGoalBytes ?? 0)})",
                "GOMEMLIMIT, not GOGC, set the heap goal in these cycles: the GC runs more often to stay under the limit. That is its purpose, but if the live heap keeps approaching the limit the GC will run almost continuously (its CPU is capped at about 50%, after which memory passes the limit): see gomem gc tune."));
        }

        if (r.ForcedCount > 0)
        {
            findings.Add(new("forced", Severity.Info, $"{r.ForcedCount} cycles were forced by runtime.GC() or debug.FreeOSMemory()",
                "Forced collections stop the world for the whole mark and are rarely needed: the pacer and GOMEMLIMIT do this job. Find the caller (search the code for runtime.GC and FreeOSMemory)."));
        }

        if (r.PeriodicCount > 0)
        {
            findings.Add(new("periodic", Severity.Info, $"{r.PeriodicCount} periodic cycles (two minutes without a collection)",
                "The runtime forces a cycle every two minutes when nothing else triggers one: the heap grows slowly. Harmless."));
        }

        if (r.UnparsedCount > 0 && r.Unparsed.Count > 0)
        {
            var first = r.Unparsed[0];
            findings.Add(new("unreadable-lines", Severity.Info, $"{r.UnparsedCount} gctrace-like lines could not be read and were skipped (first: {first.Source}:{first.LineNumber}: {first.Problem})",
                "Usually another goroutine wrote to stderr in the middle of a trace line. The statistics use the lines that could be read."));
        }

        return findings;
    }
}
