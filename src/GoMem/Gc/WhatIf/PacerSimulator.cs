namespace GoMem.Gc.WhatIf;

/// <summary>What a simulated run did.</summary>
public sealed record SimulationResult(
    int GcCount,
    double PeakHeapBytes,
    double GcCpuFraction,
    double TotalStwSeconds,
    int LimitBoundCycles,
    int LimiterCycles,
    bool Unbounded);

/// <summary>
/// Replays a recovered workload under other settings with the pacer of current Go: each cycle's goal is
/// live + (live + roots) × GOGC/100 (at least 4 MiB × GOGC/100), or the memory limit's goal (limit less non-heap
/// memory, less 3% headroom) when lower; marking ends near the goal (as it did in the trace); what the program
/// allocated meanwhile survives that cycle; and when holding the limit would cost more than half the CPU, the GC CPU
/// limiter lets the heap grow past it instead. Pure arithmetic over the model: deterministic.
/// </summary>
public static class PacerSimulator
{
    private const int MaxCycles = 10_000_000;

    public static SimulationResult Run(WorkloadModel w, PacerSettings s, double endOverGoal, double peakEndOverGoal)
    {
        var total = w.TotalAllocationBytes;
        var allocated = 0.0;
        var marked = 0.0;
        var peak = 0.0;
        var gcCpu = 0.0;
        var cycles = 0;
        var limitBound = 0;
        var limiter = 0;
        var mutatorPerByte = w.MutatorCpuSeconds / Math.Max(total, 1);
        var heapMinimum = s.Gogc is { } g0 ? PacerSettings.HeapMinimumBytes * g0 / 100 : PacerSettings.HeapMinimumBytes;
        var limitGoal = LimitGoal(s);

        // A second, pessimistic heap beside the typical one: the peak comes from the cycles that marked longest
        // (most floating garbage, hence the highest next goal), so it follows the high quantile of the mark allocation.
        var markedHigh = 0.0;
        while (cycles < MaxCycles)
        {
            var roots = w.RootBytes;
            var gogcGoal = s.Gogc is { } g ? Math.Max(heapMinimum, marked + ((marked + roots) * g / 100)) : double.PositiveInfinity;
            var goal = Math.Min(gogcGoal, Math.Max(limitGoal, marked));
            if (double.IsPositiveInfinity(goal))
            {
                // GOGC=off without a limit: no cycle ever starts; the heap holds everything allocated.
                peak = Math.Max(peak, marked + (total - allocated));
                return new SimulationResult(cycles, peak, Fraction(w, s, gcCpu), cycles * w.PauseSecondsPerCycle, limitBound, limiter, Unbounded: true);
            }

            var end = Math.Max(goal * endOverGoal, marked + (64 << 10));
            var allocation = end - marked;
            if (allocated + allocation > total)
            {
                peak = Math.Max(peak, marked + (total - allocated));
                break;
            }

            var (live, markAllocation) = Survivors(w, w.MarkAllocationPerMarkedByte, allocated + allocation, allocation);
            markAllocation = gogcGoal > goal ? markAllocation : WithinTriggerBounds(markAllocation, marked, goal, end);
            var cpu = w.StwCpuSecondsPerCycle + (w.MarkCpuSecondsPerByte * (live + markAllocation + roots));
            var mutator = allocation * mutatorPerByte;
            if (gogcGoal > goal && cpu > (cpu + mutator) * PacerSettings.CpuLimiterFraction)
            {
                // The limiter caps GC CPU at about half: the mutator runs on, allocating past the goal.
                allocation = cpu / Math.Max(mutatorPerByte, 1e-18);
                end = marked + allocation;
                if (allocated + allocation > total)
                {
                    peak = Math.Max(peak, marked + (total - allocated));
                    break;
                }

                (live, markAllocation) = Survivors(w, w.MarkAllocationPerMarkedByte, allocated + allocation, allocation);
                cpu = w.StwCpuSecondsPerCycle + (w.MarkCpuSecondsPerByte * (live + markAllocation + roots));
                limiter++;
            }

            limitBound += gogcGoal > goal ? 1 : 0;
            var highGoal = s.Gogc is { } gh ? Math.Max(heapMinimum, markedHigh + ((markedHigh + roots) * gh / 100)) : double.PositiveInfinity;
            highGoal = Math.Min(highGoal, Math.Max(limitGoal, markedHigh));
            peak = Math.Max(peak, Math.Max(end, highGoal * peakEndOverGoal));
            var highEnd = Math.Max(allocation + markedHigh, highGoal * endOverGoal);
            var (_, markHigh) = Survivors(w, w.MarkAllocationPerMarkedByteHigh, allocated + allocation, highEnd - markedHigh);
            markHigh = highGoal < limitGoal ? WithinTriggerBounds(markHigh, markedHigh, highGoal, highEnd) : markHigh;
            markedHigh = Math.Max(live + markHigh, live + markAllocation);
            allocated += allocation;
            marked = live + markAllocation;
            gcCpu += cpu;
            cycles++;
        }

        return new SimulationResult(cycles, peak, Fraction(w, s, gcCpu), cycles * w.PauseSecondsPerCycle, limitBound, limiter, Unbounded: false);
    }

    /// <summary>The heap goal the memory limit allows, or +∞ without a limit.</summary>
    public static double LimitGoal(PacerSettings s)
    {
        if (s.MemoryLimitBytes is not { } limit)
        {
            return double.PositiveInfinity;
        }

        var nonHeap = s.NonHeapBytes ?? (limit * PacerSettings.DefaultNonHeapFraction);
        var goal = Math.Max(0, limit - nonHeap);
        return Math.Max(1L << 20, goal - s.LimitHeadroom(goal));
    }

    /// <summary>What a cycle ending after <paramref name="allocated"/> bytes marks: the live heap, plus what was allocated during the mark (marked black, so kept a cycle).</summary>
    private static (double Live, double MarkAllocation) Survivors(WorkloadModel w, double markAllocationPerByte, double allocated, double cycleAllocation)
    {
        var live = w.LiveAt(allocated);
        var beta = Math.Clamp(markAllocationPerByte, 0, 0.9);
        var markAllocation = Math.Min(beta * (live + w.RootBytes) / (1 - beta), cycleAllocation);
        return (live, markAllocation);
    }

    /// <summary>
    /// The pacer starts a mark between 70% and 95% of the way from the marked heap to the goal (at most 4 MiB short
    /// of a large goal): what a mark can allocate lies between those triggers and where it ends. At a low GOGC the
    /// runway is short, so the lowest trigger caps the floating garbage that the trace's ratio (learnt at its own,
    /// longer runway) would imply. Not applied where the limit sets the goal: there the limit's goal moves during a
    /// cycle (it counts memory the sweeper freed and the program has not reused), and the captures show marks
    /// starting at 0.58–0.65 of the printed runway, below the floor, so the floor would cap the wrong figure.
    /// </summary>
    private static double WithinTriggerBounds(double markAllocation, double marked, double goal, double end)
    {
        var runway = goal - marked;
        if (runway <= 0)
        {
            return markAllocation;
        }

        var lowestTrigger = marked + (runway * PacerSettings.MinTriggerFraction);
        var highestTrigger = Math.Max(marked + (runway * PacerSettings.MaxTriggerFraction), goal - PacerSettings.HeapMinimumBytes);
        return Math.Clamp(markAllocation, Math.Max(0, end - highestTrigger), Math.Max(0, end - lowestTrigger));
    }

    /// <summary>GC CPU over capacity: a service keeps its wall time (GC CPU comes from idle), a batch job's time stretches.</summary>
    private static double Fraction(WorkloadModel w, PacerSettings s, double gcCpu) => s.Workload == WorkloadKind.Service
        ? gcCpu / (w.WallSeconds * w.Procs)
        : gcCpu / (w.MutatorCpuSeconds + gcCpu);
}
