using System.Text;
using GoMem.Findings;
using GoMem.Monitoring;
using GoMem.Monitoring.Collection;
using GoMem.Monitoring.Config;
using GoMem.Monitoring.Exposition;
using GoMem.RuntimeStats.Prometheus;
using GoMem.RuntimeStats.Prometheus.Parsing;
using GoMem.Storage.Monitoring;

namespace GoMem.Tests.Monitoring.Exposition;

/// <summary>
/// The exposition on its own, fed as the collector feeds it, read back through GoMem's own parser of Prometheus'
/// text format: what each target's series say, their labels, and when they go.
/// </summary>
public sealed class CollectorExpositionTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static readonly RuntimeSample Sample = new()
    {
        Time = Now,
        RssBytes = 52_000_000,
        HeapAllocBytes = 20_000_000,
        HeapInuseBytes = 24_000_000,
        NextGcBytes = 40_000_000,
        StackInuseBytes = 655_360,
        Goroutines = 42,
        GcCpuFraction = 0.0125,
        ContainerLimitBytes = 256L << 20,
    };

    private static ResolvedTarget Target(string address, params (string Name, string Value)[] labels) => new(
        "api",
        address,
        new Uri($"http://{address}/"),
        LabelSet.Of([("job", "api"), ("instance", address), .. labels]),
        TimeSpan.FromSeconds(10),
        TimeSpan.FromSeconds(5),
        EndpointPlan.Default,
        null,
        "test");

    private static MonitoringFinding Finding(string code) =>
        new(1, code, "main.recordSession", Severity.Warning, "Heap in use at main.recordSession grows", "", Now, Now);

    private static CycleOutcome Read(RuntimeSample? sample, params MonitoringFinding[] open) => new(sample, true, 0, open, CycleWrite.Stored);

    private static List<MetricSample> Scrape(CollectorExposition exposition)
    {
        using var buffer = new MemoryStream();
        exposition.WriteAsync(buffer).GetAwaiter().GetResult();
        buffer.Position = 0;
        return [.. PrometheusTextParser.Parse(buffer, "/metrics").Families.SelectMany(f => f.Samples)];
    }

    private static string Text(CollectorExposition exposition)
    {
        using var buffer = new MemoryStream();
        exposition.WriteAsync(buffer).GetAwaiter().GetResult();
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static double? Value(List<MetricSample> samples, string name, string instance, string? code = null) =>
        samples.FirstOrDefault(s => s.Name == name && s.GetLabel("instance") == instance && (code is null || s.GetLabel("code") == code))?.Value;

    private static double Errors(List<MetricSample> samples, string kind) =>
        samples.Single(s => s.Name == MetricNames.CycleErrors && s.GetLabel("kind") == kind).Value;

    [Fact]
    public void A_read_target_has_up_its_figures_and_its_findings_by_code_under_its_job_and_instance()
    {
        var exposition = new CollectorExposition();
        var target = Target("10.0.0.5:6060", ("env", "prod"));
        exposition.TargetHeld(target);
        exposition.CycleEnded(target, Read(Sample, Finding("heap-leak"), Finding("heap-leak"), Finding("goroutine-leak")), TimeSpan.FromMilliseconds(12));

        var samples = Scrape(exposition);
        Assert.Equal(1, Value(samples, MetricNames.TargetUp, "10.0.0.5:6060"));
        Assert.Equal(52_000_000, Value(samples, MetricNames.TargetResidentMemory, "10.0.0.5:6060"));
        Assert.Equal(20_000_000, Value(samples, MetricNames.TargetHeapAlloc, "10.0.0.5:6060"));
        Assert.Equal(24_000_000, Value(samples, MetricNames.TargetHeapInuse, "10.0.0.5:6060"));
        Assert.Equal(40_000_000, Value(samples, MetricNames.TargetNextGc, "10.0.0.5:6060"));
        Assert.Equal(655_360, Value(samples, MetricNames.TargetStackInuse, "10.0.0.5:6060"));
        Assert.Equal(42, Value(samples, MetricNames.TargetGoroutines, "10.0.0.5:6060"));
        Assert.Equal(0.0125, Value(samples, MetricNames.TargetGcCpuFraction, "10.0.0.5:6060"));
        Assert.Equal(256L << 20, Value(samples, MetricNames.TargetMemoryLimit, "10.0.0.5:6060"));
        Assert.Equal(2, Value(samples, MetricNames.TargetOpenFindings, "10.0.0.5:6060", "heap-leak"));
        Assert.Equal(1, Value(samples, MetricNames.TargetOpenFindings, "10.0.0.5:6060", "goroutine-leak"));
        Assert.Equal(0, Value(samples, MetricNames.TargetOpenFindings, "10.0.0.5:6060", "rss-growth"));
        var up = Assert.Single(samples, s => s.Name == MetricNames.TargetUp);
        Assert.Equal(["job", "instance", "env"], up.Labels.Select(l => l.Name));
        Assert.Equal("prod", up.GetLabel("env"));
        Assert.Equal(1, Assert.Single(samples, s => s.Name == MetricNames.CycleDuration + "_count").Value);
    }

    [Fact]
    public void Firing_alerts_are_counted_per_rule_a_rule_that_stops_firing_shows_0_and_a_cycle_without_a_count_leaves_them()
    {
        var exposition = new CollectorExposition();
        var target = Target("10.0.0.5:6060");
        exposition.TargetHeld(target);
        double? Firing(List<MetricSample> samples, string rule) =>
            samples.FirstOrDefault(s => s.Name == MetricNames.TargetFiringAlerts && s.GetLabel("instance") == "10.0.0.5:6060" && s.GetLabel(MetricNames.AlertNameLabel) == rule)?.Value;

        exposition.CycleEnded(target, Read(Sample) with { FiringAlerts = [("GoMemHeapLeak", 2), ("GoMemMemoryNearLimit", 1)] }, TimeSpan.Zero);
        var samples = Scrape(exposition);
        Assert.Equal(2, Firing(samples, "GoMemHeapLeak"));
        Assert.Equal(1, Firing(samples, "GoMemMemoryNearLimit"));
        Assert.Null(Firing(samples, "GoMemTargetDown"));

        exposition.CycleEnded(target, Read(Sample) with { FiringAlerts = [("GoMemHeapLeak", 1)] }, TimeSpan.Zero);
        exposition.CycleEnded(target, Read(Sample), TimeSpan.Zero);
        samples = Scrape(exposition);
        Assert.Equal(1, Firing(samples, "GoMemHeapLeak"));
        Assert.Equal(0, Firing(samples, "GoMemMemoryNearLimit"));

        exposition.TargetReleased(target);
        Assert.DoesNotContain(Scrape(exposition), s => s.Name == MetricNames.TargetFiringAlerts);
    }

    [Fact]
    public void A_figure_the_target_does_not_give_has_no_series_rather_than_a_zero()
    {
        var exposition = new CollectorExposition();
        var target = Target("10.0.0.5:6060");
        exposition.TargetHeld(target);
        exposition.CycleEnded(target, Read(Sample with { RssBytes = null, ContainerLimitBytes = null }), TimeSpan.Zero);

        var samples = Scrape(exposition);
        Assert.DoesNotContain(samples, s => s.Name == MetricNames.TargetResidentMemory);
        Assert.DoesNotContain(samples, s => s.Name == MetricNames.TargetMemoryLimit);
        Assert.Equal(42, Value(samples, MetricNames.TargetGoroutines, "10.0.0.5:6060"));
    }

    [Fact]
    public void A_target_held_but_not_read_yet_has_no_series_and_one_that_goes_down_keeps_up_and_findings_only()
    {
        var exposition = new CollectorExposition();
        var target = Target("10.0.0.5:6060");
        exposition.TargetHeld(target);
        Assert.DoesNotContain(Scrape(exposition), s => s.Name.StartsWith("gomem_target_", StringComparison.Ordinal));

        exposition.CycleEnded(target, Read(Sample, Finding("rss-growth")), TimeSpan.Zero);
        exposition.CycleEnded(target, new CycleOutcome(null, false, 0, [Finding("rss-growth")], CycleWrite.Stored), TimeSpan.Zero);

        var samples = Scrape(exposition);
        Assert.Equal(0, Value(samples, MetricNames.TargetUp, "10.0.0.5:6060"));
        Assert.Equal(1, Value(samples, MetricNames.TargetOpenFindings, "10.0.0.5:6060", "rss-growth"));
        Assert.DoesNotContain(samples, s => s.Name is MetricNames.TargetResidentMemory or MetricNames.TargetGoroutines);
        Assert.Equal(1, Errors(samples, "target_down"));
    }

    [Fact]
    public void A_released_target_loses_every_series_and_a_cycle_of_it_ending_late_adds_none_back()
    {
        var exposition = new CollectorExposition();
        var leaving = Target("10.0.0.5:6060");
        var staying = Target("10.0.0.6:6060");
        exposition.TargetHeld(leaving);
        exposition.TargetHeld(staying);
        exposition.CycleEnded(leaving, Read(Sample), TimeSpan.Zero);
        exposition.CycleEnded(staying, Read(Sample), TimeSpan.Zero);

        exposition.TargetReleased(leaving);
        exposition.CycleEnded(leaving, Read(Sample, Finding("heap-leak")), TimeSpan.Zero);

        var samples = Scrape(exposition);
        Assert.DoesNotContain(samples, s => s.GetLabel("instance") == "10.0.0.5:6060");
        Assert.Equal(1, Value(samples, MetricNames.TargetUp, "10.0.0.6:6060"));
        Assert.Equal(1, exposition.TargetCount);
    }

    [Fact]
    public void A_cycle_whose_lease_moved_changes_no_series_and_counts_as_lease_lost()
    {
        var exposition = new CollectorExposition();
        var target = Target("10.0.0.5:6060");
        exposition.TargetHeld(target);
        exposition.CycleEnded(target, Read(Sample), TimeSpan.Zero);
        exposition.CycleEnded(target, new CycleOutcome(Sample with { Goroutines = 9999 }, true, 0, [], CycleWrite.LeaseLost), TimeSpan.Zero);

        var samples = Scrape(exposition);
        Assert.Equal(42, Value(samples, MetricNames.TargetGoroutines, "10.0.0.5:6060"));
        Assert.Equal(1, Errors(samples, "lease_lost"));
    }

    [Fact]
    public void Every_error_kind_and_the_collectors_own_figures_have_series_from_the_start()
    {
        var exposition = new CollectorExposition();
        exposition.CycleFailed(CycleError.Overrun);
        exposition.StoreUsed(TimeSpan.FromMilliseconds(3));
        exposition.LeasesHeld(7);
        exposition.MemoryCollected();

        var samples = Scrape(exposition);
        Assert.Equal(
            ["endpoint", "internal", "lease_lost", "overrun", "store_unavailable", "target_down"],
            samples.Where(s => s.Name == MetricNames.CycleErrors).Select(s => s.GetLabel("kind")).Order(StringComparer.Ordinal));
        Assert.Equal(1, Errors(samples, "overrun"));
        Assert.Equal(1, samples.Single(s => s.Name == MetricNames.StoreWriteDuration + "_count").Value);
        Assert.Equal(1, samples.Single(s => s.Name == MetricNames.StoreWriteDuration + "_bucket" && s.GetLabel("le") == "0.005").Value);
        Assert.Equal(7, samples.Single(s => s.Name == MetricNames.LeasesHeld).Value);
        Assert.Equal(1, samples.Single(s => s.Name == MetricNames.MemoryCollections).Value);
    }

    [Fact]
    public void Target_labels_become_valid_label_names_and_their_values_are_escaped()
    {
        var exposition = new CollectorExposition();
        var target = Target("10.0.0.5:6060", ("team-name", "a\"b\\c\nd"), ("9zone", "z"), ("code", "from config"), ("__hidden", "h"));
        exposition.TargetHeld(target);
        exposition.CycleEnded(target, Read(Sample), TimeSpan.Zero);

        var text = Text(exposition);
        var up = Assert.Single(text.Split('\n'), l => l.StartsWith(MetricNames.TargetUp + "{", StringComparison.Ordinal));
        Assert.Equal("gomem_target_up{job=\"api\",instance=\"10.0.0.5:6060\",_9zone=\"z\",exported___hidden=\"h\",exported_code=\"from config\",team_name=\"a\\\"b\\\\c\\nd\"} 1", up);
        var parsed = Scrape(exposition).Single(s => s.Name == MetricNames.TargetUp);
        Assert.Equal("a\"b\\c\nd", parsed.GetLabel("team_name"));
    }

    [Fact]
    public async Task The_series_live_in_the_collectors_own_registry_not_the_process_default()
    {
        var exposition = new CollectorExposition();
        var target = Target("10.0.0.5:6060");
        exposition.TargetHeld(target);
        exposition.CycleEnded(target, Read(Sample), TimeSpan.Zero);

        // (The default registry also reports the process's .NET meters, such as Npgsql's: only gomem's own series matter here.)
        using var buffer = new MemoryStream();
        await Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(buffer);
        var defaults = Encoding.UTF8.GetString(buffer.ToArray());
        Assert.DoesNotContain("gomem_target_", defaults, StringComparison.Ordinal);
        Assert.DoesNotContain("gomem_collector_", defaults, StringComparison.Ordinal);
        Assert.Contains(MetricNames.TargetUp, Text(exposition), StringComparison.Ordinal);
    }

    [Fact]
    public void A_cycle_ending_allocates_nothing_once_its_series_exist()
    {
        var exposition = new CollectorExposition();
        var targets = Enumerable.Range(0, 1000).Select(i => Target($"10.0.{i / 256}.{i % 256}:6060")).ToArray();
        IReadOnlyList<MonitoringFinding> open = [Finding("heap-leak")];
        foreach (var target in targets)
        {
            exposition.TargetHeld(target);
        }

        // Two rounds first: each series' first value, and whatever the runtime sets up on first calls.
        for (var round = 0; round < 2; round++)
        {
            foreach (var target in targets)
            {
                exposition.CycleEnded(target, new CycleOutcome(Sample, true, 1, open, CycleWrite.Stored), TimeSpan.FromMilliseconds(5));
            }

            exposition.StoreUsed(TimeSpan.FromMilliseconds(1));
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var round = 0; round < 10; round++)
        {
            foreach (var target in targets)
            {
                exposition.CycleEnded(target, new CycleOutcome(Sample, true, 1, open, CycleWrite.Stored), TimeSpan.FromMilliseconds(5));
            }
        }

        exposition.StoreUsed(TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
