using System.Globalization;
using GoMem.Findings;
using GoMem.Monitoring;
using GoMem.Monitoring.Collection;
using GoMem.Monitoring.Config;
using GoMem.Monitoring.Exposition;
using GoMem.Monitoring.RemoteWrite;
using GoMem.Storage.Monitoring;
using GoMem.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace GoMem.Tests.Monitoring.RemoteWrite;

/// <summary>
/// What the writer queues as the collector reports: the series of /metrics with their labels, at each sample's own
/// collection time, staleness markers where /metrics drops a series, and the collector's own series; and that
/// /metrics still sees every report.
/// </summary>
public sealed class RemoteWriterTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-12-01T10:00:00Z", CultureInfo.InvariantCulture);

    private readonly FakeTimeProvider _clock = new(Now);
    private readonly CollectorExposition _exposition = new();
    private readonly RemoteWriter _writer;

    public RemoteWriterTests() => _writer = new RemoteWriter(
        _exposition,
        [RemoteWriteEndpoint.For(new Uri("http://127.0.0.1:9/api/v1/write"))],
        [new("job", "gomem"), new("instance", "collector-1")],
        TimeSpan.FromSeconds(10),
        new RecordingCollectorLog(),
        _clock,
        new ScriptedReceiver());

    public void Dispose() => _writer.Dispose();

    private static readonly ResolvedTarget Target = new(
        "api",
        "127.0.0.1:6060",
        new Uri("http://127.0.0.1:6060/"),
        LabelSet.Of([("job", "api"), ("instance", "127.0.0.1:6060"), ("env", "staging")]),
        TimeSpan.FromSeconds(10),
        TimeSpan.FromSeconds(5),
        EndpointPlan.Default,
        null,
        "test");

    private static RuntimeSample Sample(DateTimeOffset time, long? rss = 52_000_000) => new()
    {
        Time = time,
        RssBytes = rss,
        HeapAllocBytes = 20_000_000,
        Goroutines = 42,
    };

    private static MonitoringFinding Finding(string code) =>
        new(1, code, "main.recordSession", Severity.Warning, "Heap in use at main.recordSession grows", "", Now, Now);

    private static CycleOutcome Read(RuntimeSample? sample, bool up = true, params MonitoringFinding[] open) => new(sample, up, 0, open, CycleWrite.Stored);

    [Fact]
    public async Task A_cycle_queues_the_metrics_series_with_their_labels_at_the_samples_own_time()
    {
        _writer.TargetHeld(Target);
        _writer.CycleEnded(Target, Read(Sample(Now), open: [Finding("heap-leak"), Finding("heap-leak")]), TimeSpan.FromMilliseconds(5));

        var queued = Queued();
        Assert.All(queued, s => Assert.Equal(Now.ToUnixTimeMilliseconds(), s.TimestampMs));
        Assert.Equal(
            [
                "gomem_target_up{__name__=gomem_target_up, env=staging, instance=127.0.0.1:6060, job=api} 1",
                "gomem_target_resident_memory_bytes{__name__=gomem_target_resident_memory_bytes, env=staging, instance=127.0.0.1:6060, job=api} 52000000",
                "gomem_target_heap_alloc_bytes{__name__=gomem_target_heap_alloc_bytes, env=staging, instance=127.0.0.1:6060, job=api} 20000000",
                "gomem_target_goroutines{__name__=gomem_target_goroutines, env=staging, instance=127.0.0.1:6060, job=api} 42",
                .. LeakCodes().Select(c => $"gomem_target_open_findings{{__name__=gomem_target_open_findings, code={c}, env=staging, instance=127.0.0.1:6060, job=api}} {(c == "heap-leak" ? 2 : 0)}"),
            ],
            queued.Select(Describe));

        // /metrics saw the same cycle.
        using var text = new MemoryStream();
        await _exposition.WriteAsync(text);
        Assert.Contains("gomem_target_resident_memory_bytes{job=\"api\",instance=\"127.0.0.1:6060\",env=\"staging\"} 52000000", System.Text.Encoding.UTF8.GetString(text.ToArray()), StringComparison.Ordinal);
    }

    [Fact]
    public void A_figure_that_goes_and_a_target_that_is_down_or_leaves_end_their_series_with_a_staleness_marker()
    {
        _writer.TargetHeld(Target);
        _writer.CycleEnded(Target, Read(Sample(Now)), TimeSpan.Zero);
        Queued();

        _writer.CycleEnded(Target, Read(Sample(Now.AddSeconds(10), rss: null)), TimeSpan.Zero);
        var stale = Queued().Where(s => double.IsNaN(s.Value)).ToList();
        Assert.Equal([MetricNames.TargetResidentMemory], stale.Select(s => s.Series.Values[0]));
        Assert.Equal(0x7ff0000000000002, BitConverter.DoubleToInt64Bits(stale[0].Value));

        _clock.SetUtcNow(Now.AddSeconds(20));
        _writer.CycleEnded(Target, Read(null, up: false), TimeSpan.Zero);
        var down = Queued();
        Assert.All(down, s => Assert.Equal(Now.AddSeconds(20).ToUnixTimeMilliseconds(), s.TimestampMs));
        Assert.Equal(0, down.Single(s => s.Series.Values[0] == MetricNames.TargetUp).Value);
        Assert.Equal([MetricNames.TargetHeapAlloc, MetricNames.TargetGoroutines], down.Where(s => double.IsNaN(s.Value)).Select(s => s.Series.Values[0]));

        _clock.SetUtcNow(Now.AddSeconds(25));
        _writer.TargetReleased(Target);
        var gone = Queued();
        Assert.All(gone, s => Assert.True(double.IsNaN(s.Value)));
        Assert.Equal([MetricNames.TargetUp, .. LeakCodes().Select(_ => MetricNames.TargetOpenFindings)], gone.Select(s => s.Series.Values[0]));
        _writer.CycleEnded(Target, Read(Sample(Now.AddSeconds(30))), TimeSpan.Zero); // a cycle that ends late adds nothing back
        Assert.Empty(Queued());
    }

    [Fact]
    public void A_sample_no_newer_than_the_last_of_its_series_is_not_queued_and_a_lost_lease_queues_nothing()
    {
        _writer.TargetHeld(Target);
        _writer.CycleEnded(Target, Read(Sample(Now)), TimeSpan.Zero);
        Queued();
        _writer.CycleEnded(Target, Read(Sample(Now.AddSeconds(-10))), TimeSpan.Zero);
        _writer.CycleEnded(Target, Read(Sample(Now)), TimeSpan.Zero);
        Assert.Empty(Queued());
        _writer.CycleEnded(Target, new CycleOutcome(Sample(Now.AddSeconds(10)), true, 0, [], CycleWrite.LeaseLost), TimeSpan.Zero);
        Assert.Empty(Queued());
    }

    [Fact]
    public async Task The_collectors_own_series_are_queued_with_its_labels_at_the_time_they_are_read()
    {
        _writer.CycleFailed(CycleError.TargetDown);
        _writer.StoreUsed(TimeSpan.FromMilliseconds(3));
        await _writer.QueueHealthAsync(CancellationToken.None);

        var queued = Queued();
        Assert.All(queued, s => Assert.Equal(_clock.GetUtcNow().ToUnixTimeMilliseconds(), s.TimestampMs));
        Assert.All(queued, s => Assert.StartsWith("gomem_collector_", s.Series.Values[0], StringComparison.Ordinal));
        var errors = queued.Single(s => Describe(s).Contains("kind=target_down", StringComparison.Ordinal));
        Assert.Equal("gomem_collector_cycle_errors_total{__name__=gomem_collector_cycle_errors_total, instance=collector-1, job=gomem, kind=target_down} 1", Describe(errors));
        Assert.Contains(queued, s => Describe(s) == "gomem_collector_store_write_duration_seconds_count{__name__=gomem_collector_store_write_duration_seconds_count, instance=collector-1, job=gomem} 1");
        Assert.Contains(queued, s => s.Series.Values[0] == MetricNames.RemoteWriteDropped);

        // The next reading at the same time adds nothing (Prometheus would refuse the duplicates); a later one does.
        await _writer.QueueHealthAsync(CancellationToken.None);
        Assert.Empty(Queued());
        _clock.Advance(TimeSpan.FromSeconds(10));
        await _writer.QueueHealthAsync(CancellationToken.None);
        Assert.Equal(queued.Count, Queued().Count);
    }

    private static string[] LeakCodes() => [.. GoMem.Leaks.LeakFindingCodes.All];

    private static string Describe(PendingSample s) =>
        $"{s.Series.Values[Array.IndexOf(s.Series.Names, "__name__")]}{{{string.Join(", ", s.Series.Names.Select((n, i) => $"{n}={s.Series.Values[i]}"))}}} {s.Value.ToString(CultureInfo.InvariantCulture)}";

    private List<PendingSample> Queued()
    {
        var batch = new PendingSample[RemoteWriteEndpoint.DefaultCapacity];
        return [.. batch[.._writer.Queues[0].Queue.Take(batch)]];
    }
}
