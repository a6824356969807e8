using System.Collections.Concurrent;
using GoMem.Monitoring.Alerting;
using GoMem.Monitoring.Collection;
using GoMem.Monitoring.Config;
using GoMem.Storage.Monitoring;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Monitoring.Alerting;

/// <summary>
/// Real collectors on loopback targets and one SQLite store, with a rule that holds on every target: each alert fires
/// once, stored once; when a second collector takes half the targets over, it takes their alerts up from the store
/// (sent again as resends, never fired twice), and only the collector holding a target's lease writes or sends its alerts.
/// </summary>
public sealed class FleetAlertsTests : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    /// <summary>The captured service runs more than one goroutine: this rule holds on every target from its first cycle.</summary>
    private static readonly AlertRule Rule = BuiltInAlertRules.All.Single(r => r.Condition == AlertCondition.GoroutinesAbove) with { Threshold = 1, For = TimeSpan.Zero };

    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-fleet-alerts-").FullName;
    private readonly List<LoopbackServer> _services = [.. Enumerable.Range(0, 4).Select(_ => CapturedService.Start(profiles: false))];

    public void Dispose()
    {
        _services.ForEach(s => s.Dispose());
        Directory.Delete(_dir, recursive: true);
    }

    private sealed class RecordingNotifier : IAlertNotifier
    {
        public ConcurrentQueue<AlertNotification> Sent { get; } = new();

        public void Enqueue(AlertNotification notification) => Sent.Enqueue(notification);
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
    public async Task Each_alert_fires_once_across_the_fleet_and_moves_with_its_targets_lease()
    {
        var config = Path.Combine(_dir, "watch.yaml");
        var targets = string.Join(", ", _services.Select(s => $"'{new Uri(s.BaseUrl).Authority}'"));
        File.WriteAllText(config, $"scrape_configs:\n  - job_name: svc\n    scrape_interval: {Interval.TotalMilliseconds}ms\n    static_configs:\n      - targets: [{targets}]\n");
        var path = Path.Combine(_dir, "gomem.db");
        var options = new CollectorOptions { AlertRules = [Rule] };

        using var storeA = SqliteMonitoringStore.Open(path);
        using var gateA = new StoreGate(storeA);
        using var stopA = new CancellationTokenSource();
        var sentA = new RecordingNotifier();
        var logA = new RecordingCollectorLog();
        var collectingA = new Collector(new TargetWatcher(WatchConfigLoader.Load(config)), gateA, options with { Name = "a", AlertNotifier = sentA }, logA, TimeProvider.System).RunAsync(stopA.Token);
        await WaitForAsync(() => storeA.Alerts(DateTimeOffset.UtcNow).Count(a => a.Alert.State == AlertState.Firing) == 4, "an alert firing on each of the four targets");

        using var storeB = SqliteMonitoringStore.Open(path);
        using var gateB = new StoreGate(storeB);
        using var stopB = new CancellationTokenSource();
        var sentB = new RecordingNotifier();
        var collectingB = new Collector(new TargetWatcher(WatchConfigLoader.Load(config)), gateB, options with { Name = "b", AlertNotifier = sentB }, new RecordingCollectorLog(), TimeProvider.System).RunAsync(stopB.Token);
        await WaitForAsync(() => sentB.Sent.Select(n => n.Labels["instance"]).Distinct().Count() == 2, "the second collector sending the alerts of the two targets it took over");
        await stopB.CancelAsync();
        await collectingB;
        await stopA.CancelAsync();
        await collectingA;

        // Four alerts, one row each, each fired once across both collectors; the taken-over ones were sent again as resends.
        var stored = storeA.Alerts(DateTimeOffset.MinValue);
        Assert.Equal(4, stored.Count);
        Assert.All(stored, a => Assert.Equal(AlertState.Firing, a.Alert.State));
        var fired = sentA.Sent.Concat(sentB.Sent).Where(n => !n.IsResend).ToList();
        Assert.Equal(4, fired.Count);
        Assert.Equal(4, fired.Select(n => n.Key).Distinct().Count());
        Assert.All(sentB.Sent, n => Assert.True(n.IsResend, "the second collector fired an alert the first had fired"));
        Assert.Equal(4, logA.AlertChanges.Count);

        // What b sent was about the targets it held: the starts are those a stored, not b's own.
        var starts = stored.ToDictionary(a => a.Alert.Key, a => a.Alert.FiredAt);
        Assert.All(sentB.Sent, n => Assert.Equal(starts[n.Key], n.StartsAt));
    }
}
