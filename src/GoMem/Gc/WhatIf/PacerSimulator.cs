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
/// Replays a recovered workload under other settings with the pacer of current Go or of the release the settings name.
/// Each cycle's goal is live + (live + roots) × GOGC/100 (at least 4 MiB × GOGC/100), or the memory limit's goal when
/// lower: the limit less the runtime's other memory, less the release's headroom. Marks end near the goal, as they did
/// in the trace; what the program allocated during a mark survives that cycle, within the pacer's trigger bounds. Under
/// the limit those bounds apply to the goal the trigger sees, lower than the goal at the end of the mark by the freed
/// slots the program has not yet reused; a live heap that fills the limit's goal makes cycles run back to back, each
/// ending 10% past its goal; and the GC CPU limiter's bucket, once full, lets the heap pass the goal. The peak follows
/// the marks that ran longest. Pure arithmetic over the model: deterministic.
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
        var bucket = new LimiterBucket(w.Procs);

        // A second, pessimistic heap beside the typical one: the peak comes from the cycles that marked longest
        // (most floating garbage, hence the highest next goal), so it follows the high quantile of the mark allocation.
        var markedHigh = 0.0;
        while (cycles < MaxCycles)
        {
            var roots = w.RootBytes;
            var gogcGoal = s.Gogc is { } g ? Math.Max(heapMinimum, marked + ((marked + roots) * g / 100)) : double.PositiveInfinity;
            if (double.IsPositiveInfinity(Math.Min(gogcGoal, limitGoal)))
            {
                // GOGC=off without a limit: no cycle ever starts; the heap holds everything allocated.
                peak = Math.Max(peak, marked + (total - allocated));
                return new SimulationResult(cycles, peak, Fraction(w, s, gcCpu), cycles * w.PauseSecondsPerCycle, limitBound, limiter, Unbounded: true);
            }

            var bound = limitGoal < gogcGoal;
            var goal = Math.Min(gogcGoal, Math.Max(limitGoal, marked));

            // The live heap fills the limit's goal: the runtime sets the goal to the marked heap and starts the next
            // cycle at once, and the mark, already past its goal, is paced to end 10% beyond it (mgcpacer.go's
            // maxOvershoot): the GC runs back to back, each mark letting the program allocate a tenth of the heap.
            var end = bound && limitGoal <= marked ? marked * PacerSettings.MaxOvershoot : Math.Max(goal * endOverGoal, marked + (64 << 10));
            var allocation = end - marked;
            if (allocated + allocation > total)
            {
                peak = Math.Max(peak, marked + (total - allocated));
                break;
            }

            var (live, markAllocation) = Survivors(w, w.MarkAllocationPerMarkedByte, allocated + allocation, allocation);
            markAllocation = WithinTriggerBounds(markAllocation, marked, goal, end, bound ? PacerSettings.FreedSlotReuse : 0);
            var cpu = w.StwCpuSecondsPerCycle + (w.MarkCpuSecondsPerByte * (live + markAllocation + roots));
            if (bucket.Fill(cpu, allocation * mutatorPerByte))
            {
                // The GC has had more than half the CPU for long enough to fill the limiter's bucket: the limiter
                // stops assists, and the program allocates past the goal for as long as the GC's CPU exceeds its own.
                allocation = Math.Max(allocation, cpu / Math.Max(mutatorPerByte, 1e-18));
                end = marked + allocation;
                if (allocated + allocation > total)
                {
                    peak = Math.Max(peak, marked + (total - allocated));
                    break;
                }

                (live, markAllocation) = Survivors(w, w.MarkAllocationPerMarkedByte, allocated + allocation, allocation);
                cpu = w.StwCpuSecondsPerCycle + (w.MarkCpuSecondsPerByte * (live + markAllocation + roots));
                bucket.Drain(cpu, allocation * mutatorPerByte);
                limiter++;
            }

            limitBound += bound ? 1 : 0;
            if (bound)
            {
                peak = Math.Max(peak, LimitBoundPeak(w, limitGoal, goal, end, live, markAllocation));
                markedHigh = live + markAllocation;
            }
            else
            {
                var highGoal = s.Gogc is { } gh ? Math.Max(heapMinimum, markedHigh + ((markedHigh + roots) * gh / 100)) : double.PositiveInfinity;
                highGoal = Math.Min(highGoal, Math.Max(limitGoal, markedHigh));
                peak = Math.Max(peak, Math.Max(end, highGoal * peakEndOverGoal));
                var highEnd = Math.Max(allocation + markedHigh, highGoal * endOverGoal);
                var (_, markHigh) = Survivors(w, w.MarkAllocationPerMarkedByteHigh, allocated + allocation, highEnd - markedHigh);
                markHigh = highGoal < limitGoal ? WithinTriggerBounds(markHigh, markedHigh, highGoal, highEnd, 0) : markHigh;
                markedHigh = Math.Max(live + markHigh, live + markAllocation);
            }

            allocated += allocation;
            marked = live + markAllocation;
            gcCpu += cpu;
            cycles++;
        }

        return new SimulationResult(cycles, peak, Fraction(w, s, gcCpu), cycles * w.PauseSecondsPerCycle, limitBound, limiter, Unbounded: false);
    }

    /// <summary>
    /// The peak of a cycle the limit steers. The pacer holds most marks to the goal, but not every one: a mark whose scan
    /// work exceeds the last one's has its goal pushed back (mgcpacer.go's revise, which in Go 1.19 does not spare the
    /// limit's goal), and while the CPU limiter is on, assists stop. How far past their goal the trace's marks ran, in
    /// bytes, is what the program allocates while a mark runs late, whatever the goal: the peak is the limit's goal plus
    /// the high quantile of it. What that mark allocated is marked; when it fills the limit's goal, the next cycle starts
    /// at once and ends 10% beyond its goal, which may be higher still.
    /// </summary>
    private static double LimitBoundPeak(WorkloadModel w, double limitGoal, double goal, double end, double live, double markAllocation)
    {
        var longEnd = Math.Max(end, goal + w.OvershootBytesHigh);
        var markedAfter = live + (longEnd - (end - markAllocation));
        return markedAfter > limitGoal ? Math.Max(longEnd, markedAfter * PacerSettings.MaxOvershoot) : longEnd;
    }

    /// <summary>The heap goal the memory limit allows, or +∞ without a limit.</summary>
    public static double LimitGoal(PacerSettings s)
    {
        if (s.MemoryLimitBytes is not { } limit)
        {
            return double.PositiveInfinity;
        }

        var nonHeap = s.NonHeapBytes ?? PacerSettings.EstimatedNonHeap(limit);
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
    /// of a large goal): what a mark can allocate lies between those triggers and where it ends. At a low GOGC, or under
    /// a limit close to the live heap, the runway is short, so the lowest trigger caps the floating garbage that the
    /// trace's ratio (learnt at its own, longer runway) would imply. Under the limit the trigger sees a lower goal than
    /// the mark ends at: the slots the sweeper freed in spans still in use count against the limit until the program
    /// reuses them, and a share <paramref name="reuse"/> of what it allocates does, so the goal rises by that share of
    /// the mark's allocation M while it runs. A trigger at f of the way to the goal it sees lets a mark allocate
    /// M = (end − (marked + f·(goal − marked)))/(1 − f·reuse): in the captures, marks started at 0.58–0.65 of the
    /// printed runway, which reuse = 0.4 reproduces (0.7 × 0.6/0.72 = 0.58).
    /// </summary>
    private static double WithinTriggerBounds(double markAllocation, double marked, double goal, double end, double reuse)
    {
        var runway = goal - marked;
        if (runway <= 0)
        {
            return markAllocation;
        }

        var lowestTrigger = marked + (runway * PacerSettings.MinTriggerFraction);
        var highestTrigger = Math.Max(marked + (runway * PacerSettings.MaxTriggerFraction), goal - PacerSettings.HeapMinimumBytes);
        var most = Math.Min(Math.Max(0, end - lowestTrigger) / (1 - (PacerSettings.MinTriggerFraction * reuse)), end - marked);
        var least = Math.Min(Math.Max(0, end - highestTrigger) / (1 - (PacerSettings.MaxTriggerFraction * reuse)), most);
        return Math.Clamp(markAllocation, least, most);
    }

    /// <summary>
    /// The GC CPU limiter's leaky bucket (mgclimit.go): it fills with GC CPU time and drains with the program's, holds
    /// one CPU-second per P, and while it is full the limiter is on. Only GC CPU above half of the total fills it, and
    /// the bucket never goes below empty, so it takes a sustained stretch of such cycles to turn the limiter on.
    /// </summary>
    private sealed class LimiterBucket(int procs)
    {
        private readonly double capacity = Math.Max(1, procs) * PacerSettings.CpuLimiterBucketSecondsPerProc;

        public double Level { get; private set; }

        /// <summary>Adds a cycle's GC and program CPU; true when that fills the bucket (the limiter turns on).</summary>
        public bool Fill(double gcCpu, double mutatorCpu)
        {
            if (Level + gcCpu - mutatorCpu >= capacity)
            {
                Level = capacity;
                return true;
            }

            Level = Math.Max(0, Level + gcCpu - mutatorCpu);
            return false;
        }

        /// <summary>Settles a limited cycle: the program ran as long as the GC, so the bucket stays as it was.</summary>
        public void Drain(double gcCpu, double mutatorCpu) => Level = Math.Clamp(Level + gcCpu - mutatorCpu, 0, capacity);
    }

    /// <summary>GC CPU over capacity: a service keeps its wall time (GC CPU comes from idle), a batch job's time stretches.</summary>
    private static double Fraction(WorkloadModel w, PacerSettings s, double gcCpu) => s.Workload == WorkloadKind.Service
        ? gcCpu / (w.WallSeconds * w.Procs)
        : gcCpu / (w.MutatorCpuSeconds + gcCpu);
}
