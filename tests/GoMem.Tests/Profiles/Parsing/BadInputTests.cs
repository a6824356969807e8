using System.IO.Compression;
using GoMem.IO;
using GoMem.Profiles;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Profiles.Parsing;

/// <summary>
/// Truncated, corrupt, empty, huge and hostile inputs: each must give one clear line naming the file, the problem
/// and where it is, exit code 3, never a stack trace, with memory bounded by the caps.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-bad-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Minimal_crafted_profile_is_valid()
    {
        var profile = ProfileReader.ReadBytes("minimal", ProtoWriter.MinimalProfile().ToArray());
        Assert.Equal(1, profile.SampleCount);
        Assert.Equal("main.f", profile.Functions[0].Name);
    }

    [Fact]
    public void Empty_file_is_rejected()
    {
        AssertRejected([], "the file is empty");
    }

    [Fact]
    public void Text_file_that_is_not_a_profile_is_rejected()
    {
        AssertRejected("hello, this is a README\nnot a profile\n"u8.ToArray(), "not a profile");
    }

    [Fact]
    public void Truncated_gzip_is_rejected()
    {
        var gzip = File.ReadAllBytes(RepoPaths.Scenario("leakymap", "heap.2.pb.gz"));
        AssertRejected(gzip[..(gzip.Length / 2)], "gzip", expectOffset: true);
    }

    [Fact]
    public void Corrupt_gzip_is_rejected()
    {
        var gzip = File.ReadAllBytes(RepoPaths.Scenario("leakymap", "heap.2.pb.gz"));
        for (var i = 20; i < 60; i++)
        {
            gzip[i] ^= 0x5a;
        }

        AssertRejected(gzip, "gzip");
    }

    [Fact]
    public void Truncated_protobuf_is_rejected_with_offset()
    {
        var raw = Inflate(File.ReadAllBytes(RepoPaths.Scenario("leakymap", "heap.2.pb.gz")));
        AssertRejected(raw[..(raw.Length - 7)], "runs off the end", expectOffset: true);
    }

    [Fact]
    public void Varint_running_off_the_end_is_rejected()
    {
        var bytes = new ProtoWriter().Varint(9, 5).RawBytes(0x48, 0xff, 0xff).ToArray();
        AssertRejected(bytes, "varint runs off the end", expectOffset: true);
    }

    [Fact]
    public void String_index_out_of_range_is_rejected()
    {
        var bytes = ProtoWriter.MinimalProfile(nameIndex: 99).ToArray();
        AssertRejected(bytes, "string index 99 is out of range", expectOffset: true);
    }

    [Fact]
    public void Sample_pointing_at_missing_location_is_rejected()
    {
        var bytes = ProtoWriter.MinimalProfile(locationId: 7).ToArray();
        AssertRejected(bytes, "location id 7", expectOffset: true);
    }

    [Fact]
    public void Line_pointing_at_missing_function_is_rejected()
    {
        var bytes = ProtoWriter.MinimalProfile(functionId: 5).ToArray();
        AssertRejected(bytes, "function id 5", expectOffset: true);
    }

    [Fact]
    public void Absurd_length_is_rejected()
    {
        var bytes = new ProtoWriter().DanglingLength(2, ulong.MaxValue).ToArray();
        AssertRejected(bytes, "larger than any valid profile", expectOffset: true);
    }

    [Fact]
    public void Length_beyond_the_input_is_rejected_without_allocating_it()
    {
        var bytes = new ProtoWriter().String(6, "").DanglingLength(2, 900_000_000).ToArray();
        var before = GC.GetAllocatedBytesForCurrentThread();
        AssertRejected(bytes, "runs off the end", expectOffset: true);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 64 << 20, "a claimed length must not be allocated up front");
    }

    [Fact]
    public void Wrong_sample_value_count_is_rejected()
    {
        var bytes = new ProtoWriter()
            .Message(1, new ProtoWriter().Varint(1, 1).Varint(2, 2))
            .Message(2, new ProtoWriter().Varint(2, 1).Varint(2, 2))
            .String(6, "").String(6, "inuse_space").String(6, "bytes")
            .ToArray();
        AssertRejected(bytes, "has 2 values but the profile declares 1 sample types", expectOffset: true);
    }

    [Fact]
    public void Gzip_bomb_stops_at_the_inflated_size_cap()
    {
        // Valid-looking protobuf (an unknown varint field, repeated) so the decoder keeps reading until the cap.
        var bomb = GzipOfRepeatedPattern([0xa0, 0x06, 0x00], repeats: 3 << 20, copies: 8);
        var path = Write("bomb.pb.gz", bomb);
        var result = GoMemCli.Run("top", "--max-input-size", (16L << 20).ToString(System.Globalization.CultureInfo.InvariantCulture), path);
        AssertOneLineFailure(result, path, "exceeds the limit of 16 MiB");
    }

    [Fact]
    public void Gzip_bomb_of_many_gigabytes_is_refused_under_the_default_cap()
    {
        // 400 copies of 3 MiB: about 1.2 GiB inflated from a few MB of gzip, over the default 1 GiB cap.
        var bomb = GzipOfRepeatedPattern([0xa0, 0x06, 0x00], repeats: 1 << 20, copies: 400);
        Assert.True(bomb.Length < 16 << 20);
        var path = Write("bigbomb.pb.gz", bomb);
        var result = GoMemCli.Run("top", path);
        AssertOneLineFailure(result, path, "exceeds the limit of 1024 MiB");
    }

    [Fact]
    public void Missing_file_is_an_io_failure()
    {
        var result = GoMemCli.Run("top", Path.Combine(_dir, "does-not-exist.pb.gz"));
        Assert.Equal(4, result.ExitCode);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Bad_flag_is_a_usage_error()
    {
        var result = GoMemCli.Run("top", "--nodecount", "-3", RepoPaths.Scenario("leakymap", "heap.2.pb.gz"));
        Assert.Equal(2, result.ExitCode);
    }

    [Fact]
    public void Invalid_regex_is_a_usage_error()
    {
        var result = GoMemCli.Run("top", "--focus", "main.(", RepoPaths.Scenario("leakymap", "heap.2.pb.gz"));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("focus", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_legacy_heap_line_names_the_line()
    {
        var text = "heap profile: 1: 2 [3: 4] @ heap/1048576\n1: 2 [3: 4] @ 0x1 0x2\nthis is garbage\n"u8.ToArray();
        var path = Write("legacy.txt", text);
        var result = GoMemCli.Run("top", path);
        AssertOneLineFailure(result, path + ":3:", "malformed heap sample");
    }

    private void AssertRejected(byte[] bytes, string problem, bool expectOffset = false)
    {
        var exception = Assert.Throws<BadInputException>(() => ProfileReader.ReadBytes("input.pb", bytes));
        Assert.Contains(problem, exception.Message, StringComparison.Ordinal);
        if (expectOffset)
        {
            Assert.NotNull(exception.ByteOffset);
        }

        var path = Write("input.pb", bytes);
        AssertOneLineFailure(GoMemCli.Run("top", path), path, problem);
    }

    private static void AssertOneLineFailure(CliResult result, string file, string problem)
    {
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("", result.Stdout);
        var lines = result.Stderr.TrimEnd('\n').Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("gomem: " + file, lines[0], StringComparison.Ordinal);
        Assert.Contains(problem, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static byte[] Inflate(byte[] gzip)
    {
        using var input = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>
    /// Builds gzip whose inflated content is <paramref name="pattern"/> repeated many times, cheaply: one block is
    /// compressed once, ended with a sync flush (byte-aligned), and its bytes are repeated in the deflate stream.
    /// </summary>
    private static byte[] GzipOfRepeatedPattern(byte[] pattern, int repeats, int copies)
    {
        var block = new byte[pattern.Length * repeats];
        for (var i = 0; i < block.Length; i += pattern.Length)
        {
            pattern.CopyTo(block, i);
        }

        byte[] chunk;
        using (var compressed = new MemoryStream())
        {
            using (var deflate = new DeflateStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                deflate.Write(block);
                deflate.Flush();
                chunk = compressed.ToArray();
            }
        }

        using var gzip = new MemoryStream();
        gzip.Write([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
        for (var i = 0; i < copies; i++)
        {
            gzip.Write(chunk);
        }

        gzip.Write([0x03, 0x00]); // final empty fixed-Huffman block
        gzip.Write(new byte[8]); // CRC and size: never reached, the cap stops inflation first
        return gzip.ToArray();
    }
}
