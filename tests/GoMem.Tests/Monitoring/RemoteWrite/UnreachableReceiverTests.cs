using GoMem.Monitoring.Collection;
using GoMem.Monitoring.Config;
using GoMem.Monitoring.Exposition;
using GoMem.Monitoring.RemoteWrite;
using GoMem.RuntimeStats.Prometheus.Parsing;
using GoMem.Storage.Monitoring;
using GoMem.Tests.TestSupport;
using Xunit.Abstractions;

namespace GoMem.Tests.Monitoring.RemoteWrite;

/// <summary>
/// A real collector pushing to a receiver that accepts connections and never answers, and to a port where nothing
/// listens: the target keeps every cycle of its schedule, each receiver's small buffer drops its oldest samples (counted
/// on /metrics), and each trouble is said once, not once per cycle or per retry.
/// </summary>
public sealed class UnreachableReceiverTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-rw-down-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task A_receiver_that_hangs_or_refuses_never_delays_a_cycle_and_costs_a_bounded_buffer()
    {
        using var healthy = CapturedService.Start();
        using var hanging = new HostileServer(Hostility.Hang);
        var refusing = $"127.0.0.1:{PostgresServer.FreePort()}";
        var configPath = Path.Combine(_dir, "targets.yaml");
        File.WriteAllText(configPath, $"""
            scrape_configs:
              - job_name: api
                scrape_interval: 1s
                static_configs:
                  - targets: ['{new Uri(healthy.BaseUrl).Authority}']
            """);
        RemoteWriteEndpoint Receiver(string address) => RemoteWriteEndpoint.For(new Uri($"http://{address}/api/v1/write")) with
        {
            Capacity = 20,
            MaxSamplesPerSend = 10,
            BatchSendDeadline = TimeSpan.FromMilliseconds(200),
            RemoteTimeout = TimeSpan.FromSeconds(1),
        };
        var log = new RecordingCollectorLog();
        var exposition = new CollectorExposition();
        using (var writer = new RemoteWriter(exposition, [Receiver(hanging.Address), Receiver(refusing)], [new("job", "gomem")], TimeSpan.FromSeconds(1), log, TimeProvider.System))
        {
            using var store = SqliteMonitoringStore.Open(Path.Combine(_dir, "gomem.db"));
            using var gate = new StoreGate(store);
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(6));
            writer.Start();
            await new Collector(new TargetWatcher(WatchConfigLoader.Load(configPath)), gate, new CollectorOptions(), log, TimeProvider.System, writer).RunAsync(stop.Token);
            await writer.StopAsync(TimeSpan.FromMilliseconds(500));

            // Every cycle of the schedule (a loaded machine may make one late: one missed interval allowed, never a stall).
            var target = Assert.Single(store.Targets());
            var times = store.RuntimeSamples(target.Id, DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Select(s => s.Time).ToList();
            output.WriteLine("gaps: " + string.Join(" ", times.Zip(times.Skip(1)).Select(p => $"{(p.Second - p.First).TotalSeconds:0.00}")));
            Assert.True(times.Count >= 4, $"{times.Count} samples");
            Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.Second - pair.First < TimeSpan.FromSeconds(2.9), $"no sample between {pair.First:O} and {pair.Second:O}"));
            Assert.Equal(0, log.Statistics!.Overrun);
        }

        using var text = new MemoryStream();
        await exposition.WriteAsync(text);
        text.Position = 0;
        var samples = PrometheusTextParser.Parse(text, "/metrics").Families.SelectMany(f => f.Samples).ToList();
        foreach (var address in new[] { hanging.Address, refusing })
        {
            var url = $"http://{address}/api/v1/write";
            double Count(string name, string? reason = null) => samples
                .Where(s => s.Name == name && s.GetLabel(MetricNames.UrlLabel) == url && (reason is null || s.GetLabel(MetricNames.ReasonLabel) == reason))
                .Sum(s => s.Value);
            output.WriteLine($"{url}: dropped full {Count(MetricNames.RemoteWriteDropped, "queue_full")}, at shutdown {Count(MetricNames.RemoteWriteDropped, "shutdown")}, retries {Count(MetricNames.RemoteWriteRetries)}");
            Assert.Equal(0, Count(MetricNames.RemoteWriteSent));
            Assert.True(Count(MetricNames.RemoteWriteDropped, "queue_full") > 0);
            Assert.InRange(Count(MetricNames.RemoteWriteDropped, "shutdown"), 1, 30); // never more than the buffer and the batch in hand
            Assert.True(Count(MetricNames.RemoteWriteRetries) >= 1);
            var said = log.Problems.Where(p => p.StartsWith($"remote-write {url}", StringComparison.Ordinal)).ToList();
            output.WriteLine(string.Join("\n", said));
            Assert.Single(said, p => p.Contains("buffer of 20 samples is full", StringComparison.Ordinal));
            Assert.Single(said, p => p.Contains("retrying with backoff", StringComparison.Ordinal));
            Assert.Single(said, p => p.Contains("of stopping: dropped", StringComparison.Ordinal));
        }

        Assert.Contains(log.Problems, p => p.Contains("no answer within 1s (remote_timeout)", StringComparison.Ordinal));
        Assert.Contains(log.Problems, p => p.Contains("connection refused", StringComparison.Ordinal));
    }
}
