using GoMem.Findings;
using GoMem.IO;
using GoMem.Profiles.Analysis;
using GoMem.Sources;
using GoMem.Storage.Monitoring;

namespace GoMem.Dashboard;

/// <summary>
/// What the dashboard's API answers, as pure queries over the store: every read goes through
/// <see cref="IMonitoringStore"/> and the stored sources (<see cref="StoredSeriesSource"/>,
/// <see cref="StoredProfileSource"/>), and the reports are the one-shot commands' own (<see cref="TopReport"/>,
/// <see cref="FlameGraph"/>). Nothing here writes.
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

    /// <summary>Every target with its health, latest figures, sparkline and open findings: those with findings first (worst first), then by job and instance.</summary>
    public static FleetOverview Overview(IMonitoringStore store, string storeName)
    {
        var findings = store.OpenFindings().GroupBy(f => f.Finding.TargetId).ToDictionary(g => g.Key, g => g.ToList());
        var rows = new List<(TargetOverview Row, Severity Worst)>();
        foreach (var target in store.Targets())
        {
            var latest = store.NearestRuntimeSample(target.Id, DateTimeOffset.MaxValue);
            var sparkline = latest is null
                ? new Sparkline([], [])
                : Spark(store.RuntimeSamples(target.Id, latest.Time - SparklineSpan, latest.Time));
            var open = findings.TryGetValue(target.Id, out var list) ? list : [];
            var worst = open.Count == 0 ? Severity.Info : open.Max(f => f.Finding.Severity);
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
                [.. open.Select(View)]), worst));
        }

        return new FleetOverview(storeName, [.. rows
            .OrderByDescending(r => r.Row.OpenFindings.Count > 0)
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

        var series = StoredSeriesSource.Read(store, storeName, $"{target.Job}/{target.Instance}", start, end)[0];
        var count = series.Rollups.Count + series.Samples.Count;
        var times = new double[count];
        var figures = new Dictionary<string, IReadOnlyList<double?>>(SeriesFigures.Count);
        var columns = SeriesFigures.Select(g => (Figure: RuntimeSeriesFigures.Gauges[(int)g], Values: new double?[count])).ToList();
        var i = 0;
        foreach (var rollup in series.Rollups)
        {
            times[i] = rollup.Time.ToUnixTimeMilliseconds() / 1000.0;
            foreach (var (figure, values) in columns)
            {
                values[i] = rollup[figure.Key]?.Average;
            }

            i++;
        }

        foreach (var sample in series.Samples)
        {
            times[i] = sample.Time.ToUnixTimeMilliseconds() / 1000.0;
            foreach (var (figure, values) in columns)
            {
                values[i] = figure.Value(sample);
            }

            i++;
        }

        foreach (var (figure, values) in columns)
        {
            figures[figure.JsonName] = values;
        }

        var stretches = new List<SeriesStretchView>();
        foreach (var stretch in series.Stretches)
        {
            var first = stretch.Resolution is null ? series.Rollups.Count + stretch.First : stretch.First;
            stretches.Add(new SeriesStretchView(stretch.Resolution is { } r ? GoDuration.Format(r) : "raw", stretch.From, stretch.To, first, stretch.Count));
        }

        return new SeriesView(Ref(target), start, end, stretches, times, figures, [.. series.Events.Select(e => new EventView(e.Time, e.Kind, e.Detail))]);
    }

    /// <summary>
    /// The stored profile of <paramref name="kind"/> nearest <paramref name="at"/> (null: the latest), with the report of
    /// <c>gomem top</c> and the tree of <c>gomem flame</c> under the same default options.
    /// </summary>
    public static ProfileView Profile(IMonitoringStore store, string storeName, long targetId, string kind, DateTimeOffset? at)
    {
        if (kind is not (ProfileKinds.Heap or ProfileKinds.Allocs or ProfileKinds.Goroutine))
        {
            throw new InvalidSettingException("Kind", $"\"{kind}\" is not a stored profile kind (heap, allocs or goroutine)");
        }

        var target = Target(store, storeName, targetId);
        var stored = StoredProfileSource.Read(store, storeName, target, kind, at ?? DateTimeOffset.MaxValue);
        var options = new ReportOptions();
        return new ProfileView(Ref(target), stored.Snapshot, TopReport.Analyze(stored.Profile, options), FlameGraph.Analyze(stored.Profile, options));
    }

    /// <summary>The target with this id; an unknown one is a <see cref="KeyNotFoundException"/> (a 404).</summary>
    public static MonitoringTarget Target(IMonitoringStore store, string storeName, long targetId) =>
        store.Target(targetId) ?? throw new KeyNotFoundException($"no target {targetId} in {storeName}");

    private static TargetRef Ref(MonitoringTarget target) => new(target.Id, target.Job, target.Instance, target.Labels);

    private static TargetHealthView Health(TargetHealth health) =>
        new(health.State.ToString().ToLowerInvariant(), health.LastError, health.LastSuccess, health.LastAttempt);

    private static FindingView View(StoredFinding stored)
    {
        var f = stored.Finding;
        return new FindingView(stored.Id, f.Code, f.Severity.Name(), f.Title, f.Detail, f.FirstSeen, f.LastSeen);
    }

    private static Sparkline Spark(IReadOnlyList<RuntimeSample> samples)
    {
        var times = new double[samples.Count];
        var values = new double?[samples.Count];
        for (var i = 0; i < samples.Count; i++)
        {
            times[i] = samples[i].Time.ToUnixTimeMilliseconds() / 1000.0;
            values[i] = samples[i].RssBytes;
        }

        return new Sparkline(times, values);
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
}
