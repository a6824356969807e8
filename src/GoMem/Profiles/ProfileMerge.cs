using System.Runtime.InteropServices;
using GoMem.IO;

namespace GoMem.Profiles;

/// <summary>
/// Profiles of one program merged as pprof merges them (equal functions, mappings and locations become one; samples
/// with the same stack and labels add up), then divided by their count: the mean profile of a time range, so two
/// ranges with different numbers of snapshots compare. One profile is returned as it is.
/// </summary>
public static class ProfileMerge
{
    /// <summary>
    /// The mean of <paramref name="profiles"/> (each value rounded to a whole unit; samples whose mean is 0 in every
    /// sample type are left out). Every profile must have the same sample types; the header is the last one's.
    /// </summary>
    public static Profile Mean(IReadOnlyList<Profile> profiles)
    {
        ArgumentOutOfRangeException.ThrowIfZero(profiles.Count);
        if (profiles.Count == 1)
        {
            return profiles[0];
        }

        var merger = new Merger(profiles[0].SampleTypes);
        foreach (var profile in profiles)
        {
            merger.Add(profile);
        }

        return merger.Build(profiles[^1].Header, profiles.Count);
    }

    private sealed class Merger(IReadOnlyList<ValueType> sampleTypes)
    {
        private readonly ProfileBuilder _builder = new();
        private readonly Dictionary<MappingKey, int> _mappings = [];
        private readonly Dictionary<Function, int> _functions = [];
        private readonly Dictionary<IntsKey, int> _locations = new(IntsKey.Comparer);
        private readonly Dictionary<IntsKey, int> _samples = new(IntsKey.Comparer);
        private readonly Dictionary<Label, int> _labelIds = [];
        private readonly List<Label> _labels = [];
        private readonly List<int[]> _sampleKeys = [];
        private readonly List<long> _sums = [];
        private int[] _scratch = new int[64];

        public void Add(Profile profile)
        {
            if (!profile.SampleTypes.SequenceEqual(sampleTypes))
            {
                throw new BadInputException(profile.Source, $"its sample types ({string.Join(", ", profile.SampleTypes)}) differ from the other profiles' ({string.Join(", ", sampleTypes)}), so they cannot be merged");
            }

            var mappings = new int[profile.Mappings.Count];
            for (var i = 0; i < mappings.Length; i++)
            {
                var m = profile.Mappings[i];
                var key = new MappingKey(m.Start, m.Limit, m.Offset, m.File, m.BuildId);
                if (!_mappings.TryGetValue(key, out mappings[i]))
                {
                    mappings[i] = _builder.AddMapping(m with { Id = (ulong)_builder.MappingCount + 1 });
                    _mappings.Add(key, mappings[i]);
                }
            }

            var functions = new int[profile.Functions.Count];
            for (var i = 0; i < functions.Length; i++)
            {
                var key = profile.Functions[i] with { Id = 0 };
                if (!_functions.TryGetValue(key, out functions[i]))
                {
                    functions[i] = _builder.AddFunction(key with { Id = (ulong)_builder.FunctionCount + 1 });
                    _functions.Add(key, functions[i]);
                }
            }

            var locations = new int[profile.Locations.Count];
            for (var i = 0; i < locations.Length; i++)
            {
                locations[i] = Location(profile.Locations[i], mappings, functions);
            }

            var width = sampleTypes.Count;
            for (var s = 0; s < profile.SampleCount; s++)
            {
                var stack = profile.Stack(s);
                var labels = profile.Labels(s);
                var length = stack.Length + 1 + labels.Length;
                Reserve(length);
                for (var f = 0; f < stack.Length; f++)
                {
                    _scratch[f] = locations[stack[f]];
                }

                _scratch[stack.Length] = -1;
                for (var l = 0; l < labels.Length; l++)
                {
                    _scratch[stack.Length + 1 + l] = LabelId(labels[l]);
                }

                var probe = new IntsKey(_scratch, length);
                if (!_samples.TryGetValue(probe, out var index))
                {
                    index = _sampleKeys.Count;
                    var owned = _scratch.AsSpan(0, length).ToArray();
                    _samples.Add(new IntsKey(owned, length), index);
                    _sampleKeys.Add(owned);
                    for (var v = 0; v < width; v++)
                    {
                        _sums.Add(0);
                    }
                }

                var sums = CollectionsMarshal.AsSpan(_sums).Slice(index * width, width);
                var values = profile.Values(s);
                for (var v = 0; v < width; v++)
                {
                    sums[v] += values[v];
                }
            }
        }

        public Profile Build(ProfileHeader header, int count)
        {
            _builder.Header = header;
            foreach (var type in sampleTypes)
            {
                _builder.AddSampleType(type);
            }

            var width = sampleTypes.Count;
            var values = new long[width];
            var labels = new List<Label>();
            for (var i = 0; i < _sampleKeys.Count; i++)
            {
                var any = false;
                for (var v = 0; v < width; v++)
                {
                    values[v] = (long)Math.Round(_sums[(i * width) + v] / (double)count, MidpointRounding.AwayFromZero);
                    any |= values[v] != 0;
                }

                if (!any)
                {
                    continue;
                }

                var key = _sampleKeys[i];
                var end = Array.IndexOf(key, -1);
                labels.Clear();
                for (var l = end + 1; l < key.Length; l++)
                {
                    labels.Add(_labels[key[l]]);
                }

                _builder.AddSample(values, key.AsSpan(0, end), CollectionsMarshal.AsSpan(labels));
            }

            return _builder.Build();
        }

        private int Location(Location location, int[] mappings, int[] functions)
        {
            // mapping, address (two halves), folded, then per line: function, line number and column (two halves each).
            var length = 4 + (5 * location.Lines.Length);
            Reserve(length);
            _scratch[0] = location.MappingIndex < 0 ? -1 : mappings[location.MappingIndex];
            _scratch[1] = (int)location.Address;
            _scratch[2] = (int)(location.Address >> 32);
            _scratch[3] = location.IsFolded ? 1 : 0;
            var lines = new Line[location.Lines.Length];
            for (var l = 0; l < lines.Length; l++)
            {
                var line = location.Lines[l];
                lines[l] = line with { FunctionIndex = line.FunctionIndex < 0 ? -1 : functions[line.FunctionIndex] };
                var at = 4 + (5 * l);
                _scratch[at] = lines[l].FunctionIndex;
                _scratch[at + 1] = (int)line.Number;
                _scratch[at + 2] = (int)(line.Number >> 32);
                _scratch[at + 3] = (int)line.Column;
                _scratch[at + 4] = (int)(line.Column >> 32);
            }

            var probe = new IntsKey(_scratch, length);
            if (_locations.TryGetValue(probe, out var index))
            {
                return index;
            }

            var mapping = _scratch[0];
            index = _builder.AddLocation(location with { Id = (ulong)_builder.LocationCount + 1, MappingIndex = mapping, Lines = lines });
            _locations.Add(new IntsKey(_scratch.AsSpan(0, length).ToArray(), length), index);
            return index;
        }

        private int LabelId(Label label)
        {
            if (!_labelIds.TryGetValue(label, out var id))
            {
                id = _labels.Count;
                _labels.Add(label);
                _labelIds.Add(label, id);
            }

            return id;
        }

        private void Reserve(int length)
        {
            if (_scratch.Length < length)
            {
                _scratch = new int[Math.Max(length, _scratch.Length * 2)];
            }
        }
    }

    private readonly record struct MappingKey(ulong Start, ulong Limit, ulong Offset, string File, string BuildId);

    /// <summary>A run of ints compared by content: a probe over a scratch buffer looks up keys that own their arrays.</summary>
    private readonly struct IntsKey(int[] items, int length)
    {
        public static readonly IEqualityComparer<IntsKey> Comparer = new ContentComparer();

        public ReadOnlySpan<int> Items => items.AsSpan(0, length);

        private sealed class ContentComparer : IEqualityComparer<IntsKey>
        {
            public bool Equals(IntsKey x, IntsKey y) => x.Items.SequenceEqual(y.Items);

            public int GetHashCode(IntsKey key)
            {
                var hash = new HashCode();
                hash.AddBytes(MemoryMarshal.AsBytes(key.Items));
                return hash.ToHashCode();
            }
        }
    }
}
