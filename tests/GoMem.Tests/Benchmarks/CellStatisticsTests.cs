using GoMem.Benchmarks.Comparison;

namespace GoMem.Tests.Benchmarks;

public class CellStatisticsTests
{
    // numpy.percentile([1..9, 100], [25, 75]) = 3.25, 7.75 (type 7): fences -3.5 and 14.5, so only 100 is out.
    [Fact]
    public void Outliers_are_counted_beyond_Tukey_fences()
    {
        Assert.Equal(1, CellStatistics.Outliers([1, 2, 3, 4, 5, 6, 7, 8, 9, 100], UnitAssumption.Nothing));
        Assert.Equal(0, CellStatistics.Outliers([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], UnitAssumption.Nothing));
        Assert.Equal(0, CellStatistics.Outliers([1, 2, 100], UnitAssumption.Nothing));
        Assert.Equal(0, CellStatistics.Outliers([1, 2, 3, 4, 100], UnitAssumption.Exact));
    }

    [Theory]
    [InlineData(100, 90, 110, "10%")]
    [InlineData(0, 0, 0, "0%")]
    [InlineData(1, -1, 2, "?")]
    [InlineData(1, double.NegativeInfinity, 2, "∞")]
    [InlineData(double.NaN, 1, 2, "?")]
    [InlineData(3, double.NaN, 6, "?")]
    public void Range_text_follows_benchstat(double center, double lo, double hi, string expected) =>
        Assert.Equal(expected, CellStatistics.RangeText(center, lo, hi));

    [Fact]
    public void Exact_units_compare_without_a_test()
    {
        var comparison = CellStatistics.Compare([100], [105], 100, 105, UnitAssumption.Exact, 0.05);
        Assert.Equal("+5.00%", comparison.DeltaText);
        Assert.Equal("n=1", comparison.TestText);
        Assert.True(comparison.Significant);
    }
}
