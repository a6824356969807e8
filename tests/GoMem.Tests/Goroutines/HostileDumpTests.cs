using System.IO.Compression;
using GoMem.Goroutines;
using GoMem.IO;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Goroutines;

/// <summary>Truncated and corrupted real dumps: every outcome is a dump or a <see cref="BadInputException"/>, never another error.</summary>
public sealed class HostileDumpTests
{
    [Fact]
    public void Every_truncation_of_a_real_debug2_dump_parses_or_is_bad_input()
    {
        var bytes = File.ReadAllBytes(RepoPaths.Scenario("goroutineleak", "goroutine.2.debug2.txt"));
        for (var length = 0; length < bytes.Length; length += 997)
        {
            var dump = TryRead(bytes[..length]);
            if (dump is not null)
            {
                Assert.InRange(dump.Total, 1, 203);
            }
        }
    }

    [Fact]
    public void Random_byte_flips_in_a_crash_log_never_escape_as_other_errors()
    {
        var original = File.ReadAllBytes(Path.Combine(RepoPaths.TestData, "goroutines", "sigquit.crash.log"));
        var random = new Random(6);
        for (var round = 0; round < 200; round++)
        {
            var bytes = (byte[])original.Clone();
            for (var flips = 0; flips < 20; flips++)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            TryRead(bytes);
        }
    }

    [Theory]
    [InlineData("labelled.debug1.txt")]
    [InlineData("indented.test.log")]
    [InlineData("ancestors.debug2.txt")]
    public void Truncations_and_byte_flips_of_other_forms_parse_or_are_bad_input(string file)
    {
        var original = File.ReadAllBytes(Path.Combine(RepoPaths.TestData, "goroutines", file));
        var whole = GoroutineDumpReader.ReadBytes(file, original).Total;
        for (var length = 0; length < original.Length; length += 101)
        {
            if (TryRead(original[..length]) is { } dump)
            {
                Assert.InRange(dump.Total, 1, whole);
            }
        }

        var random = new Random(17);
        for (var round = 0; round < 200; round++)
        {
            var bytes = (byte[])original.Clone();
            for (var flips = 0; flips < 10; flips++)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            TryRead(bytes);
        }
    }

    [Fact]
    public void Gzip_of_a_dump_is_read_like_the_dump()
    {
        var bytes = File.ReadAllBytes(RepoPaths.Scenario("goroutineleak", "goroutine.2.debug2.txt"));
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        Assert.Equal(203, GoroutineDumpReader.ReadBytes("dump.txt.gz", packed.ToArray()).Total);
    }

    private static GoroutineDump? TryRead(byte[] bytes)
    {
        try
        {
            return GoroutineDumpReader.ReadBytes("dump", bytes);
        }
        catch (BadInputException)
        {
            return null;
        }
    }
}
