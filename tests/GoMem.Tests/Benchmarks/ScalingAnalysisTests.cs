using GoMem.Benchmarks.Scaling;

namespace GoMem.Tests.Benchmarks;

public class ScalingAnalysisTests
{
    [Theory]
    [InlineData("16", 16)]
    [InlineData("1k", 1000)]
    [InlineData("2Ki", 2048)]
    [InlineData("4MB", 4194304)]
    [InlineData("32kB", 32768)]
    [InlineData("1.5M", 1500000)]
    public void Reads_sizes_with_prefixes(string text, double expected)
    {
        Assert.True(SizeParameter.TryParse(text, out var size));
        Assert.Equal(expected, size);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("0")]
    [InlineData("12parsecs")]
    [InlineData("")]
    public void Rejects_non_sizes(string text) => Assert.False(SizeParameter.TryParse(text, out _));
}
