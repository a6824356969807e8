using System.Globalization;
using System.Text.Json;
using GoMem.Findings;
using GoMem.Monitoring;
using GoMem.Monitoring.Alerting;
using GoMem.Storage.Monitoring;
using GoMem.Tests.Storage.Monitoring;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli.Monitoring;

/// <summary>
/// <c>gomem alerts</c> on a store whose alerts the built-in rules raised over a fixed series of cycles (a leak and RSS
/// near the limit on api, an outage then a restart on worker): text and JSON golden, the filters, the same list from
/// PostgreSQL, and the rule file commands around it.
/// </summary>
public sealed class AlertsCommandTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);

    private const long Limit = 512L << 20;

    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-alerts-").FullName;

    private readonly string _store;

    public AlertsCommandTests()
    {
        _store = Path.Combine(_dir, "watch.db");
        using var store = SqliteMonitoringStore.Open(_store);
        Fill(store);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Since => T0.AddHours(-1).ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Ten cycles a minute apart through the built-in rules, each step stored as the collector stores it.</summary>
    private static void Fill(IMonitoringStore store)
    {
        var api = store.UpsertTarget("api", "10.0.0.1:6060", LabelSet.Of(("env", "prod"), ("instance", "10.0.0.1:6060"), ("job", "api")));
        var worker = store.UpsertTarget("worker", "10.0.0.2:6060", LabelSet.Of(("instance", "10.0.0.2:6060"), ("job", "worker")));
        var apiAlerts = new AlertEvaluator(BuiltInAlertRules.All, api, "api", "10.0.0.1:6060", store.Target(api)!.Labels);
        var workerAlerts = new AlertEvaluator(BuiltInAlertRules.All, worker, "worker", "10.0.0.2:6060", store.Target(worker)!.Labels);
        var leak = new MonitoringFinding(api, "heap-leak", "inuse_space main.recordSession main.go:52", Severity.Warning,
            "Heap in use at main.recordSession grows by 1.50MB/min", "From 40MB to 52MB across the snapshots. Look at main.go:52.", T0.AddMinutes(4), T0.AddMinutes(4));
        for (var minute = 0; minute < 10; minute++)
        {
            var now = T0.AddMinutes(minute);
            var apiSample = new RuntimeSample
            {
                Time = now,
                RssBytes = (long)(Limit * (minute < 5 ? 0.6 : 0.85)),
                ContainerLimitBytes = Limit,
                GomemlimitBytes = 460L << 20,
                SysBytes = 300L << 20,
                GcCpuFraction = minute < 8 ? 0.02 : 0.12,
                Goroutines = 120,
                PauseP99Seconds = 0.0004,
            };
            Store(store, api, apiAlerts, new AlertEvidence { Time = now, Up = true, Sample = apiSample, OpenFindings = minute >= 4 ? [leak] : [] });

            var down = minute is >= 2 and < 6;
            var workerSample = new RuntimeSample { Time = now, RssBytes = 80L << 20, GomemlimitBytes = long.MaxValue, Goroutines = 40, GcCpuFraction = 0.01 };
            Store(store, worker, workerAlerts, new AlertEvidence
            {
                Time = now,
                Up = !down,
                Error = down ? "http://10.0.0.2:6060/debug/vars: connection refused" : null,
                Sample = down ? null : workerSample,
                LastRestart = minute >= 6 ? (T0.AddMinutes(6), "process start time changed (2026-12-04T08:00:00Z → 2026-12-04T09:05:58Z)") : null,
            });
        }
    }

    private static void Store(IMonitoringStore store, long target, AlertEvaluator evaluator, AlertEvidence evidence)
    {
        var step = evaluator.Evaluate(evidence);
        using var cycle = store.BeginCycle();
        TargetAlerts.Write(cycle, target, step);
        cycle.Commit();
        evaluator.Commit(step);
    }

    [Fact]
    public void Text_lists_firing_then_pending_then_resolved_with_their_times_values_and_summaries()
    {
        var result = GoMemCli.Run("alerts", "--store", _store, "--since", Since);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Golden.AssertMatches(Path.Combine("monitoring", "alerts.txt"), result.Stdout);
    }

    [Fact]
    public void Json_has_the_same_alerts_and_numbers_with_every_label_and_annotation()
    {
        var result = GoMemCli.Run("alerts", "--store", _store, "--since", Since, "--format", "json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Golden.AssertMatches(Path.Combine("monitoring", "alerts.json"), result.Stdout);
        using var json = JsonDocument.Parse(result.Stdout);
        var alerts = json.RootElement.GetProperty("alerts").EnumerateArray().ToList();
        Assert.Equal(
            [("firing", "GoMemHeapLeak"), ("firing", "GoMemMemoryNearLimit"), ("firing", "GoMemProcessRestarted"), ("pending", "GoMemGcCpuHigh"), ("resolved", "GoMemTargetDown")],
            alerts.Select(a => (a.GetProperty("state").GetString()!, a.GetProperty("alertname").GetString()!)).OrderBy(a => a.Item1 switch { "firing" => 0, "pending" => 1, _ => 2 }).ThenBy(a => a.Item2));
        Assert.Equal((3, 1, 1), (json.RootElement.GetProperty("firing").GetInt32(), json.RootElement.GetProperty("pending").GetInt32(), json.RootElement.GetProperty("resolved").GetInt32()));
        var near = alerts.Single(a => a.GetProperty("alertname").GetString() == "GoMemMemoryNearLimit");
        Assert.Equal(0.85, near.GetProperty("value").GetDouble(), 3);
        Assert.Equal("prod", near.GetProperty("labels").GetProperty("env").GetString());
        Assert.Equal(T0.AddMinutes(7), near.GetProperty("firedAt").GetDateTimeOffset());
        Assert.Equal("main.recordSession", alerts.Single(a => a.GetProperty("alertname").GetString() == "GoMemHeapLeak").GetProperty("labels").GetProperty("function").GetString());
    }

    [Fact]
    public void State_and_target_narrow_the_list_and_since_drops_older_resolved_alerts()
    {
        var firing = GoMemCli.Run("alerts", "--store", _store, "--since", Since, "--state", "firing");
        Assert.StartsWith("3 firing alerts: 3 firing, 0 pending, 0 resolved since", firing.Stdout, StringComparison.Ordinal);

        var worker = GoMemCli.Run("alerts", "--store", _store, "--since", Since, "--target", "worker/10.0.0.2:6060", "--format", "json");
        using var json = JsonDocument.Parse(worker.Stdout);
        Assert.All(json.RootElement.GetProperty("alerts").EnumerateArray(), a => Assert.Equal("worker/10.0.0.2:6060", a.GetProperty("target").GetString()));
        Assert.Equal(2, json.RootElement.GetProperty("alerts").GetArrayLength());

        var later = GoMemCli.Run("alerts", "--store", _store, "--since", T0.AddMinutes(7).ToString("O", CultureInfo.InvariantCulture), "--state", "resolved");
        Assert.Equal("0 resolved alerts: 0 firing, 0 pending, 0 resolved since 2026-12-04T09:07:00Z\n", later.Stdout);

        Assert.Equal(2, GoMemCli.Run("alerts", "--store", _store, "--state", "open").ExitCode);
        Assert.Equal(2, GoMemCli.Run("alerts", "--store", _store, "--target", "nobody").ExitCode);
        Assert.Equal(4, GoMemCli.Run("alerts", "--store", Path.Combine(_dir, "missing.db")).ExitCode);
    }

    [PostgresFact]
    public void A_postgres_store_lists_the_same_alerts()
    {
        var url = PostgresServer.Instance.CreateDatabase();
        try
        {
            using (var store = PostgresMonitoringStore.Open(url))
            {
                Fill(store);
            }

            var fromPostgres = GoMemCli.Run("alerts", "--store", url, "--since", Since, "--format", "json");
            Assert.True(fromPostgres.ExitCode == 0, fromPostgres.Stderr);
            Assert.Equal(GoMemCli.Run("alerts", "--store", _store, "--since", Since, "--format", "json").Stdout, fromPostgres.Stdout);
            Assert.Equal(GoMemCli.Run("alerts", "--store", _store, "--since", Since).Stdout, GoMemCli.Run("alerts", "--store", url, "--since", Since).Stdout);
        }
        finally
        {
            PostgresServer.Instance.DropDatabase(url);
        }
    }

    [Fact]
    public void Export_alert_rules_writes_the_built_in_rule_file_which_watch_check_config_accepts()
    {
        var export = GoMemCli.Run("export", "alert-rules");
        Assert.True(export.ExitCode == 0, export.Stderr);
        Golden.AssertMatches(Path.Combine("monitoring", "alert-rules.yml"), export.Stdout);
        var exportJson = GoMemCli.Run("export", "alert-rules", "--format", "json");
        Assert.True(exportJson.ExitCode == 0, exportJson.Stderr);
        Golden.AssertMatches(Path.Combine("monitoring", "alert-rules.json"), exportJson.Stdout);

        var rules = Path.Combine(_dir, "rules.yml");
        File.WriteAllText(rules, export.Stdout);
        var check = GoMemCli.Run("watch", "--config", Path.Combine(RepoPaths.TestData, "watch", "targets.yaml"), "--rules", rules, "--check-config");
        Assert.True(check.ExitCode == 0, check.Stderr);
        Assert.Contains($"{rules}: valid; 11 alert rules (GoMemHeapLeak, GoMemGoroutineLeak,", check.Stdout, StringComparison.Ordinal);

        File.WriteAllText(rules, export.Stdout.Replace("condition: gc-cpu-high", "condition: gc-cpu-hihg", StringComparison.Ordinal));
        var bad = GoMemCli.Run("watch", "--config", Path.Combine(RepoPaths.TestData, "watch", "targets.yaml"), "--rules", rules, "--check-config");
        Assert.Equal(3, bad.ExitCode);
        Assert.Matches(@"^gomem: .*rules\.yml:\d+: rules\[7\]\.condition: unknown condition ""gc-cpu-hihg""; did you mean ""gc-cpu-high""\?", bad.Stderr);
        Assert.Single(bad.Stderr.TrimEnd('\n').Split('\n'));
    }
}
