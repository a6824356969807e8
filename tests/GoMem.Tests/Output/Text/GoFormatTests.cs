using GoMem.Output.Text;

namespace GoMem.Tests.Output.Text;

/// <summary>Expected strings are what Go prints (fmt %v, %.Nf), checked against benchstat's goldens where they appear.</summary>
public class GoFormatTests
{
    [Theory]
    [InlineData(1.7180000000000001e-06, "1.7180000000000001e-06")]
    [InlineData(2.294891936453654e-06, "2.294891936453654e-06")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(100.0, "100")]
    [InlineData(1e21, "1e+21")]
    [InlineData(123456789012345680000.0, "123456789012345680000")]
    [InlineData(-0.5, "-0.5")]
    public void Shortest_matches_go_percent_v(double value, string expected) => Assert.Equal(expected, GoFormat.Shortest(value));

    // Exact binary ties round to even in Go; 2.1625 is not a tie in binary (it is slightly above), so it rounds up.
    [Theory]
    [InlineData(12.5, 0, "12")]
    [InlineData(13.5, 0, "14")]
    [InlineData(0.125, 2, "0.12")]
    [InlineData(2.1625, 3, "2.163")]
    [InlineData(-17.2, 2, "-17.20")]
    public void Fixed_rounds_like_go(double value, int digits, string expected) => Assert.Equal(expected, GoFormat.Fixed(value, digits));
}
