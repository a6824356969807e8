namespace GoMem.Goroutines;

/// <summary>Accumulates the goroutines of one stack while a dump is read (mutable; frozen by <see cref="Build"/>).</summary>
internal sealed class GoroutineStackBuilder(GoroutineFrame[] frames, GoroutineFrame? createdBy, string labels = "")
{
    private readonly Dictionary<string, long> _states = new(StringComparer.Ordinal);

    public GoroutineFrame[] Frames { get; } = frames;

    public GoroutineFrame? CreatedBy { get; } = createdBy;

    public long Count { get; private set; }

    private long? _minWait;
    private long? _maxWait;
    private long _locked;

    public void Add(string state, long count, long? waitMinutes, bool locked)
    {
        Count += count;
        _states[state] = _states.GetValueOrDefault(state) + count;
        if (waitMinutes is { } wait)
        {
            _minWait = _minWait is { } min ? Math.Min(min, wait) : wait;
            _maxWait = _maxWait is { } max ? Math.Max(max, wait) : wait;
        }

        if (locked)
        {
            _locked += count;
        }
    }

    public GoroutineStack Build()
    {
        var states = _states.Select(kv => new StateCount(kv.Key, kv.Value))
            .OrderByDescending(s => s.Count).ThenBy(s => s.State, StringComparer.Ordinal).ToArray();
        return new GoroutineStack(Frames, CreatedBy, Count, states, _minWait, _maxWait, _locked, labels);
    }
}
