namespace GoMem.Profiles;

/// <summary>
/// A decoded pprof profile. Samples are stored column-wise in shared arrays (values, stacks, labels) so a
/// profile with hundreds of thousands of samples costs a handful of allocations, not one object per sample.
/// Instances are immutable; build them with <see cref="ProfileBuilder"/>.
/// </summary>
public sealed class Profile
{
    private readonly long[] _values;
    private readonly int[] _stackStarts;
    private readonly int[] _stackLocations;
    private readonly int[] _labelStarts;
    private readonly Label[] _labels;

    internal Profile(
        ProfileHeader header,
        ValueType[] sampleTypes,
        Mapping[] mappings,
        Location[] locations,
        Function[] functions,
        long[] values,
        int[] stackStarts,
        int[] stackLocations,
        int[] labelStarts,
        Label[] labels)
    {
        Header = header;
        SampleTypes = sampleTypes;
        Mappings = mappings;
        Locations = locations;
        Functions = functions;
        _values = values;
        _stackStarts = stackStarts;
        _stackLocations = stackLocations;
        _labelStarts = labelStarts;
        _labels = labels;
    }

    public ProfileHeader Header { get; }

    /// <summary>Where the profile was read from (a file name, a URL or "stdin"), for error messages about its data.</summary>
    public string Source { get; internal set; } = "profile";
    public IReadOnlyList<ValueType> SampleTypes { get; }
    public IReadOnlyList<Mapping> Mappings { get; }
    public IReadOnlyList<Location> Locations { get; }
    public IReadOnlyList<Function> Functions { get; }

    public int SampleCount => _stackStarts.Length - 1;

    /// <summary>The number of frames over all samples' stacks (a filtered view never has more).</summary>
    public int TotalStackLength => _stackLocations.Length;

    /// <summary>The sample's values, one per sample type.</summary>
    public ReadOnlySpan<long> Values(int sample) => _values.AsSpan(sample * SampleTypes.Count, SampleTypes.Count);

    /// <summary>The sample's value for one sample type.</summary>
    public long Value(int sample, int sampleTypeIndex) => _values[(sample * SampleTypes.Count) + sampleTypeIndex];

    /// <summary>Indexes into <see cref="Locations"/>, leaf first (as in profile.proto).</summary>
    public ReadOnlySpan<int> Stack(int sample) => _stackLocations.AsSpan(_stackStarts[sample], _stackStarts[sample + 1] - _stackStarts[sample]);

    /// <summary>
    /// Sum of |value| of one sample type over every sample: pprof's report total, and the inuse_space total a heap
    /// profile "shows" (heap values are never negative, so it is their plain sum there).
    /// </summary>
    public long AbsoluteTotal(int sampleTypeIndex)
    {
        long total = 0;
        for (var s = 0; s < SampleCount; s++)
        {
            total += Analysis.PprofMath.Abs64(Value(s, sampleTypeIndex));
        }

        return total;
    }

    public ReadOnlySpan<Label> Labels(int sample) => _labels.AsSpan(_labelStarts[sample], _labelStarts[sample + 1] - _labelStarts[sample]);

    /// <summary>
    /// This profile with U+FFFD for each byte of its names that was not UTF-8 (see <see cref="GoMem.IO.ByteStrings"/>):
    /// for what keeps text rather than bytes, such as a database's text columns. Itself when there is none.
    /// </summary>
    public Profile AsUtf8Text()
    {
        if (!ProfileText.AnyEscapedBytes(this, _labels))
        {
            return this;
        }

        var text = ProfileText.Utf8;
        var header = Header with
        {
            DropFrames = text(Header.DropFrames),
            KeepFrames = text(Header.KeepFrames),
            PeriodType = Header.PeriodType is { } period ? ProfileText.Utf8Type(period) : null,
            Comments = [.. Header.Comments.Select(text)],
            DefaultSampleType = text(Header.DefaultSampleType),
            DocUrl = text(Header.DocUrl),
        };
        return new Profile(
            header,
            [.. SampleTypes.Select(ProfileText.Utf8Type)],
            [.. Mappings.Select(m => m with { File = text(m.File), BuildId = text(m.BuildId) })],
            [.. Locations],
            [.. Functions.Select(f => f with { Name = text(f.Name), SystemName = text(f.SystemName), Filename = text(f.Filename) })],
            _values,
            _stackStarts,
            _stackLocations,
            _labelStarts,
            [.. _labels.Select(l => new Label(text(l.Key), l.Text is null ? null : text(l.Text), l.Number, l.NumberUnit is null ? null : text(l.NumberUnit)))])
        {
            Source = Source,
        };
    }

    /// <summary>
    /// Resolves a sample index the way pprof does: a sample type name, an index, or (when empty) the
    /// default sample type, else the last type. Like pprof, "inuse_space" also selects a type named "space".
    /// </summary>
    public int ResolveSampleIndex(string? nameOrIndex)
    {
        if (SampleTypes.Count == 0)
        {
            throw new GoMem.IO.BadInputException(Source, "the profile has no sample types, so no values to report");
        }

        if (string.IsNullOrEmpty(nameOrIndex))
        {
            if (!string.IsNullOrEmpty(Header.DefaultSampleType))
            {
                for (var i = 0; i < SampleTypes.Count; i++)
                {
                    if (SampleTypes[i].Type == Header.DefaultSampleType)
                    {
                        return i;
                    }
                }
            }

            return SampleTypes.Count - 1;
        }

        if (int.TryParse(nameOrIndex, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
        {
            if (index < 0 || index >= SampleTypes.Count)
            {
                throw new GoMem.IO.InvalidSettingException(nameof(Analysis.ReportOptions.SampleIndex), $"{nameOrIndex} is outside the range [0..{SampleTypes.Count - 1}]");
            }

            return index;
        }

        var name = nameOrIndex.StartsWith("inuse_", StringComparison.Ordinal) ? nameOrIndex["inuse_".Length..] : nameOrIndex;
        for (var i = 0; i < SampleTypes.Count; i++)
        {
            if (SampleTypes[i].Type == nameOrIndex || SampleTypes[i].Type == name)
            {
                return i;
            }
        }

        var known = string.Join(" ", SampleTypes.Select(t => t.Type));
        throw new GoMem.IO.InvalidSettingException(nameof(Analysis.ReportOptions.SampleIndex), $"\"{nameOrIndex}\" must be one of: [{known}]");
    }
}

/// <summary>Profile-wide fields of profile.proto besides the tables.</summary>
public sealed record ProfileHeader
{
    public string DropFrames { get; init; } = "";
    public string KeepFrames { get; init; } = "";
    public long TimeNanos { get; init; }
    public long DurationNanos { get; init; }
    public ValueType? PeriodType { get; init; }
    public long Period { get; init; }
    public IReadOnlyList<string> Comments { get; init; } = [];
    public string DefaultSampleType { get; init; } = "";
    public string DocUrl { get; init; } = "";
}
