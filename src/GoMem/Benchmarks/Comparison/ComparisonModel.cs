namespace GoMem.Benchmarks.Comparison;

/// <summary>How a unit's samples are summarised: by median and rank test (the default) or as exact values (<c>Unit x assume=exact</c>).</summary>
public enum UnitAssumption
{
    Nothing,
    Exact,
}

/// <summary>The centre of a sample (median, or the exact value) with its confidence interval and warnings.</summary>
public sealed record SampleSummary(double Center, double Lo, double Hi, double Confidence, int Count, string RangeText, IReadOnlyList<string> Warnings);

/// <summary>
/// A cell compared with its row's baseline: the two-sided p-value (0 for exact units), sample sizes, the change of
/// the centre in percent, and whether it is significant at α.
/// </summary>
public sealed record CellComparison(double P, int N1, int N2, double Alpha, string DeltaText, double? DeltaPercent, bool Significant, string TestText, IReadOnlyList<string> Warnings);

/// <summary>
/// One benchmark under one column: its sorted values, summary and comparison with the baseline column, and how many
/// values lie beyond Tukey's fences (1.5 IQR outside the quartiles). benchstat keeps outliers and does not mention
/// them, so the count shows in JSON and Markdown only, keeping text and CSV identical to benchstat's.
/// </summary>
public sealed record ComparisonCell(string Column, IReadOnlyList<double> Values, SampleSummary Summary, CellComparison? Comparison, IReadOnlyList<string> SampleWarnings, int Outliers = 0);

/// <summary>A benchmark row: one cell per column (null where that column has no such benchmark).</summary>
public sealed record ComparisonRow(string Name, IReadOnlyList<ComparisonCell?> Cells);

/// <summary>The geomean row's entry for one column: geomean of the centres, and of the ratios to the baseline.</summary>
public sealed record ColumnSummary(string Column, double? Geomean, double? Ratio, IReadOnlyList<string> Warnings);

/// <summary>All results of one configuration and one unit.</summary>
public sealed record ComparisonTable(
    IReadOnlyList<ConfigEntry> Config,
    string Unit,
    UnitAssumption Assumption,
    IReadOnlyList<string> Columns,
    IReadOnlyList<ComparisonRow> Rows,
    IReadOnlyList<ColumnSummary> Summary);

/// <summary>A whole comparison: the tables in order, the settings used, and notes on the inputs.</summary>
public sealed record ComparisonReport(
    IReadOnlyList<ComparisonTable> Tables,
    double Alpha,
    double Confidence,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Notes);
