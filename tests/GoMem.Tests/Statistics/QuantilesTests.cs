using GoMem.Statistics;

namespace GoMem.Tests.Statistics;

public class QuantilesTests
{
    // Sorted input: 1 2 2 3 3 4 5 6 7 10; position p·(n−1), e.g. p90 → 8.1 → 7 + 0.1·(10−7) = 7.3 (numpy's default).
    [Theory]
    [InlineData(0.5, 3.5)]
    [InlineData(0.9, 7.3)]
    [InlineData(0.99, 9.73)]
    [InlineData(0.0, 1.0)]
    [InlineData(1.0, 10.0)]
    public void Interpolates_between_order_statistics_like_numpy(double p, double expected)
    {
        double[] values = [10, 1, 2, 3, 4, 3, 5, 7, 2, 6];
        Assert.Equal(expected, Quantiles.Of(values, p), 9);
    }

    [Fact]
    public void Empty_input_gives_NaN_and_one_value_gives_itself()
    {
        Assert.True(double.IsNaN(Quantiles.Of([], 0.5)));
        Assert.Equal(7.0, Quantiles.Of([7.0], 0.99));
    }
}
