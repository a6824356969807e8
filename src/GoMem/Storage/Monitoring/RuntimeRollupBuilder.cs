namespace GoMem.Storage.Monitoring;

/// <summary>
/// Builds one rollup from samples and from other rollups of the same span, in any order and any grouping: the
/// result is the same as rolling up all of their samples at once (minimum of minimums, maximum of maximums, the
/// mean weighted by how many samples had the figure, the counter's value in the latest sample). That is what makes
/// retention's rolling up safe to split over several transactions and to merge a late sample into a finished span.
/// </summary>
internal sealed class RuntimeRollupBuilder(DateTimeOffset time, TimeSpan resolution)
{
    private readonly Gauge[] _gauges = new Gauge[RuntimeSeriesFigures.Gauges.Count];
    private readonly Counter[] _counters = new Counter[RuntimeSeriesFigures.Counters.Count];
    private int _samples;
    private long _first = long.MaxValue, _last = long.MinValue;
    private long _identityTime = long.MinValue;
    private RuntimeSampleSources _sources;
    private double? _startTime;
    private long? _pid;

    public DateTimeOffset Time { get; } = time;

    public void Add(RuntimeSample sample)
    {
        var at = sample.Time.ToUnixTimeMilliseconds();
        Span(1, at, at, sample.Sources);
        for (var g = 0; g < _gauges.Length; g++)
        {
            if (RuntimeSeriesFigures.Gauges[g].Value(sample) is { } value)
            {
                _gauges[g].Add(value, value, value, 1);
            }
        }

        for (var c = 0; c < _counters.Length; c++)
        {
            if (RuntimeSeriesFigures.Value(sample, (RuntimeCounter)c) is { } value)
            {
                _counters[c].Add(value, value, value, at);
            }
        }

        Identity(at, sample.ProcessStartTimeSeconds, sample.Pid);
    }

    public void Add(RuntimeRollup rollup)
    {
        var last = rollup.LastSample.ToUnixTimeMilliseconds();
        Span(rollup.SampleCount, rollup.FirstSample.ToUnixTimeMilliseconds(), last, rollup.Sources);
        for (var g = 0; g < _gauges.Length; g++)
        {
            if (rollup[(RuntimeGauge)g] is { } gauge)
            {
                _gauges[g].Add(gauge.Min, gauge.Max, gauge.Average, gauge.Count);
            }
        }

        for (var c = 0; c < _counters.Length; c++)
        {
            if (rollup[(RuntimeCounter)c] is { } counter)
            {
                _counters[c].Add(counter.Min, counter.Max, counter.Last, last);
            }
        }

        Identity(last, rollup.ProcessStartTimeSeconds, rollup.Pid);
    }

    public RuntimeRollup Build()
    {
        if (_samples == 0)
        {
            throw new InvalidOperationException("a rollup of nothing");
        }

        var gauges = new GaugeRollup?[_gauges.Length];
        for (var g = 0; g < gauges.Length; g++)
        {
            gauges[g] = _gauges[g].Build();
        }

        var counters = new CounterRollup?[_counters.Length];
        for (var c = 0; c < counters.Length; c++)
        {
            counters[c] = _counters[c].Build();
        }

        return new RuntimeRollup(Time, resolution, gauges, counters)
        {
            SampleCount = _samples,
            FirstSample = DateTimeOffset.FromUnixTimeMilliseconds(_first),
            LastSample = DateTimeOffset.FromUnixTimeMilliseconds(_last),
            Sources = _sources,
            ProcessStartTimeSeconds = _startTime,
            Pid = _pid,
        };
    }

    private void Span(int samples, long first, long last, RuntimeSampleSources sources)
    {
        _samples += samples;
        _first = Math.Min(_first, first);
        _last = Math.Max(_last, last);
        _sources |= sources;
    }

    /// <summary>The process identity of the latest sample that had one (on a tie, the one added last).</summary>
    private void Identity(long at, double? startTime, long? pid)
    {
        if ((startTime is not null || pid is not null) && at >= _identityTime)
        {
            _identityTime = at;
            _startTime = startTime ?? _startTime;
            _pid = pid ?? _pid;
        }
    }

    private struct Gauge
    {
        private double _min, _max, _weighted;
        private long _count;

        public void Add(double min, double max, double average, long count)
        {
            _min = _count == 0 ? min : Math.Min(_min, min);
            _max = _count == 0 ? max : Math.Max(_max, max);

            // The sum of the samples, to divide once at the end: exact for whole numbers up to 2^53.
            _weighted += average * count;
            _count += count;
        }

        public readonly GaugeRollup? Build() => _count == 0 ? null : new GaugeRollup(_min, Math.Clamp(_weighted / _count, _min, _max), _max, _count);
    }

    private struct Counter
    {
        private long _min, _max, _last, _lastTime;
        private bool _any;

        public void Add(long min, long max, long last, long at)
        {
            _min = _any ? Math.Min(_min, min) : min;
            _max = _any ? Math.Max(_max, max) : max;
            if (!_any || at >= _lastTime)
            {
                _last = last;
                _lastTime = at;
            }

            _any = true;
        }

        public readonly CounterRollup? Build() => _any ? new CounterRollup(_min, _max, _last) : null;
    }
}
