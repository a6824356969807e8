using Google.Protobuf;

namespace GoMem.Monitoring.RemoteWrite;

/// <summary>
/// One series as remote-write sends it: its labels, <c>__name__</c> among them, sorted by name as the protocol requires
/// (empty values left out: Prometheus reads an empty label as no label), made once, with their encoded size, so a
/// sample of it costs a reference and two numbers. It also remembers its newest sample's time: the receiver refuses
/// a sample older than one it has, so such a sample is never queued.
/// </summary>
internal sealed class RemoteSeries
{
    private long _newest = long.MinValue;

    public RemoteSeries(string name, IReadOnlyList<string> labelNames, IReadOnlyList<string> labelValues)
    {
        var labels = new List<(string Name, string Value)>(labelNames.Count + 1) { ("__name__", name) };
        for (var i = 0; i < labelNames.Count; i++)
        {
            if (labelValues[i].Length > 0)
            {
                labels.Add((labelNames[i], labelValues[i]));
            }
        }

        labels.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        Names = [.. labels.Select(l => l.Name)];
        Values = [.. labels.Select(l => l.Value)];
        for (var i = 0; i < Names.Length; i++)
        {
            var size = LabelSize(i);
            LabelsSize += 1 + CodedOutputStream.ComputeLengthSize(size) + size;
        }
    }

    /// <summary>Label names, sorted; <see cref="Values"/> aligned.</summary>
    public string[] Names { get; }

    public string[] Values { get; }

    /// <summary>The bytes of this series' labels inside a TimeSeries message (each a tagged, length-prefixed Label).</summary>
    public int LabelsSize { get; }

    /// <summary>Whether its last sample was a value (not nothing, not a staleness marker): a figure that goes then gets one marker.</summary>
    public bool Live { get; set; }

    /// <summary>The encoded size of Label <paramref name="index"/>'s fields.</summary>
    public int LabelSize(int index) =>
        1 + CodedOutputStream.ComputeStringSize(Names[index]) + 1 + CodedOutputStream.ComputeStringSize(Values[index]);

    /// <summary>
    /// Claims <paramref name="timestampMs"/> as this series' newest time: false when a sample at or after it was already
    /// claimed (Prometheus would refuse it as out of order or a duplicate). Called under the writer's lock of the target.
    /// </summary>
    public bool Advance(long timestampMs)
    {
        if (timestampMs <= _newest)
        {
            return false;
        }

        _newest = timestampMs;
        return true;
    }

    public override string ToString() => "{" + string.Join(", ", Names.Select((n, i) => $"{n}=\"{Values[i]}\"")) + "}";
}

/// <summary>One queued sample: its series, its time in Unix milliseconds, its value.</summary>
internal readonly record struct PendingSample(RemoteSeries Series, long TimestampMs, double Value);
