using GoMem.Leaks;
using GoMem.Storage.Monitoring;
using Prometheus;

namespace GoMem.Monitoring.Exposition;

/// <summary>
/// One target's series on <c>/metrics</c>: up, its runtime figures and its open findings by code, bound to their label
/// values once so that a cycle's update is a few stores, no allocation. A figure the target does not give (a service
/// with only <c>/debug/vars</c> has no RSS) has no series rather than a zero; a target that is down keeps <c>up</c>
/// and its findings, and its figures go until it answers again. Once <see cref="Release"/>d, nothing brings a series
/// of it back, whatever cycle of it ends late.
/// </summary>
internal sealed class TargetSeries
{
    /// <summary>The figures, shared with remote-write.</summary>
    private static readonly (string Name, string Help, Func<RuntimeSample, double?> Read)[] Figures = TargetFigures.All;

    private readonly Lock _gate = new();
    private readonly string[] _values;
    private readonly Gauge.Child _up;
    private readonly Gauge[] _figureFamilies;
    private readonly Gauge.Child?[] _figures;
    private readonly Gauge _findingsFamily;
    private readonly List<(string Code, Gauge.Child Child, int Count)> _findings = [];
    private readonly Gauge _alertsFamily;
    private readonly List<(string Rule, Gauge.Child Child)> _alerts = [];
    private bool _released;

    public TargetSeries(IMetricFactory factory, string[] names, string[] values)
    {
        _values = values;
        // Published at their first value, not before: a target held but not read yet has no series, not up = 0.
        var configuration = new GaugeConfiguration { LabelNames = names, SuppressInitialValue = true };
        var upFamily = factory.CreateGauge(MetricNames.TargetUp, "1 when gomem watch's last cycle read the target, 0 when it did not answer or nothing it sent parsed.", configuration);
        _up = upFamily.WithLabels(values);
        _figureFamilies = [.. Figures.Select(f => factory.CreateGauge(f.Name, f.Help, configuration))];
        _figures = new Gauge.Child?[Figures.Length];
        _findingsFamily = factory.CreateGauge(
            MetricNames.TargetOpenFindings,
            "Findings gomem watch holds open on the target, by code (heap-leak, goroutine-leak, rss-growth); gomem leak --store names the function.",
            new GaugeConfiguration { LabelNames = [.. names, MetricNames.CodeLabel], SuppressInitialValue = true });
        _alertsFamily = factory.CreateGauge(
            MetricNames.TargetFiringAlerts,
            "Alerts gomem watch's rules have firing on the target, by rule (alertname); every rule has its series (0 when none fires).",
            new GaugeConfiguration { LabelNames = [.. names, MetricNames.AlertNameLabel], SuppressInitialValue = true });
        // Each code the collector states has a series from the start (0 until one opens), so alerts see 0, not nothing.
        foreach (var code in LeakFindingCodes.All)
        {
            AddCode(code);
        }
    }

    public void Update(RuntimeSample? sample, bool up, IReadOnlyList<MonitoringFinding> open, IReadOnlyList<(string Rule, int Count)>? firing = null)
    {
        lock (_gate)
        {
            if (_released)
            {
                return;
            }

            _up.Set(up ? 1 : 0);
            if (!up)
            {
                ClearFigures();
            }
            else if (sample is not null)
            {
                for (var i = 0; i < Figures.Length; i++)
                {
                    SetFigure(i, Figures[i].Read(sample));
                }
            }

            CountFindings(open);
            if (firing is not null)
            {
                CountAlerts(firing);
            }
        }
    }

    /// <summary>Removes every series of the target; later updates do nothing.</summary>
    public void Release()
    {
        lock (_gate)
        {
            _released = true;
            _up.Remove();
            ClearFigures();
            foreach (var (_, child, _) in _findings)
            {
                child.Remove();
            }

            foreach (var (_, child) in _alerts)
            {
                child.Remove();
            }
        }
    }

    private void SetFigure(int index, double? value)
    {
        if (value is not { } known)
        {
            _figures[index]?.Remove();
            _figures[index] = null;
            return;
        }

        (_figures[index] ??= _figureFamilies[index].WithLabels(_values)).Set(known);
    }

    private void ClearFigures()
    {
        for (var i = 0; i < _figures.Length; i++)
        {
            _figures[i]?.Remove();
            _figures[i] = null;
        }
    }

    private void CountFindings(IReadOnlyList<MonitoringFinding> open)
    {
        for (var i = 0; i < _findings.Count; i++)
        {
            _findings[i] = _findings[i] with { Count = 0 };
        }

        for (var f = 0; f < open.Count; f++)
        {
            var index = IndexOf(open[f].Code);
            _findings[index] = _findings[index] with { Count = _findings[index].Count + 1 };
        }

        foreach (var (_, child, count) in _findings)
        {
            child.Set(count);
        }
    }

    /// <summary>Sets each rule's count (a rule no longer listed, after a change of rules, shows 0).</summary>
    private void CountAlerts(IReadOnlyList<(string Rule, int Count)> firing)
    {
        foreach (var (_, child) in _alerts)
        {
            child.Set(0);
        }

        foreach (var (rule, count) in firing)
        {
            var index = -1;
            for (var i = 0; i < _alerts.Count && index < 0; i++)
            {
                index = string.Equals(_alerts[i].Rule, rule, StringComparison.Ordinal) ? i : -1;
            }

            if (index < 0)
            {
                _alerts.Add((rule, _alertsFamily.WithLabels([.. _values, rule])));
                index = _alerts.Count - 1;
            }

            _alerts[index].Child.Set(count);
        }
    }

    private int IndexOf(string code)
    {
        for (var i = 0; i < _findings.Count; i++)
        {
            if (string.Equals(_findings[i].Code, code, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return AddCode(code); // a code this version does not know: its series from now on
    }

    private int AddCode(string code)
    {
        _findings.Add((code, _findingsFamily.WithLabels([.. _values, code]), 0));
        return _findings.Count - 1;
    }
}
