using GoMem.Findings;
using GoMem.Monitoring;
using GoMem.Monitoring.Alerting;
using GoMem.Storage.Monitoring;

namespace GoMem.Tests.Monitoring.Alerting;

/// <summary>The alert state machine on a fake clock: for-durations, flapping, resolve, dedup, resends, restart reload.</summary>
public sealed class AlertEvaluatorTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);

    private static readonly LabelSet TargetLabels = LabelSet.Of(("job", "api"), ("instance", "10.0.0.1:6060"), ("zone", "b"));

    private const long Limit = 1L << 30;

    private static AlertRule BuiltIn(AlertCondition condition) => BuiltInAlertRules.All.Single(r => r.Condition == condition);

    private static AlertEvaluator Evaluator(params AlertRule[] rules) => new(rules, 7, "api", "10.0.0.1:6060", TargetLabels);

    /// <summary>Evaluates and commits, as a cycle that was stored.</summary>
    private static AlertStep Cycle(AlertEvaluator evaluator, AlertEvidence evidence)
    {
        var step = evaluator.Evaluate(evidence);
        evaluator.Commit(step);
        return step;
    }

    private static AlertEvidence Rss(DateTimeOffset time, double share) => new()
    {
        Time = time,
        Up = true,
        Sample = new RuntimeSample { Time = time, RssBytes = (long)(Limit * share), ContainerLimitBytes = Limit },
    };

    [Fact]
    public void A_condition_is_pending_until_it_held_for_its_for_then_fires_once_and_resolves_when_it_stops()
    {
        var evaluator = Evaluator(BuiltIn(AlertCondition.MemoryNearLimit));

        var first = Cycle(evaluator, Rss(T0, 0.85));
        Assert.Equal(AlertState.Pending, Assert.Single(first.Upserts).State);
        Assert.Empty(first.Changes);
        Assert.Empty(first.Notifications);

        var stillPending = Cycle(evaluator, Rss(T0.AddSeconds(110), 0.9));
        Assert.Equal(AlertState.Pending, Assert.Single(stillPending.Upserts).State);
        Assert.Empty(stillPending.Notifications);

        var fired = Cycle(evaluator, Rss(T0.AddMinutes(2), 0.9));
        var alert = Assert.Single(fired.Upserts);
        Assert.Equal((AlertState.Firing, T0, T0.AddMinutes(2)), (alert.State, alert.ActiveSince, alert.FiredAt!.Value));
        Assert.Equal(0.9, alert.Value!.Value, 3);
        Assert.Equal("api/10.0.0.1:6060: resident memory at 90% of its limit", alert.Annotation("summary"));
        Assert.Same(alert, Assert.Single(fired.Changes));
        var sent = Assert.Single(fired.Notifications);
        Assert.Equal((AlertState.Firing, false, T0.AddMinutes(2), (DateTimeOffset?)null), (sent.State, sent.IsResend, sent.StartsAt, sent.EndsAt));

        var resolved = Cycle(evaluator, Rss(T0.AddMinutes(3), 0.5));
        var done = Assert.Single(resolved.Upserts);
        Assert.Equal((AlertState.Resolved, T0.AddMinutes(3), T0.AddMinutes(2)), (done.State, done.ResolvedAt!.Value, done.FiredAt!.Value));
        var end = Assert.Single(resolved.Notifications);
        Assert.Equal((AlertState.Resolved, false, T0.AddMinutes(2), (DateTimeOffset?)T0.AddMinutes(3)), (end.State, end.IsResend, end.StartsAt, end.EndsAt));
        Assert.Empty(evaluator.Active);

        Assert.Empty(Cycle(evaluator, Rss(T0.AddMinutes(4), 0.5)).Upserts);
    }

    [Fact]
    public void A_firing_alert_is_sent_again_at_most_once_a_minute()
    {
        var evaluator = Evaluator(BuiltIn(AlertCondition.MemoryNearLimit) with { For = TimeSpan.Zero });
        Assert.False(Assert.Single(Cycle(evaluator, Rss(T0, 0.9)).Notifications).IsResend);

        Assert.Empty(Cycle(evaluator, Rss(T0.AddSeconds(10), 0.9)).Notifications);
        Assert.Empty(Cycle(evaluator, Rss(T0.AddSeconds(50), 0.9)).Notifications);
        var again = Assert.Single(Cycle(evaluator, Rss(T0.AddSeconds(60), 0.9)).Notifications);
        Assert.True(again.IsResend);
        Assert.Equal((AlertState.Firing, T0), (again.State, again.StartsAt));
        Assert.Empty(Cycle(evaluator, Rss(T0.AddSeconds(70), 0.9)).Changes);
        Assert.Empty(Cycle(evaluator, Rss(T0.AddSeconds(110), 0.9)).Notifications);
        Assert.True(Assert.Single(Cycle(evaluator, Rss(T0.AddSeconds(120), 0.9)).Notifications).IsResend);
    }

    [Fact]
    public void A_flapping_condition_starts_its_wait_again_each_time_it_stops_and_never_fires_within_it()
    {
        var evaluator = Evaluator(BuiltIn(AlertCondition.MemoryNearLimit));
        Cycle(evaluator, Rss(T0, 0.9));
        var stopped = Cycle(evaluator, Rss(T0.AddSeconds(90), 0.5));
        Assert.Empty(stopped.Upserts);
        Assert.Equal("GoMemMemoryNearLimit", Assert.Single(stopped.Removed)["alertname"]);
        Assert.Empty(stopped.Notifications);

        for (var s = 100; s < 220; s += 10)
        {
            var step = Cycle(evaluator, Rss(T0.AddSeconds(s), 0.9));
            Assert.Equal(AlertState.Pending, Assert.Single(step.Upserts).State);
            Assert.Equal(T0.AddSeconds(100), step.Upserts[0].ActiveSince);
        }

        Assert.Equal(AlertState.Firing, Assert.Single(Cycle(evaluator, Rss(T0.AddSeconds(220), 0.9)).Changes).State);

        // Firing, it resolves when it stops and a new episode waits its for again.
        Assert.Equal(AlertState.Resolved, Assert.Single(Cycle(evaluator, Rss(T0.AddSeconds(230), 0.5)).Changes).State);
        var again = Cycle(evaluator, Rss(T0.AddSeconds(240), 0.9));
        Assert.Equal((AlertState.Pending, T0.AddSeconds(240)), (again.Upserts[0].State, again.Upserts[0].ActiveSince));
        Assert.Empty(again.Changes);
    }

    [Fact]
    public void An_unsent_step_changes_nothing()
    {
        var evaluator = Evaluator(BuiltIn(AlertCondition.MemoryNearLimit) with { For = TimeSpan.Zero });
        var lost = evaluator.Evaluate(Rss(T0, 0.9));
        Assert.Single(lost.Changes);
        Assert.Empty(evaluator.Active);

        // Not committed (the lease moved, the store was down): the next cycle fires it, with its own start.
        var stored = Cycle(evaluator, Rss(T0.AddSeconds(10), 0.9));
        Assert.Equal(T0.AddSeconds(10), Assert.Single(stored.Changes).FiredAt);
    }

    [Fact]
    public void Alerts_are_told_apart_by_their_labels_two_leaking_functions_are_two_alerts_each_resolved_on_its_own()
    {
        var evaluator = Evaluator(BuiltIn(AlertCondition.HeapLeak));
        var a = Finding("inuse_space main.leakyCache main.go:42", "Heap in use at main.leakyCache grows by 1.20MB/min", T0.AddMinutes(-5));
        var b = Finding("inuse_space main.sessions sessions.go:17", "Heap in use at main.sessions grows by 300kB/min", T0.AddMinutes(-1));
        var both = Cycle(evaluator, new AlertEvidence { Time = T0, Up = true, OpenFindings = [a, b] });

        Assert.Equal(2, both.Changes.Count);
        Assert.All(both.Changes, c => Assert.Equal(AlertState.Firing, c.State));
        var leaky = both.Changes.Single(c => c.Labels.Get("function") == "main.leakyCache");
        Assert.Equal(
            LabelSet.Of(("alertname", "GoMemHeapLeak"), ("function", "main.leakyCache"), ("instance", "10.0.0.1:6060"), ("job", "api"), ("severity", "warning"), ("zone", "b")),
            leaky.Labels);
        Assert.Equal("api/10.0.0.1:6060: Heap in use at main.leakyCache grows by 1.20MB/min", leaky.Annotation("summary"));
        Assert.Contains("Look at main.go:42.", leaky.Annotation("description"));
        Assert.Contains("since 2026-12-04T11:55:00Z", leaky.Annotation("description"));
        Assert.NotEqual(both.Changes[0].Key, both.Changes[1].Key);

        var one = Cycle(evaluator, new AlertEvidence { Time = T0.AddMinutes(1), Up = true, OpenFindings = [b] });
        var gone = Assert.Single(one.Changes);
        Assert.Equal((AlertState.Resolved, "main.leakyCache"), (gone.State, gone.Labels.Get("function")));
        Assert.Equal("main.sessions", Assert.Single(evaluator.Active).Labels.Get("function"));
        Assert.Equal([("GoMemHeapLeak", 1)], evaluator.FiringByRule());
    }

    [Fact]
    public void A_cycle_without_runtime_figures_leaves_the_figure_alerts_as_they_are_and_still_resends_them()
    {
        var evaluator = Evaluator(BuiltIn(AlertCondition.MemoryNearLimit) with { For = TimeSpan.Zero });
        Cycle(evaluator, Rss(T0, 0.9));
        var blind = Cycle(evaluator, new AlertEvidence { Time = T0.AddMinutes(2), Up = true });
        Assert.Empty(blind.Upserts);
        Assert.Empty(blind.Changes);
        Assert.True(Assert.Single(blind.Notifications).IsResend);
        Assert.Equal(AlertState.Firing, Assert.Single(evaluator.Active).State);
    }

    [Fact]
    public void Reloaded_after_a_collector_restart_a_firing_alert_keeps_its_start_is_sent_again_and_does_not_fire_twice()
    {
        var rule = BuiltIn(AlertCondition.MemoryNearLimit);
        var before = Evaluator(rule);
        Cycle(before, Rss(T0, 0.9));
        Cycle(before, Rss(T0.AddMinutes(2), 0.9));
        var stored = before.Active.ToList();

        var after = Evaluator(rule);
        after.Load(stored);
        var step = Cycle(after, Rss(T0.AddMinutes(2).AddSeconds(20), 0.9));
        Assert.Empty(step.Changes);
        var sent = Assert.Single(step.Notifications);
        Assert.Equal((true, T0.AddMinutes(2)), (sent.IsResend, sent.StartsAt));
        Assert.Equal((T0, T0.AddMinutes(2)), (step.Upserts[0].ActiveSince, step.Upserts[0].FiredAt!.Value));

        // A pending alert reloaded keeps waiting from when it started.
        var pending = Evaluator(rule);
        Cycle(pending, Rss(T0, 0.9));
        var reloaded = Evaluator(rule);
        reloaded.Load(pending.Active);
        Assert.Equal(AlertState.Firing, Assert.Single(Cycle(reloaded, Rss(T0.AddMinutes(2), 0.9)).Changes).State);
    }

    [Fact]
    public void Alerts_of_rules_no_longer_configured_are_not_taken_up()
    {
        var before = Evaluator(BuiltIn(AlertCondition.MemoryNearLimit) with { For = TimeSpan.Zero });
        Cycle(before, Rss(T0, 0.9));
        var after = Evaluator(BuiltIn(AlertCondition.TargetDown));
        after.Load(before.Active);
        Assert.Empty(after.Active);
    }

    [Fact]
    public void A_target_down_fires_after_its_for_and_a_restart_fires_at_once_and_resolves_after_its_window()
    {
        var evaluator = Evaluator(BuiltIn(AlertCondition.TargetDown), BuiltIn(AlertCondition.Restarted));
        AlertEvidence Down(DateTimeOffset t) => new() { Time = t, Up = false, Error = "connection refused" };
        Assert.Empty(Cycle(evaluator, Down(T0)).Changes);
        var down = Assert.Single(Cycle(evaluator, Down(T0.AddMinutes(2))).Changes);
        Assert.Equal(("GoMemTargetDown", "critical"), (down.Rule, down.Labels["severity"]));
        Assert.Contains("for 2m (connection refused)", down.Annotation("description"));

        var back = T0.AddMinutes(3);
        var restarted = Cycle(evaluator, new AlertEvidence { Time = back, Up = true, LastRestart = (back, "pid changed (1 → 2)") });
        Assert.Equal(
            [("GoMemProcessRestarted", AlertState.Firing), ("GoMemTargetDown", AlertState.Resolved)],
            restarted.Changes.Select(c => (c.Rule, c.State)).OrderBy(c => c.State));
        Assert.Contains("pid changed (1 → 2)", restarted.Changes.Single(c => c.Rule == "GoMemProcessRestarted").Annotation("description"));

        Assert.Empty(Cycle(evaluator, new AlertEvidence { Time = back.AddMinutes(14), Up = true, LastRestart = (back, "pid changed (1 → 2)") }).Changes);
        var over = Assert.Single(Cycle(evaluator, new AlertEvidence { Time = back.AddMinutes(15), Up = true, LastRestart = (back, "pid changed (1 → 2)") }).Changes);
        Assert.Equal(("GoMemProcessRestarted", AlertState.Resolved), (over.Rule, over.State));
    }

    [Fact]
    public void The_forecast_fires_when_a_line_through_the_last_hour_of_rss_crosses_the_limit_within_the_horizon()
    {
        var rule = BuiltIn(AlertCondition.MemoryLimitForecast) with { For = TimeSpan.Zero };
        AlertEvidence At(int minutes, Func<int, double> share) => new()
        {
            Time = T0.AddMinutes(minutes),
            Up = true,
            Sample = new RuntimeSample { Time = T0.AddMinutes(minutes), RssBytes = (long)(Limit * share(minutes)), ContainerLimitBytes = Limit },
            Rss = [.. Enumerable.Range(0, minutes + 1).Select(m => (T0.AddMinutes(m), (long)(Limit * share(m))))],
        };

        // 30% of the limit, +0.5% a minute: 30 minutes in, 45%; in 4 hours 165% (it reaches the limit in about 110 minutes).
        var climbing = Cycle(Evaluator(rule), At(30, m => 0.30 + (0.005 * m)));
        var alert = Assert.Single(climbing.Changes);
        Assert.Contains("in about 1h50m", alert.Annotation("description"));
        Assert.Equal(Limit * 1.65, alert.Value!.Value, Limit * 0.001);

        Assert.Empty(Cycle(Evaluator(rule), At(30, m => 0.45)).Upserts);
        Assert.Empty(Cycle(Evaluator(rule), At(30, m => 0.30 + (0.0005 * m))).Upserts); // 0.3 + 0.0005 × 270 min = 43.5%

        // Too little history (a warm-up) forecasts nothing.
        Assert.Empty(Cycle(Evaluator(rule), At(10, m => 0.30 + (0.05 * m))).Upserts);
    }

    [Fact]
    public void The_figure_rules_compare_with_their_thresholds_and_the_gomemlimit_rules_only_apply_when_they_can()
    {
        RuntimeSample Sample(Func<RuntimeSample, RuntimeSample> with) => with(new RuntimeSample { Time = T0 });
        IReadOnlyList<MonitoringAlert> Firing(AlertCondition condition, RuntimeSample sample) =>
            Cycle(Evaluator(BuiltIn(condition) with { For = TimeSpan.Zero }), new AlertEvidence { Time = T0, Up = true, Sample = sample }).Changes;

        Assert.Single(Firing(AlertCondition.GoroutinesAbove, Sample(s => s with { Goroutines = 10_001 })));
        Assert.Empty(Firing(AlertCondition.GoroutinesAbove, Sample(s => s with { Goroutines = 10_000 })));
        Assert.Single(Firing(AlertCondition.GcCpuHigh, Sample(s => s with { GcCpuFraction = 0.15 })));
        Assert.Empty(Firing(AlertCondition.GcCpuHigh, Sample(s => s with { GcCpuFraction = 0.05 })));
        Assert.Equal("api/10.0.0.1:6060: GC stop-the-world pauses p99 25.0ms", Assert.Single(Firing(AlertCondition.GcPauseP99High, Sample(s => s with { PauseP99Seconds = 0.025 }))).Annotation("summary"));
        Assert.Empty(Firing(AlertCondition.GcPauseP99High, Sample(s => s with { PauseP99Seconds = 0.002 })));

        // GOMEMLIMIT set: the runtime's memory (Sys - HeapReleased) against it.
        Assert.Single(Firing(AlertCondition.HeapNearGomemlimit, Sample(s => s with { GomemlimitBytes = 1000, SysBytes = 1000, HeapReleasedBytes = 50 })));
        Assert.Empty(Firing(AlertCondition.HeapNearGomemlimit, Sample(s => s with { GomemlimitBytes = 1000, SysBytes = 1000, HeapReleasedBytes = 200 })));
        Assert.Empty(Firing(AlertCondition.HeapNearGomemlimit, Sample(s => s with { GomemlimitBytes = long.MaxValue, SysBytes = 1000 })));

        // GOMEMLIMIT unset (math.MaxInt64): only an alert under a memory limit.
        Assert.Single(Firing(AlertCondition.GomemlimitUnset, Sample(s => s with { GomemlimitBytes = long.MaxValue, ContainerLimitBytes = Limit })));
        Assert.Empty(Firing(AlertCondition.GomemlimitUnset, Sample(s => s with { GomemlimitBytes = long.MaxValue })));
        Assert.Empty(Firing(AlertCondition.GomemlimitUnset, Sample(s => s with { GomemlimitBytes = Limit / 2, ContainerLimitBytes = Limit })));
    }

    private static MonitoringFinding Finding(string key, string title, DateTimeOffset firstSeen) =>
        new(7, "heap-leak", key, Severity.Warning, title, $"From 10MB to 40MB across the snapshots. Look at {key[(key.LastIndexOf(' ') + 1)..]}.", firstSeen, T0);
}
