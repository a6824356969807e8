using GoMem.Monitoring.Collection;
using GoMem.Monitoring.Config;
using GoMem.Storage.Monitoring;

namespace GoMem.Monitoring.Alerting;

/// <summary>
/// A target's alerts inside its <see cref="TargetCollector"/>: the evidence the rules need beyond one cycle (the RSS of
/// the forecast's window, the last restart), reloaded with the alert states from the store when the collector takes the
/// target up; each cycle's step, written in the cycle's transaction (after its lease check); and, once stored, one log
/// line per alert that fires or resolves and the notifications to <see cref="IAlertNotifier"/>.
/// </summary>
public sealed class TargetAlerts
{
    private readonly AlertEvaluator _evaluator;
    private readonly string _name;
    private readonly ICollectorLog _log;
    private readonly IAlertNotifier _notifier;
    private readonly TimeSpan _rssWindow;
    private readonly TimeSpan _restartWindow;
    private readonly Queue<(DateTimeOffset Time, long Bytes)> _rss = new();
    private (DateTimeOffset Time, string Why)? _lastRestart;

    public TargetAlerts(IReadOnlyList<AlertRule> rules, long targetId, ResolvedTarget target, string name, ICollectorLog log, IAlertNotifier notifier)
    {
        _evaluator = new AlertEvaluator(rules, targetId, target.Job, target.Instance, target.Labels);
        _name = name;
        _log = log;
        _notifier = notifier;
        _rssWindow = rules.Where(r => r.Condition == AlertCondition.MemoryLimitForecast).Select(r => r.Window ?? AlertThresholds.ForecastWindow).DefaultIfEmpty(TimeSpan.Zero).Max();
        _restartWindow = rules.Where(r => r.Condition == AlertCondition.Restarted).Select(r => r.Window ?? AlertThresholds.RestartShownFor).DefaultIfEmpty(TimeSpan.Zero).Max();
    }

    /// <summary>
    /// Firing alerts now, for every rule (0 when none fires, so a dashboard or alert on the count sees 0, not nothing):
    /// the same list until an alert fires or resolves, so a cycle that changes nothing allocates none.
    /// </summary>
    public IReadOnlyList<(string Rule, int Count)> FiringByRule { get; private set; } = [];

    private List<(string Rule, int Count)> Count()
    {
        var firing = _evaluator.FiringByRule().ToDictionary(f => f.Rule, f => f.Count, StringComparer.Ordinal);
        return [.. _evaluator.Rules.Select(r => (r.Name, firing.GetValueOrDefault(r.Name)))];
    }

    /// <summary>Takes up what the store holds of the target: its alerts pending or firing, its recent RSS and its last restart.</summary>
    public void Load(IMonitoringStore store, long targetId, DateTimeOffset now)
    {
        _evaluator.Load(store.Alerts(now, targetId).Select(a => a.Alert));
        FiringByRule = Count();
        if (_rssWindow > TimeSpan.Zero)
        {
            foreach (var sample in store.RuntimeSamples(targetId, now - _rssWindow, now))
            {
                if (sample.RssBytes is { } rss)
                {
                    _rss.Enqueue((sample.Time, rss));
                }
            }
        }

        if (_restartWindow > TimeSpan.Zero
            && store.Events(targetId, now - _restartWindow, now).LastOrDefault(e => e.Kind == TargetEventKinds.Restart) is { } restart)
        {
            _lastRestart = (restart.Time, restart.Detail);
        }
    }

    /// <summary>This cycle's step, from what it read; nothing changes until <see cref="Stored"/>.</summary>
    public AlertStep Evaluate(DateTimeOffset now, bool up, string? error, RuntimeSample? sample, string? restart, IReadOnlyList<MonitoringFinding> open)
    {
        if (restart is not null)
        {
            _lastRestart = (now, restart);
            _rss.Clear(); // a line through two processes' memory forecasts nothing
        }

        if (sample?.RssBytes is { } rss && _rssWindow > TimeSpan.Zero)
        {
            _rss.Enqueue((sample.Time, rss));
        }

        while (_rss.TryPeek(out var oldest) && oldest.Time < now - _rssWindow)
        {
            _rss.Dequeue();
        }

        return _evaluator.Evaluate(new AlertEvidence
        {
            Time = now,
            Up = up,
            Error = error,
            Sample = up ? sample : null,
            Rss = [.. _rss],
            OpenFindings = open,
            LastRestart = _lastRestart,
        });
    }

    /// <summary>Writes the step in the cycle's transaction.</summary>
    public static void Write(IMonitoringWriter cycle, long targetId, AlertStep step)
    {
        foreach (var labels in step.Removed)
        {
            cycle.RemoveAlert(targetId, labels);
        }

        foreach (var alert in step.Upserts)
        {
            cycle.UpsertAlert(alert);
        }
    }

    /// <summary>The step was stored: it becomes the state, its changes are logged and its notifications sent.</summary>
    public void Stored(AlertStep step)
    {
        _evaluator.Commit(step);
        if (step.Changes.Count > 0)
        {
            FiringByRule = Count();
        }

        foreach (var change in step.Changes)
        {
            _log.AlertChanged(_name, change);
        }

        foreach (var notification in step.Notifications)
        {
            _notifier.Enqueue(notification);
        }
    }
}
