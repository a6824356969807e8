using System.Globalization;

namespace GoMem.Monitoring.Analysis;

/// <summary>What says which process answered a cycle: its start time, and counters that only grow while it lives.</summary>
public sealed record ProcessIdentity(double? StartTimeSeconds, long? NumGc, long? TotalAllocBytes, long? Pid = null);

/// <summary>
/// Tells a restarted process from the same one: a new start time or pid, or a counter that went backwards (GCs,
/// bytes allocated since start). A restart is an event, and rates never span it (no negative allocation rates).
/// </summary>
public static class RestartDetection
{
    /// <summary>Why <paramref name="current"/> is a new process, or null when it is the one of <paramref name="previous"/>.</summary>
    public static string? Analyze(ProcessIdentity? previous, ProcessIdentity current)
    {
        if (previous is null)
        {
            return null;
        }

        if (previous.StartTimeSeconds is { } before && current.StartTimeSeconds is { } now && Math.Abs(now - before) >= 1)
        {
            return $"process start time changed ({Stamp(before)} → {Stamp(now)})";
        }

        if (previous.Pid is { } oldPid && current.Pid is { } newPid && oldPid != newPid)
        {
            return $"pid changed ({oldPid.ToString(CultureInfo.InvariantCulture)} → {newPid.ToString(CultureInfo.InvariantCulture)})";
        }

        if (previous.NumGc is { } gcBefore && current.NumGc is { } gcNow && gcNow < gcBefore)
        {
            return $"GC count went back from {gcBefore.ToString(CultureInfo.InvariantCulture)} to {gcNow.ToString(CultureInfo.InvariantCulture)}";
        }

        if (previous.TotalAllocBytes is { } allocBefore && current.TotalAllocBytes is { } allocNow && allocNow < allocBefore)
        {
            return $"bytes allocated since start went back from {allocBefore.ToString(CultureInfo.InvariantCulture)} to {allocNow.ToString(CultureInfo.InvariantCulture)}";
        }

        return null;
    }

    private static string Stamp(double unixSeconds) =>
        DateTimeOffset.FromUnixTimeMilliseconds((long)(unixSeconds * 1000)).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
