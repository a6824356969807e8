using Google.Protobuf;
using Snappier;

namespace GoMem.Monitoring.RemoteWrite;

/// <summary>
/// Turns a batch of samples into the body of a remote-write 1.0 request: a <c>prometheus.WriteRequest</c> in
/// protobuf's wire format (written with Google.Protobuf's <see cref="CodedOutputStream"/>), compressed with snappy's
/// block format (Snappier). Samples of one series go into one TimeSeries, in the order they were queued (which is
/// time order). Fields at their default are left out, as proto3 writes them. Buffers are kept from one batch to the next: encoding allocates per batch, never per sample.
/// </summary>
/// <remarks>
/// The messages, from Prometheus' prompb: <c>WriteRequest { repeated TimeSeries timeseries = 1; }</c>,
/// <c>TimeSeries { repeated Label labels = 1; repeated Sample samples = 2; }</c>,
/// <c>Label { string name = 1; string value = 2; }</c>, <c>Sample { double value = 1; int64 timestamp = 2; }</c>.
/// </remarks>
internal sealed class WriteRequestEncoder
{
    private const byte TimeSeriesTag = (1 << 3) | 2;
    private const byte LabelTag = (1 << 3) | 2;
    private const byte SampleTag = (2 << 3) | 2;
    private const byte LabelNameTag = (1 << 3) | 2;
    private const byte LabelValueTag = (2 << 3) | 2;
    private const byte SampleValueTag = (1 << 3) | 1;
    private const byte SampleTimestampTag = (2 << 3) | 0;

    private readonly Dictionary<RemoteSeries, int> _groupOf = new(ReferenceEqualityComparer.Instance);
    private RemoteSeries[] _groupSeries = [];
    private int[] _first = [];
    private int[] _last = [];
    private int[] _size = [];
    private int[] _next = [];
    private byte[] _protobuf = [];
    private byte[] _compressed = [];

    /// <summary>The WriteRequest for <paramref name="batch"/>, uncompressed; valid until the next call.</summary>
    public ReadOnlyMemory<byte> Protobuf(ReadOnlySpan<PendingSample> batch)
    {
        var groups = Group(batch);
        var total = 0;
        for (var g = 0; g < groups; g++)
        {
            var size = _groupSeries[g].LabelsSize;
            for (var i = _first[g]; i >= 0; i = _next[i])
            {
                var sample = SampleSize(batch[i]);
                size += 1 + CodedOutputStream.ComputeLengthSize(sample) + sample;
            }

            _size[g] = size;
            total += 1 + CodedOutputStream.ComputeLengthSize(size) + size;
        }

        if (_protobuf.Length < total)
        {
            _protobuf = new byte[Math.Max(total, _protobuf.Length * 2)];
        }

        var output = new CodedOutputStream(_protobuf);
        for (var g = 0; g < groups; g++)
        {
            output.WriteRawTag(TimeSeriesTag);
            output.WriteLength(_size[g]);
            var series = _groupSeries[g];
            for (var l = 0; l < series.Names.Length; l++)
            {
                output.WriteRawTag(LabelTag);
                output.WriteLength(series.LabelSize(l));
                output.WriteRawTag(LabelNameTag);
                output.WriteString(series.Names[l]);
                output.WriteRawTag(LabelValueTag);
                output.WriteString(series.Values[l]);
            }

            for (var i = _first[g]; i >= 0; i = _next[i])
            {
                output.WriteRawTag(SampleTag);
                output.WriteLength(SampleSize(batch[i]));
                if (batch[i].Value != 0)
                {
                    output.WriteRawTag(SampleValueTag);
                    output.WriteDouble(batch[i].Value);
                }

                if (batch[i].TimestampMs != 0)
                {
                    output.WriteRawTag(SampleTimestampTag);
                    output.WriteInt64(batch[i].TimestampMs);
                }
            }
        }

        output.Flush();
        _groupOf.Clear();
        Array.Clear(_groupSeries, 0, groups);
        return _protobuf.AsMemory(0, total);
    }

    /// <summary>The request body for <paramref name="batch"/>: the WriteRequest, snappy-compressed; valid until the next call.</summary>
    public ReadOnlyMemory<byte> Body(ReadOnlySpan<PendingSample> batch)
    {
        var protobuf = Protobuf(batch).Span;
        var max = Snappy.GetMaxCompressedLength(protobuf.Length);
        if (_compressed.Length < max)
        {
            _compressed = new byte[Math.Max(max, _compressed.Length * 2)];
        }

        var length = Snappy.Compress(protobuf, _compressed);
        return _compressed.AsMemory(0, length);
    }

    /// <summary>A Sample's fields, each left out at its default (0, and so -0 too), as Google.Protobuf's own messages write them.</summary>
    private static int SampleSize(in PendingSample sample) =>
        (sample.Value == 0 ? 0 : 1 + 8) + (sample.TimestampMs == 0 ? 0 : 1 + CodedOutputStream.ComputeInt64Size(sample.TimestampMs));

    /// <summary>Links the batch's samples per series (first seen first), keeping their order within each: the number of series.</summary>
    private int Group(ReadOnlySpan<PendingSample> batch)
    {
        if (_next.Length < batch.Length)
        {
            var length = Math.Max(batch.Length, _next.Length * 2);
            _next = new int[length];
            _first = new int[length];
            _last = new int[length];
            _size = new int[length];
            _groupSeries = new RemoteSeries[length];
        }

        var groups = 0;
        for (var i = 0; i < batch.Length; i++)
        {
            _next[i] = -1;
            if (_groupOf.TryGetValue(batch[i].Series, out var g))
            {
                _next[_last[g]] = i;
            }
            else
            {
                g = groups++;
                _groupOf[batch[i].Series] = g;
                _groupSeries[g] = batch[i].Series;
                _first[g] = i;
            }

            _last[g] = i;
        }

        return groups;
    }
}
