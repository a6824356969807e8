using GoMem.Monitoring;

namespace GoMem.Storage.Monitoring;

/// <summary>
/// The decision of a lease round, the same for every engine: how many targets are a collector's fair share, which of
/// the leases it holds it gives back when over its share, and which free targets it takes when under it.
/// </summary>
internal static class LeasePlan
{
    /// <summary>
    /// A collector's fair share: the targets divided by the live collectors, the remainder going one each to the
    /// first collectors by name, so that the shares add up to the targets exactly (7 over 3 is 3, 2, 2, never 3, 3, 1).
    /// </summary>
    public static int Share(string collector, int targets, IReadOnlyList<string> liveCollectors)
    {
        var live = liveCollectors.Order(StringComparer.Ordinal).ToList();
        if (!live.Contains(collector))
        {
            live.Add(collector);
            live.Sort(StringComparer.Ordinal);
        }

        return (targets / live.Count) + (live.IndexOf(collector) < targets % live.Count ? 1 : 0);
    }

    /// <summary>
    /// What to give back and what to take. Each collector ranks targets in its own stable order (a hash of its name
    /// and the target's key), so collectors starting at once reach for different targets, and one over its share
    /// gives back the same ones from round to round.
    /// </summary>
    public static (IReadOnlyList<string> Release, IReadOnlyList<string> Take) Decide(
        string collector, IReadOnlyCollection<string> held, IReadOnlyCollection<string> free, int targets, IReadOnlyList<string> liveCollectors)
    {
        var share = Share(collector, targets, liveCollectors);
        if (held.Count > share)
        {
            return ([.. held.OrderByDescending(key => Rank(collector, key)).ThenBy(key => key, StringComparer.Ordinal).Take(held.Count - share)], []);
        }

        return ([], [.. free.OrderBy(key => Rank(collector, key)).ThenBy(key => key, StringComparer.Ordinal).Take(share - held.Count)]);
    }

    private static uint Rank(string collector, string key) => StableHash.Of(collector + "\n" + key);
}
