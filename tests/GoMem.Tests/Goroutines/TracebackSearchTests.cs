using System.Text;
using GoMem.Goroutines;

namespace GoMem.Tests.Goroutines;

/// <summary>The bounded look for a goroutine header past a file's head (leak DIR's sniffing of crash and test logs).</summary>
public sealed class TracebackSearchTests
{
    [Theory]
    [InlineData("goroutine 1 [running]:\n", true)]
    [InlineData("log\r\n    goroutine 7 gp=0xc0000061c0 m=0 mp=0x6f3b20 [chan receive, 3 minutes]:\r\n", true)]
    [InlineData("log\ngoroutine 1 [running]:", true)]
    [InlineData("goroutine 1 [running]\n", false)]
    [InlineData("the goroutine 1 [running]:\n", false)]
    [InlineData("goroutine x [running]:\n", false)]
    [InlineData("goroutine 1 running:\n", false)]
    public void A_line_is_a_header_as_the_traceback_reader_takes_it(string text, bool found)
    {
        Assert.Equal(found, Search(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void A_header_split_between_two_reads_is_found()
    {
        // Across the 64 KB buffer's end (and across reads, which come in pieces here).
        var log = new string('a', (1 << 16) - 11) + "\ngoroutine 12 [select]:\n";
        Assert.Equal('g', log[(1 << 16) - 10]);
        Assert.True(Search(Encoding.UTF8.GetBytes(log)));
    }

    [Fact]
    public void A_header_inside_an_overlong_line_is_not_one()
    {
        // Longer than a header can be, spread over several reads: skipped to its end, never gathered.
        var line = new string('z', 200_000) + "goroutine 1 [running]:";
        Assert.False(Search(Encoding.UTF8.GetBytes(line + "\n")));
        Assert.True(Search(Encoding.UTF8.GetBytes(line + "\ngoroutine 2 [running]:\n")));
    }

    [Fact]
    public void Lines_and_bytes_bound_the_search()
    {
        var header = "goroutine 1 [running]:\n";
        Assert.True(Search(Encoding.UTF8.GetBytes("a\nb\n" + header), maxLines: 3));
        Assert.False(Search(Encoding.UTF8.GetBytes("a\nb\nc\n" + header), maxLines: 3));
        Assert.True(Search(Encoding.UTF8.GetBytes("abc\n" + header), maxBytes: 4 + header.Length));
        Assert.False(Search(Encoding.UTF8.GetBytes("abcd\n" + header), maxBytes: 4 + header.Length));
    }

    private static bool Search(byte[] data, int maxBytes = GoroutineDumpReader.TracebackSearchBytes, int maxLines = GoroutineDumpReader.TracebackSearchLines)
    {
        // A stream that hands out a few bytes per read, as a pipe or gzip stream may.
        using var stream = new TrickleStream(data);
        return GoroutineDumpReader.FindsTraceback(stream, maxBytes, maxLines);
    }

    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 7919));
    }
}
