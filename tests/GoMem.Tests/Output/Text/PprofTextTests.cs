using GoMem.Output.Text;
using GoMem.Profiles;

namespace GoMem.Tests.Output.Text;

/// <summary>Value labels and percentages as pprof prints them (expected strings taken from pprof output).</summary>
public sealed class PprofTextTests
{
    [Theory]
    [InlineData(0, "bytes", "minimum", "0")]
    [InlineData(1023, "bytes", "minimum", "1023B")]
    [InlineData(1024, "bytes", "minimum", "1kB")]
    [InlineData(2628465, "bytes", "minimum", "2.51MB")]
    [InlineData(1152, "bytes", "minimum", "1.12kB")] // an exact tie: Go's %.2f rounds it to even
    [InlineData(2628465, "bytes", "kB", "2566.86kB")]
    [InlineData(2628465, "bytes", "kb", "2566.86kB")]
    [InlineData(-4096, "bytes", "minimum", "-4kB")]
    [InlineData(1_100_000_000, "nanoseconds", "minimum", "1.10s")]
    [InlineData(10_000_000, "nanoseconds", "ms", "10ms")]
    [InlineData(200, "count", "count", "200")]
    [InlineData(5, "count", "minimum", "5")]
    public void Scaled_label_matches_pprof(long value, string unit, string outputUnit, string expected)
    {
        Assert.Equal(expected, PprofText.ScaledLabel(SampleUnits.Scale(value, unit, outputUnit)));
    }

    [Theory]
    [InlineData(150, 150, "  100%")]
    [InlineData(80, 150, "53.33%")]
    [InlineData(1, 111, "  0.9%")]
    [InlineData(1, 100000, "0.001%")]
    [InlineData(1, 10000000, "1e-05%")]
    [InlineData(0, 0, "    0%")]
    [InlineData(-30, 150, "20.00%")]
    public void Percentage_matches_pprof(long value, long total, string expected)
    {
        Assert.Equal(expected, PprofText.Percentage(value, total));
    }

    [Fact]
    public void Unknown_units_are_printed_bare()
    {
        Assert.Equal("42", PprofText.ScaledLabel(SampleUnits.Scale(42, "widgets", "minimum")));
        Assert.False(SampleUnits.IsKnownUnit("widgets"));
        Assert.True(SampleUnits.IsKnownUnit("bytes"));
    }

    [Theory]
    [InlineData(0L)]
    [InlineData(1L)]
    [InlineData(1023L)]
    [InlineData(1024L)]
    [InlineData(1152L)]
    [InlineData(2628465L)]
    [InlineData(-4096L)]
    [InlineData((1L << 40) + 12345)]
    [InlineData(5L << 50)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void Human_bytes_are_pprofs_bytes_in_their_best_unit(long value)
    {
        Assert.Equal(PprofText.ScaledLabel(SampleUnits.Scale(value, "bytes", "minimum")), HumanText.Bytes(value));
    }
}
