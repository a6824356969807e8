using GoMem.Monitoring.Collection;
using GoMem.Monitoring.Config;
using GoMem.Monitoring.Exposition;
using GoMem.RuntimeStats.Prometheus.Parsing;
using GoMem.Storage.Monitoring;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Monitoring.Exposition;

/// <summary>
/// The exposition fed by real collectors over loopback targets and a real SQLite store: a target that leaves the
/// file_sd file loses its series, and when a second collector takes half the targets over, each exposition has
/// exactly the targets its collector holds (no stale series of the moved ones), and the first has all of them again
/// once the second stops.
/// </summary>
public sealed class CollectorSeriesTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-exposition-").FullName;
    private readonly List<LoopbackServer> _services = [.. Enumerable.Range(0, 4).Select(_ => CapturedService.Start(profiles: false))];

    public void Dispose()
    {
        _services.ForEach(s => s.Dispose());
        Directory.Delete(_dir, recursive: true);
    }

    private string Authority(int i) => new Uri(_services[i].BaseUrl).Authority;

    private string Config(params int[] targets)
    {
        File.WriteAllText(Path.Combine(_dir, "targets.json"), $"[{{\"targets\": [{string.Join(", ", targets.Select(i => $"\"{Authority(i)}\""))}], \"labels\": {{\"team\": \"mem\"}}}}]");
        var config = Path.Combine(_dir, "watch.yaml");
        File.WriteAllText(config, $"scrape_configs:\n  - job_name: svc\n    scrape_interval: {Interval.TotalMilliseconds}ms\n    file_sd_configs:\n      - files: ['{Path.Combine(_dir, "targets.json")}']\n        refresh_interval: 1s\n");
        return config;
    }

    private static HashSet<string> Up(CollectorExposition exposition)
    {
        using var buffer = new MemoryStream();
        exposition.WriteAsync(buffer).GetAwaiter().GetResult();
        buffer.Position = 0;
        return [.. PrometheusTextParser.Parse(buffer, "/metrics").Families
            .SelectMany(f => f.Samples)
            .Where(s => s.Name.StartsWith("gomem_target_", StringComparison.Ordinal))
            .Select(s => s.GetLabel("instance")!)];
    }

    private static async Task WaitForAsync(Func<bool> done, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not {what} within 30 s");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task A_target_that_leaves_the_configuration_loses_its_series()
    {
        var config = Config(0, 1);
        using var store = SqliteMonitoringStore.Open(Path.Combine(_dir, "gomem.db"));
        using var gate = new StoreGate(store);
        using var stop = new CancellationTokenSource();
        var exposition = new CollectorExposition();
        var collecting = new Collector(new TargetWatcher(WatchConfigLoader.Load(config)), gate, new CollectorOptions(), new RecordingCollectorLog(), TimeProvider.System, exposition).RunAsync(stop.Token);

        await WaitForAsync(() => Up(exposition).SetEquals([Authority(0), Authority(1)]), "both targets exposed");
        Config(1);
        await WaitForAsync(() => Up(exposition).SetEquals([Authority(1)]), "the target that left gone");
        await stop.CancelAsync();
        await collecting;

        Assert.Equal(1, exposition.TargetCount);
    }

    [Fact]
    public async Task When_leases_move_to_another_collector_each_exposition_has_exactly_the_targets_its_collector_holds()
    {
        var config = Config(0, 1, 2, 3);
        var path = Path.Combine(_dir, "gomem.db");
        using var storeA = SqliteMonitoringStore.Open(path);
        using var gateA = new StoreGate(storeA);
        using var stopA = new CancellationTokenSource();
        var a = new CollectorExposition();
        var collectingA = new Collector(new TargetWatcher(WatchConfigLoader.Load(config)), gateA, new CollectorOptions { Name = "a" }, new RecordingCollectorLog(), TimeProvider.System, a).RunAsync(stopA.Token);
        var all = Enumerable.Range(0, 4).Select(Authority).ToHashSet();
        await WaitForAsync(() => Up(a).SetEquals(all), "all four targets exposed by the first collector");

        using var storeB = SqliteMonitoringStore.Open(path);
        using var gateB = new StoreGate(storeB);
        using var stopB = new CancellationTokenSource();
        var b = new CollectorExposition();
        var collectingB = new Collector(new TargetWatcher(WatchConfigLoader.Load(config)), gateB, new CollectorOptions { Name = "b" }, new RecordingCollectorLog(), TimeProvider.System, b).RunAsync(stopB.Token);
        string Holders() => string.Join(", ", storeA.Leases().Select(l => $"{l.TargetKey}={l.Holder}"));
        await WaitForAsync(() => Up(b).Count == 2 && Up(a).Count == 2, $"two targets each ({Holders()})");

        // Each exposition holds what its collector's leases say, and together they have every target once.
        var leases = storeA.Leases().ToDictionary(l => l.TargetKey, l => l.Holder);
        Assert.Equal(all, Up(a).Union(Up(b)).ToHashSet());
        Assert.Empty(Up(a).Intersect(Up(b)));
        Assert.All(Up(b), instance => Assert.Equal("b", leases[$"svc http://{instance}/"]));

        await stopB.CancelAsync();
        await collectingB;
        await WaitForAsync(() => Up(a).SetEquals(all), "all four targets back with the first collector");
        await stopA.CancelAsync();
        await collectingA;
    }
}
