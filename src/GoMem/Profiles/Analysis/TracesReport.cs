namespace GoMem.Profiles.Analysis;

/// <summary>A frame of a trace; <see cref="Inline"/> when it was inlined into the next frame.</summary>
public readonly record struct TraceFrame(string Name, bool Inline);

/// <summary>A sample label as pprof prints it in traces: key and display values (numbers scaled by their unit).</summary>
public sealed record TraceLabel(string Key, IReadOnlyList<string> Values, IReadOnlyList<long>? Numbers = null, string? Unit = null);

/// <summary>One sample: its value, labels and stack (leaf first).</summary>
public sealed record Trace(long Value, IReadOnlyList<TraceLabel> Labels, IReadOnlyList<TraceFrame> Frames);

/// <summary>Every sample's stack and value, as <c>go tool pprof -traces</c>.</summary>
public sealed record TracesReport(ProfileSummary Summary, long Total, IReadOnlyList<Trace> Traces)
{
    public static TracesReport Build(Profile profile, ReportOptions options)
    {
        var input = ReportInput.Create(profile, options);
        var view = input.Views[0];
        var table = NodeTable.Build(input.Views, options);
        var locationNodes = table.LocationNodes[0];
        var numberUnits = NumericLabelUnits(profile);
        var names = new string?[table.Count];
        var traces = new List<Trace>(view.Samples.Length);
        var traceByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = 0; k < view.Samples.Length; k++)
        {
            var sample = view.Samples[k];
            if (IsZeroSample(profile.Values(sample)))
            {
                continue;
            }

            // pprof merges samples with the same stack and labels when it loads a profile (Go's heap profile can
            // hold such twins); the merged sample keeps the first one's place.
            var key = MergeKey(profile, sample);
            if (traceByKey.TryGetValue(key, out var existing))
            {
                traces[existing] = traces[existing] with { Value = traces[existing].Value + view.Value(k) };
                continue;
            }

            var frames = new List<TraceFrame>();
            foreach (var location in view.Stack(k))
            {
                var nodes = locationNodes[location];
                for (var i = 0; i < nodes.Length; i++)
                {
                    var name = names[nodes[i]] ??= table.Key(nodes[i]).PrintableName();
                    frames.Add(new TraceFrame(name, i != nodes.Length - 1));
                }
            }

            if (frames.Count == 0)
            {
                continue;
            }

            traceByKey[key] = traces.Count;
            traces.Add(new Trace(view.Value(k), Labels(profile.Labels(sample), numberUnits), frames));
        }

        return new TracesReport(input.Summary, input.Total, traces);
    }

    /// <summary>The sample's unfiltered stack and its labels in a canonical order (pprof's merge key).</summary>
    private static string MergeKey(Profile profile, int sample)
    {
        var key = new System.Text.StringBuilder();
        foreach (var location in profile.Stack(sample))
        {
            key.Append(location).Append(',');
        }

        var labels = new List<string>();
        foreach (var label in profile.Labels(sample))
        {
            labels.Add(label.IsNumeric ? $"{label.Key}\u0001{label.Number}\u0001{label.NumberUnit}" : $"{label.Key}\u0000{label.Text}");
        }

        labels.Sort(string.CompareOrdinal);
        foreach (var label in labels)
        {
            key.Append('|').Append(label);
        }

        return key.ToString();
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

    /// <summary>Groups labels by key (in first-seen order), numbers scaled with their unit as pprof does.</summary>
    private static List<TraceLabel> Labels(ReadOnlySpan<Label> labels, Dictionary<string, string> units)
    {
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
                var unit = units.GetValueOrDefault(key, key);
                var values = numbers[key];
                result.Add(new TraceLabel(key, values.ConvertAll(v => Measurement.ScaledLabel(v, unit, "auto")), values, unit));
            }
            else
            {
                result.Add(new TraceLabel(key, text[key]));
            }
        }

        return result;
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
