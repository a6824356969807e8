namespace GoMem.Gc.Model;

/// <summary>A run of one process: consecutive cycles whose numbers keep increasing (a restart starts a new run).</summary>
public sealed record GcRun(string Source, long FirstLine, IReadOnlyList<GcCycle> Cycles)
{
    /// <summary>Seconds from the start of the first cycle to the end of the last.</summary>
    public double SpanSeconds => Cycles.Count == 0 ? 0 : Cycles[^1].StartSeconds + (Cycles[^1].DurationMs / 1000) - Cycles[0].StartSeconds;
}

/// <summary>A line that looked like a gctrace line but could not be read: reported, then skipped.</summary>
public sealed record UnparsedGcLine(string Source, long LineNumber, string Problem);

/// <summary>
/// Lines that were not GC cycles, by kind, so a user sees what was skipped; and the cycle lines that application
/// output had cut in two, read by joining them again.
/// </summary>
public sealed record GcTraceNoise(long ScavengerLines, long RuntimeLines, long OtherLines, long RejoinedCycles = 0);

/// <summary>Everything read from one or more gctrace logs.</summary>
public sealed record GcTrace(
    IReadOnlyList<string> Sources,
    IReadOnlyList<GcRun> Runs,
    GcTraceNoise Noise,
    long UnparsedCount,
    IReadOnlyList<UnparsedGcLine> UnparsedSamples)
{
    public int CycleCount
    {
        get
        {
            var count = 0;
            foreach (var run in Runs)
            {
                count += run.Cycles.Count;
            }

            return count;
        }
    }
}
