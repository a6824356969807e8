using GoMem.Profiles;

namespace GoMem.Tests.Profiles;

/// <summary>Value labels and percentages as pprof prints them (expected strings taken from pprof output).</summary>
public sealed class MeasurementTests
{
    [Theory]
    [InlineData(0, "bytes", "minimum", "0")]
    [InlineData(1023, "bytes", "minimum", "1023B")]
    [InlineData(1024, "bytes", "minimum", "1kB")]
    [InlineData(2628465, "bytes", "minimum", "2.51MB")]
    [InlineData(2628465, "bytes", "kB", "2566.86kB")]
    [InlineData(2628465, "bytes", "kb", "2566.86kB")]
    [InlineData(-4096, "bytes", "minimum", "-4kB")]
    [InlineData(1_100_000_000, "nanoseconds", "minimum", "1.10s")]
    [InlineData(10_000_000, "nanoseconds", "ms", "10ms")]
    [InlineData(200, "count", "count", "200")]
    [InlineData(5, "count", "minimum", "5")]
    public void Scaled_label_matches_pprof(long value, string unit, string outputUnit, string expected)
    {
        Assert.Equal(expected, Measurement.ScaledLabel(value, unit, outputUnit));
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
        Assert.Equal(expected, Measurement.Percentage(value, total));
    }

    [Fact]
    public void Unknown_units_are_printed_bare()
    {
        Assert.Equal("42", Measurement.ScaledLabel(42, "widgets", "minimum"));
        Assert.False(Measurement.IsKnownUnit("widgets"));
        Assert.True(Measurement.IsKnownUnit("bytes"));
    }
}
