namespace GoMem.Profiles.Analysis;

/// <summary>A frame of a trace; <see cref="Inline"/> when it was inlined into the next frame.</summary>
public readonly record struct TraceFrame(string Name, bool Inline);

/// <summary>
/// A sample label as pprof groups it in traces: its key with either the texts of a text label, or the numbers of a
/// numeric label with their unit (renderers scale them for display as pprof does).
/// </summary>
public sealed record TraceLabel(string Key, IReadOnlyList<string> Texts, IReadOnlyList<long>? Numbers = null, string? Unit = null);

/// <summary>One sample: its value, labels and stack (leaf first).</summary>
public sealed record Trace(long Value, IReadOnlyList<TraceLabel> Labels, IReadOnlyList<TraceFrame> Frames);

/// <summary>Every sample's stack and value, as <c>go tool pprof -traces</c>.</summary>
public sealed record TracesReport(ProfileSummary Summary, long Total, IReadOnlyList<Trace> Traces)
{
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public static TracesReport Analyze(Profile profile, ReportOptions options)
    {
        var input = ReportInput.Create(profile, options);
        var view = input.Views[0];
        var table = NodeTable.Build(input.Views, options);
        var locationNodes = table.LocationNodes[0];
        var numberUnits = NumericLabelUnits(profile);
        var names = new string?[table.Count];
        var traces = new List<Trace>(view.Samples.Length);
        var traceBySample = new Dictionary<int, int>(new SameStackAndLabels(profile));
        for (var k = 0; k < view.Samples.Length; k++)
        {
            var sample = view.Samples[k];
            if (IsZeroSample(profile.Values(sample)))
            {
                continue;
            }

            // pprof merges samples with the same stack and labels when it loads a profile (Go's heap profile can
            // hold such twins); the merged sample keeps the first one's place.
            if (traceBySample.TryGetValue(sample, out var existing))
            {
                traces[existing] = traces[existing] with { Value = traces[existing].Value + view.Value(k) };
                continue;
            }

            var stack = view.Stack(k);
            var count = 0;
            foreach (var location in stack)
            {
                count += locationNodes[location].Length;
            }

            if (count == 0)
            {
                continue;
            }

            var frames = new TraceFrame[count];
            var f = 0;
            foreach (var location in stack)
            {
                var nodes = locationNodes[location];
                for (var i = 0; i < nodes.Length; i++)
                {
                    var name = names[nodes[i]] ??= table.Key(nodes[i]).PrintableName();
                    frames[f++] = new TraceFrame(name, i != nodes.Length - 1);
                }
            }

            traceBySample[sample] = traces.Count;
            traces.Add(new Trace(view.Value(k), Labels(profile.Labels(sample), numberUnits), frames));
        }

        return new TracesReport(input.Summary, input.Total, traces);
    }

    /// <summary>
    /// pprof's merge key, without building one: two samples merge when their unfiltered stacks are equal and their
    /// labels are equal as multisets (any order). The hash adds the labels' hashes, so their order does not matter.
    /// </summary>
    private sealed class SameStackAndLabels(Profile profile) : IEqualityComparer<int>
    {
        public bool Equals(int a, int b)
        {
            if (a == b)
            {
                return true;
            }

            if (!profile.Stack(a).SequenceEqual(profile.Stack(b)))
            {
                return false;
            }

            var x = profile.Labels(a);
            var y = profile.Labels(b);
            if (x.Length != y.Length)
            {
                return false;
            }

            if (x.SequenceEqual(y))
            {
                return true;
            }

            // Same labels in another order (rare): compare sorted copies.
            Label[] sortedX = [.. x], sortedY = [.. y];
            Array.Sort(sortedX, CompareLabels);
            Array.Sort(sortedY, CompareLabels);
            return sortedX.AsSpan().SequenceEqual(sortedY);
        }

        public int GetHashCode(int sample)
        {
            var hash = new HashCode();
            foreach (var location in profile.Stack(sample))
            {
                hash.Add(location);
            }

            var labels = 0;
            foreach (var label in profile.Labels(sample))
            {
                labels += label.GetHashCode();
            }

            hash.Add(labels);
            return hash.ToHashCode();
        }

        private static int CompareLabels(Label a, Label b)
        {
            var c = string.CompareOrdinal(a.Key, b.Key);
            c = c != 0 ? c : string.CompareOrdinal(a.Text, b.Text);
            c = c != 0 ? c : a.Number.CompareTo(b.Number);
            return c != 0 ? c : string.CompareOrdinal(a.NumberUnit, b.NumberUnit);
        }
    }

    private static bool IsZeroSample(ReadOnlySpan<long> values)
    {
        foreach (var v in values)
        {
            if (v != 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Groups labels by key (in first-seen order), numbers with the unit pprof gives their key.</summary>
    private static IReadOnlyList<TraceLabel> Labels(ReadOnlySpan<Label> labels, Dictionary<string, string> units)
    {
        if (labels.IsEmpty)
        {
            return [];
        }

        if (DistinctKeys(labels))
        {
            // The common case, one value per key: no grouping needed.
            var single = new TraceLabel[labels.Length];
            for (var i = 0; i < labels.Length; i++)
            {
                var label = labels[i];
                if (label.IsNumeric)
                {
                    var unit = units.GetValueOrDefault(label.Key, label.Key);
                    single[i] = new TraceLabel(label.Key, [], [label.Number], unit);
                }
                else
                {
                    single[i] = new TraceLabel(label.Key, [label.Text!]);
                }
            }

            return single;
        }

        var result = new List<TraceLabel>();
        var text = new Dictionary<string, List<string>>();
        var numbers = new Dictionary<string, List<long>>();
        var order = new List<(string Key, bool Numeric)>();
        foreach (var label in labels)
        {
            if (label.IsNumeric)
            {
                if (!numbers.TryGetValue(label.Key, out var list))
                {
                    numbers[label.Key] = list = [];
                    order.Add((label.Key, true));
                }

                list.Add(label.Number);
            }
            else
            {
                if (!text.TryGetValue(label.Key, out var list))
                {
                    text[label.Key] = list = [];
                    order.Add((label.Key, false));
                }

                list.Add(label.Text!);
            }
        }

        foreach (var (key, numeric) in order)
        {
            if (numeric)
            {
                result.Add(new TraceLabel(key, [], numbers[key], units.GetValueOrDefault(key, key)));
            }
            else
            {
                result.Add(new TraceLabel(key, text[key]));
            }
        }

        return result;
    }

    /// <summary>
    /// No key twice, and no key both numeric and text: grouping would change nothing. (The slow path keys numbers and
    /// texts apart, so a key used both ways yields two groups there; it is never "distinct" here.)
    /// </summary>
    private static bool DistinctKeys(ReadOnlySpan<Label> labels)
    {
        for (var i = 1; i < labels.Length; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (labels[i].Key == labels[j].Key)
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>pprof's NumLabelUnits: the first unit given for a key, else "bytes" for alignment/request, else the key.</summary>
    internal static Dictionary<string, string> NumericLabelUnits(Profile profile)
    {
        var units = new Dictionary<string, string>();
        for (var s = 0; s < profile.SampleCount; s++)
        {
            foreach (var label in profile.Labels(s))
            {
                if (!label.IsNumeric)
                {
                    continue;
                }

                if (!string.IsNullOrEmpty(label.NumberUnit))
                {
                    units.TryAdd(label.Key, label.NumberUnit);
                }
                else if (!units.ContainsKey(label.Key))
                {
                    units[label.Key] = "";
                }
            }
        }

        foreach (var key in units.Keys.ToList())
        {
            if (units[key].Length == 0)
            {
                units[key] = key is "alignment" or "request" ? "bytes" : key;
            }
        }

        return units;
    }
}
