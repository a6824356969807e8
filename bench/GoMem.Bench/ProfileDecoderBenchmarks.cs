using System.IO.Compression;
using BenchmarkDotNet.Attributes;
using GoMem.Profiles;

namespace GoMem.Bench;

/// <summary>
/// Decoding a profile held in memory, through <see cref="ProfileReader.ReadBytes"/> (gzip sniffing, size cap,
/// format sniffing, then the streaming profile.proto decoder): raw protobuf, gzip, and gzip inflation alone.
/// </summary>
[MemoryDiagnoser]
[GcServer(false)]
[GcConcurrent(false)]
public class ProfileDecoderBenchmarks
{
    private byte[] _raw = [];
    private byte[] _gzip = [];

    [Params(BenchProfile.Big, BenchProfile.Small)]
    public BenchProfile Profile { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var input = BenchInputs.Load(Profile);
        _raw = input.Raw;
        _gzip = input.Gzip;
    }

    [Benchmark(Baseline = true)]
    [Throughput]
    public Profile DecodeRaw() => ProfileReader.ReadBytes("raw.pb", _raw);

    [Benchmark]
    [Throughput]
    public Profile DecodeGzip() => ProfileReader.ReadBytes("profile.pb.gz", _gzip);

    /// <summary>Inflation alone, to tell the cost of gzip from the cost of decoding.</summary>
    [Benchmark]
    [Throughput]
    public long InflateOnly()
    {
        using var gzip = new GZipStream(new MemoryStream(_gzip, writable: false), CompressionMode.Decompress);
        Span<byte> buffer = stackalloc byte[1 << 14];
        long total = 0;
        int read;
        while ((read = gzip.Read(buffer)) > 0)
        {
            total += read;
        }

        return total;
    }
}
