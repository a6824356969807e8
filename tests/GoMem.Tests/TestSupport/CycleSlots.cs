using GoMem.Monitoring.Collection;
using GoMem.Storage.Monitoring;

namespace GoMem.Tests.TestSupport;

/// <summary>
/// The cycle number of each stored sample of a target: every collector fires a target's cycles at the same
/// epoch-aligned times (<see cref="CollectionScheduler.FirstDue"/>), never before they are due, and cuts a cycle off
/// at its interval, so the interval a sample's time falls in is its cycle, whoever stored it. Two samples with one
/// number are a cycle stored twice; a step of more than one is a lost cycle.
/// </summary>
internal static class CycleSlots
{
    public static List<long> Of(IEnumerable<RuntimeSample> samples, string targetKey, TimeSpan interval)
    {
        var phase = DateTimeOffset.UnixEpoch + CollectionScheduler.Offset(targetKey, interval);
        return [.. samples.Select(s => (s.Time - phase).Ticks / interval.Ticks)];
    }

    /// <summary>The steps between consecutive cycle numbers (1: none lost).</summary>
    public static List<long> Steps(IReadOnlyList<long> slots) => [.. slots.Zip(slots.Skip(1), (a, b) => b - a)];
}
