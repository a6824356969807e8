namespace GoMem.RuntimeStats.Expvar;

/// <summary>One stop-the-world GC pause from the MemStats ring: its GC cycle number (1-based), length and end time.</summary>
public readonly record struct GcPause(uint Cycle, ulong PauseNs, ulong EndUnixNs);

/// <summary>Reads the PauseNs/PauseEnd ring buffers of <see cref="MemStats"/> in chronological order.</summary>
public static class GcPauseHistory
{
    /// <summary>Size of Go's pause ring buffers.</summary>
    public const int RingSize = 256;

    /// <summary>
    /// The last min(NumGC, 256) pauses, oldest first. Cycle c (1-based) is stored at index (c-1)%256, so the
    /// most recent one is at (NumGC+255)%256.
    /// </summary>
    public static IReadOnlyList<GcPause> Recent(MemStats stats)
    {
        var count = (int)Math.Min(stats.NumGC, RingSize);
        var pauses = new GcPause[count];
        var first = stats.NumGC - (uint)count + 1;
        for (var i = 0; i < count; i++)
        {
            var cycle = first + (uint)i;
            var index = (int)((cycle - 1) % RingSize);
            pauses[i] = new GcPause(cycle, stats.PauseNs[index], stats.PauseEnd[index]);
        }

        return pauses;
    }

    /// <summary>The most recent pause, or null when no GC has completed.</summary>
    public static GcPause? Last(MemStats stats)
    {
        if (stats.NumGC == 0)
        {
            return null;
        }

        var index = (int)((stats.NumGC + RingSize - 1) % RingSize);
        return new GcPause(stats.NumGC, stats.PauseNs[index], stats.PauseEnd[index]);
    }
}
