using System.Diagnostics;
using GoMem.IO;
using GoMem.Leaks;
using GoMem.Monitoring.Alerting;
using GoMem.Monitoring.Analysis;
using GoMem.Monitoring.Config;
using GoMem.Sources;
using GoMem.Storage.Monitoring;

namespace GoMem.Monitoring.Collection;

/// <summary>
/// One target's collection cycle: fetch the endpoints due (concurrently, each with the target's timeout), parse them
/// with the same parsers as the one-shot commands, write health, runtime sample, profiles and events in one store
/// transaction, then run the online leak check on profile cycles and the alert rules (<see cref="TargetAlerts"/>). A target that fails is marked down with the reason;
/// nothing it sends can throw out of the cycle or hold another target's schedule.
/// </summary>
public sealed partial class TargetCollector : ICollectionJob
{
    private readonly ResolvedTarget _target;
    private readonly StoreGate _store;
    private readonly CollectorOptions _options;
    private readonly ICollectorLog _log;
    private readonly TimeProvider _time;
    private readonly ICollectorMetrics _metrics;
    private readonly LiveServiceClient _client;
    private readonly LeakWindow _window;
    private readonly FindingConfirmation _confirmation;
    private readonly LeakInterner _interner;
    private long? _targetId;

    /// <summary>
    /// Where in its every-Nth-cycle rhythm this target's profiles fall: a stable number from its key, so that the
    /// targets' profile cycles are spread over the N intervals instead of all falling in the same one (a thousand
    /// targets started together would otherwise all fetch and parse profiles in the same ten seconds of every minute),
    /// and a target taken over by another collector keeps its rhythm (cycles are counted from the epoch).
    /// </summary>
    private readonly long _profilePhase;
    private bool _leaseLost;
    private TargetHealthState _health = TargetHealthState.Unknown;
    private ProcessIdentity? _identity;
    private IReadOnlyList<MonitoringFinding> _open = [];
    /// <summary>The last failure of each endpoint that failed while the target was up; an endpoint not read keeps its entry.</summary>
    private readonly SortedDictionary<EndpointKind, string> _problems = [];

    /// <summary>Profile endpoints that sent bad data: how often in a row, and the cycle before which they are not read again.</summary>
    private readonly Dictionary<EndpointKind, (int Failures, long SkipUntil)> _backoff = [];

    private readonly IAlertNotifier _notifier;
    private TargetAlerts? _alerts;

    /// <param name="interner">
    /// Shares the names and stacks of the leak window's digests; the collector gives every target of a job the same one
    /// (a job's targets are usually replicas of one program). A target of its own by default.
    /// </param>
    public TargetCollector(ResolvedTarget target, StoreGate store, CollectorOptions options, ICollectorLog log, TimeProvider time, ICollectorMetrics? metrics = null, LeakInterner? interner = null)
    {
        _interner = interner ?? new LeakInterner();
        _notifier = options.AlertNotifier ?? NoAlertNotifier.Instance;
        _metrics = metrics ?? NoCollectorMetrics.Instance;
        _target = target;
        _store = store;
        _options = options;
        _log = log;
        _time = time;
        _client = new LiveServiceClient(target.Timeout, options.MaxBodyBytes);
        _window = new LeakWindow(options.LeakWindow);
        _confirmation = new FindingConfirmation(options.LeakConfirmations);
        Name = $"{target.Job}/{target.Instance}";
        _profilePhase = StableHash.Of(Key);
    }

    /// <summary>job/instance, as the log lines name the target.</summary>
    public string Name { get; }

    public string Key => _target.Key;

    public TimeSpan Interval => _target.Interval;

    public ResolvedTarget Target => _target;

    public async Task RunCycleAsync(CycleTiming cycle, CancellationToken cancel)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var outcome = await RunAsync(cycle, cancel).ConfigureAwait(false);
            _metrics.CycleEnded(_target, outcome, Stopwatch.GetElapsedTime(started));
        }
        catch (StoreUnavailableException)
        {
            // Registering the target failed, before anything was read. The gate told the user once for the whole
            // outage; the next cycle tries again.
            _metrics.CycleFailed(CycleError.StoreUnavailable);
        }
    }

    private async Task<CycleOutcome> RunAsync(CycleTiming cycle, CancellationToken cancel)
    {
        var targetId = _targetId ??= await _store.UseAsync(s => Register(s), cancel).ConfigureAwait(false);
        var due = _target.Plan.DueAt(cycle.Slot + _profilePhase).Where(kind => !_backoff.TryGetValue(kind, out var b) || b.SkipUntil <= cycle.Number).ToList();
        var fetched = await Task.WhenAll(due.Select(kind => FetchAsync(kind, cancel))).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var reading = Read(fetched, now);
        BackOff(cycle.Number, due, reading.BadProfiles);
        var restart = reading.Identity is { } identity ? RestartDetection.Analyze(_identity, identity) : null;
        _identity = reading.Identity ?? _identity;
        if (restart is not null)
        {
            _window.Clear();
            _confirmation.Reset();
        }

        var profileCycle = reading.Profiles.Any(p => p.Kind is EndpointKind.Heap or EndpointKind.Goroutine);
        if (profileCycle)
        {
            var heap = Profile(reading, EndpointKind.Heap) is { } heapProfile ? HeapDigest.Of(heapProfile, _interner) : null;
            _window.Add(new LeakPoint(now, heap, Goroutines(reading) is { } dump ? GoroutineDigest.Of(dump, _interner) : null, reading.Sample?.RssBytes));
        }

        var verdicts = profileCycle ? _confirmation.Confirm(OnlineLeakCheck.Analyze(targetId, _window.Points, _options.Leak, _options.LeakMinSnapshots, now), _open) : null;
        var reconciled = verdicts is null ? null : OnlineLeakCheck.Reconcile(_open, verdicts, now);
        var wasHealth = _health;
        _health = reading.Error is null ? TargetHealthState.Up : TargetHealthState.Down;

        // An endpoint that fails while the target is up is told once, when the set of failures changes.
        var newProblems = reading.Error is null ? TrackProblems(due, reading.Problems) : ClearProblems();
        var alerts = _alerts!.Evaluate(now, reading.Error is null, reading.Error, reading.Sample, restart, reconciled is null ? _open : [.. reconciled.Updates.Where(f => f.IsOpen)]);
        CycleWrite written;
        try
        {
            written = await _store.UseAsync(s => Write(s, targetId, now, reading, restart, wasHealth, reconciled, newProblems, alerts), cancel).ConfigureAwait(false) ? CycleWrite.Stored : CycleWrite.LeaseLost;
        }
        catch (StoreUnavailableException)
        {
            // The gate told the user once for the whole outage; this cycle is not stored, and the next one tries again.
            written = CycleWrite.StoreUnavailable;
        }

        var outcome = new CycleOutcome(reading.Sample, reading.Error is null, reading.Problems.Count, _open, written);
        if (written == CycleWrite.LeaseLost && !_leaseLost)
        {
            // Another collector holds the target now (this one missed its lease rounds): it stores this cycle, not us.
            _leaseLost = true;
            _log.Problem(now, $"{Name}: another collector holds this target's lease now; this cycle was not stored");
        }

        if (written != CycleWrite.Stored)
        {
            return outcome;
        }

        _leaseLost = false;
        Report(now, reading, restart, wasHealth, reconciled);
        _alerts.Stored(alerts);
        if (newProblems is not null)
        {
            _log.Problem(now, $"{Name}: {newProblems}");
        }

        return outcome with { OpenFindings = _open, FiringAlerts = _alerts.FiringByRule };
    }

    /// <summary>
    /// A profile endpoint that sends bad data (a gzip bomb, a truncated or foreign file) costs parsing CPU each time it is
    /// read: it is read again after 2, 4, 8 ... up to 32 of its due cycles, and normally again once it parses.
    /// </summary>
    private void BackOff(long cycle, IReadOnlyList<EndpointKind> read, IReadOnlySet<EndpointKind> bad)
    {
        foreach (var kind in read.Where(k => k is EndpointKind.Heap or EndpointKind.Allocs or EndpointKind.Goroutine))
        {
            if (!bad.Contains(kind))
            {
                _backoff.Remove(kind);
                continue;
            }

            var failures = _backoff.TryGetValue(kind, out var before) ? before.Failures + 1 : 1;
            _backoff[kind] = (failures, cycle + (Math.Min(1L << Math.Min(failures, 5), 32) * Every(kind)));
        }
    }

    /// <summary>
    /// Updates each endpoint read this cycle (failed: its text; answered: cleared) and returns the failures to tell, or
    /// null when they did not change: a failing endpoint is told once, not every cycle, nor again after a backoff.
    /// </summary>
    private string? TrackProblems(IReadOnlyList<EndpointKind> read, IReadOnlyList<(EndpointKind Kind, string Text)> failures)
    {
        var before = string.Join("; ", _problems.Values);
        foreach (var kind in read)
        {
            _problems.Remove(kind);
        }

        foreach (var (kind, text) in failures)
        {
            _problems[kind] = text;
        }

        var now = string.Join("; ", _problems.Values);
        return now.Length > 0 && now != before ? now : null;
    }

    /// <summary>A target that is down has one reason, its health; endpoint failures start over when it is up again.</summary>
    private string? ClearProblems()
    {
        _problems.Clear();
        return null;
    }

    private long Every(EndpointKind kind) => kind switch
    {
        EndpointKind.Heap => _target.Plan.Heap.Every,
        EndpointKind.Allocs => _target.Plan.Allocs.Every,
        _ => _target.Plan.Goroutine.Every,
    };

    private long Register(IMonitoringStore store)
    {
        var id = store.UpsertTarget(_target.Job, _target.Instance, _target.Labels);
        _open = [.. store.OpenFindings(id).Select(f => f.Finding)];
        _health = store.Target(id)?.Health.State ?? TargetHealthState.Unknown;
        (_alerts = new TargetAlerts(_options.AlertRules, id, _target, Name, _log, _notifier)).Load(store, id, _time.GetUtcNow());
        return id;
    }

    private async Task<Fetched> FetchAsync(EndpointKind kind, CancellationToken cancel)
    {
        var url = _target.EndpointUrl(kind);
        try
        {
            var accept = kind == EndpointKind.Metrics ? "text/plain;version=0.0.4" : null;
            var body = await _client.GetAsync(url, EndpointKinds.Describe(kind), accept, cancel).ConfigureAwait(false);
            return new Fetched(kind, url, body.Body, null, false);
        }
        catch (Exception e) when (e is HttpFetchException or BadInputException)
        {
            return new Fetched(kind, url, null, e.Message, e is BadInputException);
        }
    }

    private bool Write(IMonitoringStore store, long targetId, DateTimeOffset now, Reading reading, string? restart, TargetHealthState wasHealth, OnlineLeakCheck.Reconciled? reconciled, string? newProblems, AlertStep alerts)
    {
        using var cycle = store.BeginCycle();
        if (_options.Name is { } collector && !cycle.HoldsLease(collector, Key))
        {
            return false;
        }

        cycle.RecordHealth(targetId, now, reading.Error);
        if (reading.Error is not null && wasHealth != TargetHealthState.Down)
        {
            cycle.AddEvent(targetId, now, TargetEventKinds.Down, reading.Error);
        }
        else if (reading.Error is null && wasHealth == TargetHealthState.Down)
        {
            cycle.AddEvent(targetId, now, TargetEventKinds.Up, "answering again");
        }

        if (restart is not null)
        {
            cycle.AddEvent(targetId, now, TargetEventKinds.Restart, restart);
        }

        if (newProblems is not null)
        {
            cycle.AddEvent(targetId, now, TargetEventKinds.EndpointError, newProblems);
        }

        if (reading.Sample is { } sample)
        {
            cycle.AddRuntimeSample(targetId, sample);
        }

        foreach (var (kind, profile) in reading.Profiles)
        {
            cycle.AddProfile(targetId, EndpointKinds.StoredProfileKind(kind), now, profile);
        }

        foreach (var finding in reconciled?.Updates ?? [])
        {
            cycle.UpsertFinding(finding);
        }

        TargetAlerts.Write(cycle, targetId, alerts);
        cycle.Commit();
        return true;
    }

    private void Report(DateTimeOffset now, Reading reading, string? restart, TargetHealthState wasHealth, OnlineLeakCheck.Reconciled? reconciled)
    {
        if (reading.Error is not null && wasHealth != TargetHealthState.Down)
        {
            _log.TargetDown(Name, now, reading.Error);
        }
        else if (reading.Error is null && wasHealth != TargetHealthState.Up)
        {
            _log.TargetUp(Name, now);
        }

        if (restart is not null)
        {
            _log.Restarted(Name, now, restart);
        }

        if (reconciled is null)
        {
            return;
        }

        foreach (var finding in reconciled.Opened)
        {
            _log.FindingOpened(Name, finding);
        }

        foreach (var finding in reconciled.Resolved)
        {
            _log.FindingResolved(Name, finding);
        }

        _open = [.. reconciled.Updates.Where(f => f.IsOpen)];
    }
}
