using System.Text.Json;
using GoMem.Monitoring.Alerting;
using GoMem.Output.Monitoring;
using GoMem.Storage.Monitoring;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli.Monitoring;

/// <summary>
/// A real <c>gomem watch</c> (its own process) on the examples' leaking service and its healthy twin, with the built-in
/// rules (target-down's wait cut to seconds): the heap leak alert fires naming the leaking function and the twin fires
/// nothing; the twin killed fires target-down after its wait, started again it fires the restart alert; <c>gomem alerts</c>
/// lists them from the store.
/// </summary>
public sealed class WatchAlertsTests : IDisposable
{
    private static readonly TimeSpan DownFor = TimeSpan.FromSeconds(3);

    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-watch-alerts-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_leak_fires_its_alert_naming_the_function_the_twin_fires_nothing_until_it_goes_down_and_restarts()
    {
        using var leaky = GoService.Start("leakymap");
        var twinPort = GoService.FreePort();
        var twin = GoService.StartOn(twinPort, "boundedcache");
        try
        {
            var config = Path.Combine(_dir, "targets.yaml");
            File.WriteAllText(config, $"""
                scrape_configs:
                  - job_name: demo
                    scrape_interval: 1s
                    static_configs:
                      - targets: ['{leaky.Url.Authority}', '{twin.Url.Authority}']
                    profiling_config:
                      pprof_config:
                        heap: {"{"}every: 1, gc: true{"}"}
                        goroutine: {"{"}every: 1{"}"}
                """);
            var rules = Path.Combine(_dir, "rules.yml");
            using (var file = new StreamWriter(rules))
            {
                AlertRulesYamlRenderer.Write(file, [.. BuiltInAlertRules.All.Select(r => r.Condition == AlertCondition.TargetDown ? r with { For = DownFor } : r)]);
            }

            var store = Path.Combine(_dir, "watch.db");
            var log = Path.Combine(_dir, "watch.log");
            leaky.Drive(150, 0);
            twin.Drive(150, 0);
            using var stopLeaky = new CancellationTokenSource();
            using var stopTwin = new CancellationTokenSource();
            Task Load(GoService service, CancellationToken stop) => Task.Run(() =>
            {
                for (var batch = 1; !stop.IsCancellationRequested && batch < 100; batch++)
                {
                    service.Drive(1500, batch * 1500);
                }
            });
            var leakyLoad = Load(leaky, stopLeaky.Token);
            var twinLoad = Load(twin, stopTwin.Token);

            using var watch = WatchProcess.Start("--config", config, "--store", store, "--rules", rules, "--format", "json", "-o", log);
            string Firing(string rule, string instance) =>
                $"SELECT count(*) FROM alerts a JOIN targets t ON t.id = a.target_id WHERE a.rule = '{rule}' AND a.state = 'firing' AND t.instance = '{instance}'";
            watch.WaitFor(() => StoreFile.Count(store, Firing("GoMemHeapLeak", leaky.Url.Authority)) > 0, TimeSpan.FromSeconds(120), "firing the heap leak alert");

            // The healthy twin, watched as long and under the same load, fires nothing and has no leak alert, not even
            // pending. (A figure's rule may be pending on a machine loaded enough: a fetch timing out, or a GC pause
            // stretched because the process was descheduled; that is the machine, not the program.)
            var twinAlerts = StoreFile.Scalar(store, $"SELECT group_concat(a.rule || ' ' || a.state, ', ') FROM alerts a JOIN targets t ON t.id = a.target_id WHERE t.instance = '{twin.Url.Authority}' AND (a.state = 'firing' OR a.rule IN ('GoMemHeapLeak', 'GoMemGoroutineLeak'))");
            Assert.True(twinAlerts is null or DBNull, $"the healthy twin has alerts: {twinAlerts}");

            // The twin killed: down, pending, then firing once its wait passed.
            await stopTwin.CancelAsync();
            twin.Kill();
            await twinLoad.ContinueWith(_ => { }, TaskScheduler.Default);
            var killed = DateTimeOffset.UtcNow;
            watch.WaitFor(() => StoreFile.Count(store, Firing("GoMemTargetDown", twin.Url.Authority)) > 0, TimeSpan.FromSeconds(60), "firing target-down");
            Assert.True(DateTimeOffset.UtcNow - killed >= DownFor, "target-down fired before its for");

            // Started again at its address: a new process, so the restart alert fires and target-down resolves.
            twin.Dispose();
            twin = GoService.StartOn(twinPort, "boundedcache");
            watch.WaitFor(() => StoreFile.Count(store, Firing("GoMemProcessRestarted", twin.Url.Authority)) > 0, TimeSpan.FromSeconds(60), "firing the restart alert");
            watch.WaitFor(() => StoreFile.Count(store, $"SELECT count(*) FROM alerts WHERE rule = 'GoMemTargetDown' AND state = 'resolved'") > 0, TimeSpan.FromSeconds(30), "resolving target-down");
            Assert.Equal(0, watch.Terminate());
            await stopLeaky.CancelAsync();
            await leakyLoad.ContinueWith(_ => { }, TaskScheduler.Default);

            // The log has one line per change (none for the resends of a firing alert), the leak's naming the function.
            var events = File.ReadAllLines(log).Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("event").GetString() == "alert").ToList();
            var leak = events.First(e => e.GetProperty("alertname").GetString() == "GoMemHeapLeak" && e.GetProperty("state").GetString() == "firing"
                && e.GetProperty("labels").TryGetProperty("function", out var function) && function.GetString() == "main.recordSession");
            Assert.Contains("main.go:", leak.GetProperty("annotations").GetProperty("description").GetString(), StringComparison.Ordinal);
            Assert.Contains("main.recordSession", leak.GetProperty("annotations").GetProperty("summary").GetString(), StringComparison.Ordinal);
            Assert.Contains(events, e => e.GetProperty("alertname").GetString() == "GoMemTargetDown" && e.GetProperty("state").GetString() == "resolved");

            // gomem alerts lists them from the store, in text and JSON alike.
            var text = GoMemCli.Run("alerts", "--store", store);
            Assert.True(text.ExitCode == 0, text.Stderr);
            Assert.Contains("GoMemHeapLeak (main.recordSession)", text.Stdout, StringComparison.Ordinal);
            var json = GoMemCli.Run("alerts", "--store", store, "--state", "firing", "--format", "json");
            Assert.Equal(0, json.ExitCode);
            using var listed = JsonDocument.Parse(json.Stdout);
            var firing = listed.RootElement.GetProperty("alerts").EnumerateArray().ToList();
            Assert.All(firing, a => Assert.Equal("firing", a.GetProperty("state").GetString()));
            Assert.Contains(firing, a => a.GetProperty("alertname").GetString() == "GoMemHeapLeak" && a.GetProperty("target").GetString() == "demo/" + leaky.Url.Authority);
            Assert.Contains(firing, a => a.GetProperty("alertname").GetString() == "GoMemProcessRestarted" && a.GetProperty("target").GetString() == "demo/" + twin.Url.Authority);
            Assert.DoesNotContain(firing, a => a.GetProperty("target").GetString() == "demo/" + twin.Url.Authority && a.GetProperty("alertname").GetString() != "GoMemProcessRestarted");
        }
        finally
        {
            twin.Dispose();
        }
    }
}
