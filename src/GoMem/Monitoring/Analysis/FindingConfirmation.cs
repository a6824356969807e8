using GoMem.Storage.Monitoring;

namespace GoMem.Monitoring.Analysis;

/// <summary>
/// A verdict opens only after it held for <paramref name="checks"/> consecutive checks (the "pending" state of
/// alerting rules): a process's warm-up and connection churn rise for a cycle or two and fall back, and a finding that
/// opens and resolves within a minute teaches people to ignore findings. Open findings stay open while they hold.
/// </summary>
public sealed class FindingConfirmation(int checks)
{
    private readonly Dictionary<(string Code, string Key), int> _streaks = [];

    public int Checks { get; } = checks >= 1 ? checks : throw new ArgumentOutOfRangeException(nameof(checks), checks, "at least one check");

    /// <summary>The verdicts of this check that are confirmed: held long enough, or already open.</summary>
    public IReadOnlyList<MonitoringFinding> Confirm(IReadOnlyList<MonitoringFinding> current, IReadOnlyList<MonitoringFinding> open)
    {
        var openKeys = open.Select(f => (f.Code, f.Key)).ToHashSet();
        var seen = new HashSet<(string, string)>();
        var confirmed = new List<MonitoringFinding>(current.Count);
        foreach (var finding in current)
        {
            var key = (finding.Code, finding.Key);
            seen.Add(key);
            var streak = _streaks[key] = _streaks.GetValueOrDefault(key) + 1;
            if (streak >= Checks || openKeys.Contains(key))
            {
                confirmed.Add(finding);
            }
        }

        foreach (var stale in _streaks.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _streaks.Remove(stale);
        }

        return confirmed;
    }

    /// <summary>Forgets every streak (a restarted process starts over).</summary>
    public void Reset() => _streaks.Clear();
}
