namespace GoMem.Profiles;

/// <summary>
/// Accumulates a profile's tables and samples, then freezes them into an immutable <see cref="Profile"/>.
/// Used by every parser, by diff/merge and by tests that need a synthetic profile.
/// </summary>
public sealed class ProfileBuilder
{
    private readonly List<ValueType> _sampleTypes = [];
    private readonly List<Mapping> _mappings = [];
    private readonly List<Location> _locations = [];
    private readonly List<Function> _functions = [];
    private long[] _values = new long[64];
    private int _valueCount;
    private readonly List<int> _stackStarts = [0];
    private int[] _stackLocations = new int[256];
    private int _stackLength;
    private readonly List<int> _labelStarts = [0];
    private readonly List<Label> _labels = [];

    /// <summary>The sample types added so far (a sample carries one value for each).</summary>
    public int SampleTypeCount => _sampleTypes.Count;

    public ProfileHeader Header { get; set; } = new();

    public int SampleCount => _stackStarts.Count - 1;
    public int LocationCount => _locations.Count;
    public int FunctionCount => _functions.Count;
    public int MappingCount => _mappings.Count;

    public void AddSampleType(ValueType type) => _sampleTypes.Add(type);

    public int AddMapping(Mapping mapping)
    {
        _mappings.Add(mapping);
        return _mappings.Count - 1;
    }

    public int AddFunction(Function function)
    {
        _functions.Add(function);
        return _functions.Count - 1;
    }

    public int AddLocation(Location location)
    {
        _locations.Add(location);
        return _locations.Count - 1;
    }

    /// <summary>Adds a sample. <paramref name="stack"/> holds location indexes, leaf first.</summary>
    public void AddSample(ReadOnlySpan<long> values, ReadOnlySpan<int> stack, ReadOnlySpan<Label> labels = default)
    {
        AppendValues(values);
        AppendStack(stack);
        foreach (var label in labels)
        {
            _labels.Add(label);
        }

        _labelStarts.Add(_labels.Count);
    }

    private void AppendValues(ReadOnlySpan<long> values)
    {
        if (_valueCount + values.Length > _values.Length)
        {
            Array.Resize(ref _values, Math.Max(_values.Length * 2, _valueCount + values.Length));
        }

        values.CopyTo(_values.AsSpan(_valueCount));
        _valueCount += values.Length;
    }

    private void AppendStack(ReadOnlySpan<int> stack)
    {
        if (_stackLength + stack.Length > _stackLocations.Length)
        {
            Array.Resize(ref _stackLocations, Math.Max(_stackLocations.Length * 2, _stackLength + stack.Length));
        }

        stack.CopyTo(_stackLocations.AsSpan(_stackLength));
        _stackLength += stack.Length;
        _stackStarts.Add(_stackLength);
    }

    /// <summary>Freezes the builder. Every sample must have one value per sample type.</summary>
    public Profile Build()
    {
        if (_valueCount != SampleCount * _sampleTypes.Count)
        {
            throw new InvalidOperationException($"samples carry {_valueCount} values for {SampleCount} samples of {_sampleTypes.Count} types");
        }

        return new Profile(
            Header,
            [.. _sampleTypes],
            [.. _mappings],
            [.. _locations],
            [.. _functions],
            _values.AsSpan(0, _valueCount).ToArray(),
            [.. _stackStarts],
            _stackLocations.AsSpan(0, _stackLength).ToArray(),
            [.. _labelStarts],
            [.. _labels]);
    }
}
