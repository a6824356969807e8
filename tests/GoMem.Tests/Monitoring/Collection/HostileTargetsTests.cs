using GoMem.Monitoring.Collection;
using GoMem.Monitoring.Config;
using GoMem.Storage.Monitoring;
using GoMem.Tests.TestSupport;
using Xunit.Abstractions;

namespace GoMem.Tests.Monitoring.Collection;

/// <summary>
/// One healthy service among targets that hang, trickle, fail, answer HTML or garbage, reset connections, or serve
/// a gzip bomb and a truncated profile: each bad target is marked down (or up with its endpoint error) with a clear
/// reason, and the healthy one keeps every cycle of its schedule.
/// </summary>
public sealed class HostileTargetsTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-hostile-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Bad_targets_are_down_with_their_reason_and_never_delay_the_healthy_one()
    {
        using var healthy = CapturedService.Start();
        var hostile = Enum.GetValues<Hostility>().ToDictionary(h => h, h => new HostileServer(h));
        try
        {
            var healthyAddress = new Uri(healthy.BaseUrl).Authority;
            var addresses = string.Join(", ", hostile.Values.Select(s => $"'{s.Address}'").Prepend($"'{healthyAddress}'"));
            var configPath = Path.Combine(_dir, "targets.yaml");
            File.WriteAllText(configPath, $"""
                scrape_configs:
                  - job_name: fault
                    scrape_interval: 2s
                    scrape_timeout: 500ms
                    static_configs:
                      - targets: [{addresses}]
                    profiling_config:
                      pprof_config:
                        heap: {"{"}every: 1{"}"}
                        goroutine: {"{"}every: 1{"}"}
                """);
            var log = new RecordingCollectorLog();
            using var store = SqliteMonitoringStore.Open(Path.Combine(_dir, "fault.db"));
            using var gate = new StoreGate(store);
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(12));
            await new Collector(new TargetWatcher(WatchConfigLoader.Load(configPath)), gate, new CollectorOptions(), log, TimeProvider.System).RunAsync(stop.Token);

            var targets = store.Targets().ToDictionary(t => t.Instance);
            var statistics = log.Statistics!;
            output.WriteLine($"cycles {statistics.Completed}, overran {statistics.Overrun}, skipped {statistics.Skipped}, lateness p99 {statistics.LatenessQuantile(0.99):0.000} s");
            var good = targets[healthyAddress];
            Assert.Equal(TargetHealthState.Up, good.Health.State);

            // Two-second cycles: decompressing the bomb to its 64 MiB cap must fit one on a loaded machine.
            // The healthy target kept its schedule: a sample about every interval (the gaps are printed; a loaded test
            // machine may make a cycle late, so the check allows one missed interval, never a stall).
            var times = store.RuntimeSamples(good.Id, DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Select(s => s.Time).ToList();
            output.WriteLine("healthy gaps: " + string.Join(" ", times.Zip(times.Skip(1)).Select(p => $"{(p.Second - p.First).TotalSeconds:0.00}")));
            Assert.True(times.Count >= 4, $"{times.Count} samples");
            Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(pair.Second - pair.First < TimeSpan.FromSeconds(4.9), $"no sample between {pair.First:O} and {pair.Second:O}"));
            // A heap profile every cycle (every: 1): at most one cycle's profile missing, whatever the machine's load.
            var heaps = store.ProfileSnapshots(good.Id, ProfileKinds.Heap, DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Count;
            Assert.True(heaps >= times.Count - 1, $"{heaps} heap profiles in {times.Count} cycles");

            string Reason(Hostility h) => targets[hostile[h].Address].Health.LastError ?? "(none)";
            foreach (var h in new[] { Hostility.Hang, Hostility.Trickle, Hostility.ServerError, Hostility.HtmlPage, Hostility.Garbage, Hostility.Reset })
            {
                var target = targets[hostile[h].Address];
                output.WriteLine($"{h}: {target.Health.State}: {Reason(h)}");
                Assert.Equal(TargetHealthState.Down, target.Health.State);
                Assert.DoesNotContain('\n', Reason(h));
                Assert.Contains(hostile[h].Address, Reason(h), StringComparison.Ordinal);
            }

            Assert.Contains("no answer within 0.5 s", Reason(Hostility.Hang), StringComparison.Ordinal);
            Assert.Contains("no answer within 0.5 s", Reason(Hostility.Trickle), StringComparison.Ordinal);
            Assert.Contains("HTTP 500", Reason(Hostility.ServerError), StringComparison.Ordinal);
            Assert.Contains("HTML page", Reason(Hostility.HtmlPage), StringComparison.Ordinal);

            var bad = targets[hostile[Hostility.BadProfiles].Address];
            Assert.Equal(TargetHealthState.Up, bad.Health.State);
            var endpointErrors = store.Events(bad.Id, DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Where(e => e.Kind == TargetEventKinds.EndpointError).Select(e => e.Detail).ToList();
            output.WriteLine("BadProfiles: " + string.Join(" | ", store.Events(bad.Id, DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Select(e => e.Kind + ": " + e.Detail)) + " problems: " + string.Join(" | ", log.Problems));
            Assert.Contains(endpointErrors, p => p.Contains("exceeds the limit of 64 MiB", StringComparison.Ordinal) && p.Contains("goroutine: truncated gzip data", StringComparison.Ordinal));

            // Told when the failures change, not every cycle; and the bad profiles are read again only after a backoff.
            var told = log.Problems.Count(p => p.Contains(hostile[Hostility.BadProfiles].Address, StringComparison.Ordinal));
            Assert.InRange(told, 1, endpointErrors.Count);
            Assert.True(hostile[Hostility.BadProfiles].Requests("/debug/pprof/heap") <= 3, $"the bomb was fetched {hostile[Hostility.BadProfiles].Requests("/debug/pprof/heap")} times in 6 cycles");
        }
        finally
        {
            foreach (var server in hostile.Values)
            {
                server.Dispose();
            }
        }
    }
}
