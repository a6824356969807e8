using GoMem.Findings;
using GoMem.IO;
using GoMem.Monitoring.Alerting;
using GoMem.Profiles.Analysis;
using GoMem.Sources;
using GoMem.Storage.Monitoring;

namespace GoMem.Dashboard;

/// <summary>
/// What the dashboard's API answers, as pure queries over the store: every read goes through
/// <see cref="IMonitoringStore"/> and the stored sources (<see cref="StoredSeriesSource"/>,
/// <see cref="StoredProfileSource"/>), and the reports are the one-shot commands' own (<see cref="TopReport"/>,
/// <see cref="FlameGraph"/>). Nothing here writes. The diff of two ranges is <see cref="DashboardDiff"/>'s, the
/// findings' verdicts <see cref="DashboardFindings"/>'.
/// </summary>
public static class DashboardQueries
{
    /// <summary>How far back the overview's sparkline reaches from a target's latest sample.</summary>
    public static readonly TimeSpan SparklineSpan = TimeSpan.FromMinutes(15);

    /// <summary>The span of a target's series when none is asked for: this long before its latest sample.</summary>
    public static readonly TimeSpan DefaultSeriesSpan = TimeSpan.FromHours(1);

    /// <summary>The figures a target's series carry, by their JSON names.</summary>
    public static readonly IReadOnlyList<RuntimeGauge> SeriesFigures =
    [
        RuntimeGauge.Rss, RuntimeGauge.HeapAlloc, RuntimeGauge.HeapInuse, RuntimeGauge.NextGc, RuntimeGauge.StackInuse,
        RuntimeGauge.Goroutines, RuntimeGauge.GcCpuFraction, RuntimeGauge.PauseP99, RuntimeGauge.ContainerLimit,
    ];

    /// <summary>
    /// The targets <paramref name="filter"/> keeps (null: every one) with their health, latest figures, sparkline,
    /// alerts firing or pending, and open findings: those with a firing alert or an open finding first (worst first),
    /// then by job and instance.
    /// </summary>
    public static FleetOverview Overview(IMonitoringStore store, string storeName, OverviewFilter? filter = null)
    {
        filter ??= OverviewFilter.None;
        var all = store.Targets();
        var findings = store.OpenFindings().GroupBy(f => f.Finding.TargetId).ToDictionary(g => g.Key, g => g.ToList());
        var alerts = store.Alerts(DateTimeOffset.MaxValue)
            .Where(a => a.Alert.State != AlertState.Resolved)
            .GroupBy(a => a.Alert.TargetId)
            .ToDictionary(g => g.Key, g => g.Select(a => a.Alert).ToList());
        var rows = new List<(TargetOverview Row, bool Flagged, Severity Worst)>();
        foreach (var target in all.Where(filter.Matches))
        {
            var latest = store.NearestRuntimeSample(target.Id, DateTimeOffset.MaxValue);
            var sparkline = latest is null
                ? new Sparkline([], [])
                : Spark(store.RuntimeGauges(target.Id, latest.Time - SparklineSpan, latest.Time, [RuntimeGauge.Rss]));
            var open = findings.TryGetValue(target.Id, out var list) ? list : [];
            var active = alerts.TryGetValue(target.Id, out var alertList) ? alertList : [];
            var firing = active.Where(a => a.State == AlertState.Firing).ToList();
            var worst = open.Select(f => f.Finding.Severity).Concat(firing.Select(AlertSeverity)).DefaultIfEmpty(Severity.Info).Max();
            rows.Add((new TargetOverview(
                target.Id,
                target.Job,
                target.Instance,
                target.Labels,
                Health(target.Health),
                latest?.Time,
                latest?.RssBytes,
                latest?.HeapInuseBytes,
                latest?.Goroutines,
                sparkline,
                [.. active.OrderBy(a => a.State == AlertState.Firing ? 0 : 1).ThenBy(a => a.ActiveSince).ThenBy(a => a.Key, StringComparer.Ordinal).Select(Alert)],
                [.. open.Select(View)]), firing.Count > 0 || open.Count > 0, worst));
        }

        return new FleetOverview(
            storeName,
            filter.View,
            [.. all.Select(t => t.Job).Distinct().Order(StringComparer.Ordinal)],
            all.Count,
            [.. rows
                .OrderByDescending(r => r.Flagged)
                .ThenByDescending(r => r.Worst)
                .ThenBy(r => r.Row.Job, StringComparer.Ordinal)
                .ThenBy(r => r.Row.Instance, StringComparer.Ordinal)
                .Select(r => r.Row)]);
    }

    /// <summary>
    /// The target's series from <paramref name="from"/> to <paramref name="to"/> (null: the
    /// <see cref="DefaultSeriesSpan"/> up to its latest sample): rollups where the raw samples are gone, then samples.
    /// </summary>
    public static SeriesView Series(IMonitoringStore store, string storeName, long targetId, DateTimeOffset? from, DateTimeOffset? to)
    {
        var target = Target(store, storeName, targetId);
        var end = to ?? store.NearestRuntimeSample(target.Id, DateTimeOffset.MaxValue)?.Time ?? DateTimeOffset.UnixEpoch;
        var start = from ?? end - DefaultSeriesSpan;
        if (start > end)
        {
            throw new InvalidSettingException("From", $"the span starts ({Time(start)}) after it ends ({Time(end)})");
        }

        // What gomem history shows (StoredSeriesSource): the finest rollups for the time before the first sample, then
        // the samples, of which only the charted gauges are read.
        var samples = store.RuntimeGauges(target.Id, start, end, SeriesFigures);
        var rollups = StoredSeriesSource.Finest(store.RuntimeRollups(target.Id, start, end), samples.Times.Count > 0 ? samples.Times[0] : null);
        var count = rollups.Count + samples.Times.Count;
        var times = new double[count];
        var columns = SeriesFigures.Select(_ => new double?[count]).ToArray();
        var i = 0;
        foreach (var rollup in rollups)
        {
            times[i] = rollup.Time.ToUnixTimeMilliseconds() / 1000.0;
            for (var g = 0; g < columns.Length; g++)
            {
                columns[g][i] = rollup[SeriesFigures[g]]?.Average;
            }

            i++;
        }

        for (var s = 0; s < samples.Times.Count; s++, i++)
        {
            times[i] = samples.Times[s].ToUnixTimeMilliseconds() / 1000.0;
            for (var g = 0; g < columns.Length; g++)
            {
                columns[g][i] = samples.Values[g][s];
            }
        }

        var figures = new Dictionary<string, IReadOnlyList<double?>>(SeriesFigures.Count);
        for (var g = 0; g < columns.Length; g++)
        {
            figures[RuntimeSeriesFigures.Gauges[(int)SeriesFigures[g]].JsonName] = columns[g];
        }

        var stretches = StoredSeriesSource.Stretches(rollups, [])
            .Select(r => new SeriesStretchView(GoDuration.Format(r.Resolution!.Value), r.From, r.To, r.First, r.Count))
            .ToList();
        if (samples.Times.Count > 0)
        {
            stretches.Add(new SeriesStretchView("raw", samples.Times[0], samples.Times[^1], rollups.Count, samples.Times.Count));
        }

        var alerts = store.Alerts(start, target.Id)
            .Where(a => a.Alert.ActiveSince <= end)
            .Select(a => a.Alert)
            .OrderBy(a => a.ActiveSince)
            .ThenBy(a => a.Key, StringComparer.Ordinal);
        string[] kinds = [ProfileKinds.Heap, ProfileKinds.Allocs, ProfileKinds.Goroutine];
        return new SeriesView(
            Ref(target),
            start,
            end,
            stretches,
            times,
            figures,
            [.. store.Events(target.Id, start, end).Select(e => new EventView(e.Time, e.Kind, e.Detail))],
            [.. alerts.Select(Alert)],
            [.. kinds.Where(k => store.NearestProfileSnapshot(target.Id, k, end) is not null)]);
    }

    /// <summary>
    /// The stored profile of <paramref name="kind"/> nearest <paramref name="at"/> (null: the latest), with the report of
    /// <c>gomem top</c> and the tree of <c>gomem flame</c> under the same options: the sample type and focus of
    /// <paramref name="selection"/> (null: the profile's default sample type, no focus).
    /// </summary>
    public static ProfileView Profile(IMonitoringStore store, string storeName, long targetId, string kind, DateTimeOffset? at, ProfileSelection? selection = null)
    {
        CheckKind(kind);
        var target = Target(store, storeName, targetId);
        var stored = StoredProfileSource.Read(store, storeName, target, kind, at ?? DateTimeOffset.MaxValue);
        var options = (selection ?? ProfileSelection.Default).Options;
        return new ProfileView(Ref(target), stored.Snapshot, TopReport.Analyze(stored.Profile, options), FlameGraph.Analyze(stored.Profile, options));
    }

    /// <summary>A profile kind the store keeps (heap, allocs, goroutine); another is an <see cref="InvalidSettingException"/> (a 400).</summary>
    public static void CheckKind(string kind)
    {
        if (kind is not (ProfileKinds.Heap or ProfileKinds.Allocs or ProfileKinds.Goroutine))
        {
            throw new InvalidSettingException("Kind", $"\"{kind}\" is not a stored profile kind (heap, allocs or goroutine)");
        }
    }

    /// <summary>
    /// The target's last <paramref name="count"/> snapshots of <paramref name="kind"/> at or before
    /// <paramref name="end"/>, oldest first: looks back 15 minutes, then four times further each time, until it has
    /// them or two days are searched (fewer when there are no more within that).
    /// </summary>
    public static IReadOnlyList<ProfileSnapshot> LastSnapshots(IMonitoringStore store, long targetId, string kind, DateTimeOffset end, int count)
    {
        IReadOnlyList<ProfileSnapshot> snapshots;
        for (var span = TimeSpan.FromMinutes(15); ; span *= 4)
        {
            snapshots = store.ProfileSnapshots(targetId, kind, end - span, end);
            if (snapshots.Count >= count || span >= TimeSpan.FromDays(2))
            {
                break;
            }
        }

        return snapshots.Count <= count ? snapshots : [.. snapshots.Skip(snapshots.Count - count)];
    }

    /// <summary>The target with this id; an unknown one is a <see cref="KeyNotFoundException"/> (a 404).</summary>
    public static MonitoringTarget Target(IMonitoringStore store, string storeName, long targetId) =>
        store.Target(targetId) ?? throw new KeyNotFoundException($"no target {targetId} in {storeName}");

    internal static TargetRef Ref(MonitoringTarget target) => new(target.Id, target.Job, target.Instance, target.Labels);

    internal static AlertView Alert(MonitoringAlert alert) => new(
        alert.Rule,
        alert.State.Name(),
        alert.Labels.Get("severity"),
        alert.Annotation("summary"),
        alert.ActiveSince,
        alert.FiredAt,
        alert.ResolvedAt,
        alert.Labels);

    private static Severity AlertSeverity(MonitoringAlert alert) => SeverityText.Parse(alert.Labels.Get("severity") ?? "");

    private static TargetHealthView Health(TargetHealth health) =>
        new(health.State.ToString().ToLowerInvariant(), health.LastError, health.LastSuccess, health.LastAttempt);

    private static FindingView View(StoredFinding stored)
    {
        var f = stored.Finding;
        return new FindingView(stored.Id, f.Code, f.Severity.Name(), f.Title, f.Detail, f.FirstSeen, f.LastSeen);
    }

    private static Sparkline Spark(RuntimeGaugeColumns rss)
    {
        var times = new double[rss.Times.Count];
        for (var i = 0; i < times.Length; i++)
        {
            times[i] = rss.Times[i].ToUnixTimeMilliseconds() / 1000.0;
        }

        return new Sparkline(times, rss.Values[0]);
    }

    internal static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
}
