using System.Globalization;
using System.Text;
using GoMem.Monitoring.RemoteWrite;
using GoMem.Tests.Monitoring.RemoteWrite.Prompb;
using GoMem.Tests.TestSupport;
using Google.Protobuf;
using Snappier;

namespace GoMem.Tests.Monitoring.RemoteWrite;

/// <summary>
/// What gomem sends, decoded by a parser it does not share (Snappier, then message classes generated from the
/// remote-write .proto), compared with the same request built with those classes, and with a golden request.
/// </summary>
public sealed class WriteRequestEncoderTests
{
    private static readonly RemoteSeries Rss = new("gomem_target_resident_memory_bytes", ["job", "instance", "env", "zone"], ["api", "127.0.0.1:6060", "staging", ""]);
    private static readonly RemoteSeries Up = new("gomem_target_up", ["job", "instance", "Zone"], ["api", "127.0.0.1:6060", "eu-1"]);

    /// <summary>Two series, interleaved as cycles queue them; one value a staleness marker, a zero, a negative zero, one timestamp before 1970, one at 0.</summary>
    private static PendingSample[] Batch() =>
    [
        new(Rss, 1_764_583_200_000, 52_000_000),
        new(Up, 1_764_583_200_000, 1),
        new(Rss, 1_764_583_210_000, 52_400_000.5),
        new(Up, 1_764_583_210_000, 0),
        new(Rss, 1_764_583_220_000, RemoteWriter.StaleNaN),
        new(Up, -1, 1),
        new(Rss, 1_764_583_230_000, -0.0),
        new(Up, 0, 0),
    ];

    [Fact]
    public void The_body_is_a_snappy_WriteRequest_with_one_series_per_label_set_and_its_samples_in_order()
    {
        var body = new WriteRequestEncoder().Body(Batch()).ToArray();
        var request = WriteRequest.Parser.ParseFrom(Snappy.DecompressToArray(body));

        Assert.Equal(2, request.Timeseries.Count);
        var rss = request.Timeseries[0];
        // Sorted by name ('Z' sorts before '_'), the empty "zone" left out.
        Assert.Equal(["__name__", "env", "instance", "job"], rss.Labels.Select(l => l.Name));
        Assert.Equal(["gomem_target_resident_memory_bytes", "staging", "127.0.0.1:6060", "api"], rss.Labels.Select(l => l.Value));
        Assert.Equal([1_764_583_200_000L, 1_764_583_210_000L, 1_764_583_220_000L, 1_764_583_230_000L], rss.Samples.Select(s => s.Timestamp));
        Assert.Equal(52_000_000, rss.Samples[0].Value);
        Assert.Equal(52_400_000.5, rss.Samples[1].Value);
        Assert.Equal(0x7ff0000000000002, BitConverter.DoubleToInt64Bits(rss.Samples[2].Value));
        var up = request.Timeseries[1];
        Assert.Equal(["Zone", "__name__", "instance", "job"], up.Labels.Select(l => l.Name));
        Assert.Equal(0, rss.Samples[3].Value); // -0 is left out as 0 is, as Google.Protobuf's messages do
        Assert.Equal([1.0, 0.0, 1.0, 0.0], up.Samples.Select(s => s.Value));
        Assert.Equal([1_764_583_200_000L, 1_764_583_210_000L, -1, 0], up.Samples.Select(s => s.Timestamp));
    }

    [Fact]
    public void The_bytes_are_those_Google_Protobuf_writes_for_the_same_request()
    {
        var expected = new WriteRequest();
        foreach (var group in Batch().GroupBy(s => s.Series))
        {
            var series = new TimeSeries();
            series.Labels.AddRange(group.Key.Names.Select((n, i) => new Label { Name = n, Value = group.Key.Values[i] }));
            series.Samples.AddRange(group.Select(s => new Sample { Value = s.Value, Timestamp = s.TimestampMs }));
            expected.Timeseries.Add(series);
        }

        Assert.Equal(expected.ToByteArray(), new WriteRequestEncoder().Protobuf(Batch()).ToArray());
    }

    [Fact]
    public void The_request_matches_the_golden_one()
    {
        var protobuf = new WriteRequestEncoder().Protobuf(Batch()).ToArray();
        Golden.AssertMatches(Path.Combine("monitoring", "remote-write.request.hex"), Hex(protobuf));
    }

    [Fact]
    public void An_encoder_reused_for_a_smaller_batch_writes_only_that_batch()
    {
        var encoder = new WriteRequestEncoder();
        var large = Enumerable.Range(0, 500).Select(i => new PendingSample(i % 2 == 0 ? Rss : Up, 1_000 + i, i)).ToArray();
        encoder.Body(large);
        var body = encoder.Body(Batch()).ToArray();

        Assert.Equal(new WriteRequestEncoder().Body(Batch()).ToArray(), body);
        var request = WriteRequest.Parser.ParseFrom(Snappy.DecompressToArray(body));
        Assert.Equal(8, request.Timeseries.Sum(t => t.Samples.Count));
    }

    /// <summary>16 bytes a line, as hexdump shows them, so a change shows where it is.</summary>
    private static string Hex(byte[] bytes)
    {
        var text = new StringBuilder();
        for (var i = 0; i < bytes.Length; i += 16)
        {
            text.Append(i.ToString("x4", CultureInfo.InvariantCulture)).Append(' ');
            text.AppendJoin(' ', bytes.Skip(i).Take(16).Select(b => b.ToString("x2", CultureInfo.InvariantCulture))).Append('\n');
        }

        return text.ToString();
    }
}
