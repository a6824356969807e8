using System.Globalization;
using GoMem.Benchmarks.Units;
using GoMem.Output.Text;
using GoMem.Statistics;

namespace GoMem.Benchmarks.Comparison;

/// <summary>
/// Summaries and comparisons of table cells, with benchstat's warnings and texts: median ± CI and the U-test for
/// ordinary units, the mode and a warning on any variation for exact units, and the geomean row.
/// </summary>
internal static class CellStatistics
{
    private const string VaryInFile = "benchmarks vary in .file";
    private const string VaryInName = "benchmarks vary in .fullname";
    private const string VaryInBoth = "benchmarks vary in .file, .fullname";

    public static ComparisonTable BuildTable(
        TableBuilder table,
        List<ConfigEntry> config,
        UnitAssumption assumption,
        List<string> columns,
        List<string> rows,
        CompareOptions options,
        bool trackFullName,
        bool trackFile)
    {
        var builtRows = new List<ComparisonRow>(rows.Count);
        foreach (var row in rows)
        {
            var cells = new ComparisonCell?[columns.Count];
            double[]? baseValues = null;
            SampleSummary? baseSummary = null;
            for (var c = 0; c < columns.Count; c++)
            {
                if (!table.Cells.TryGetValue((row, columns[c]), out var raw))
                {
                    continue;
                }

                var values = raw.ToArray();
                Array.Sort(values);
                var summary = Summarize(values, assumption, options.Confidence);
                CellComparison? comparison = null;
                if (c == 0)
                {
                    baseValues = values;
                    baseSummary = summary;
                }
                else if (baseValues is not null && baseSummary is not null)
                {
                    comparison = Compare(baseValues, values, baseSummary.Center, summary.Center, assumption, options.Alpha);
                }

                cells[c] = new ComparisonCell(columns[c], values, summary, comparison, ResidueWarnings(raw, trackFullName, trackFile), Outliers(values, assumption));
            }

            builtRows.Add(new ComparisonRow(row, cells));
        }

        return new ComparisonTable(config, table.Unit, assumption, columns, builtRows, SummarizeColumns(columns, builtRows));
    }

    public static SampleSummary Summarize(double[] sorted, UnitAssumption assumption, double confidence)
    {
        if (assumption == UnitAssumption.Exact)
        {
            // The mode (the first of the longest runs), so a stray value still gives a sensible figure.
            double value = sorted[0], mode = sorted[0];
            int run = 1, modeRun = 1;
            for (var i = 1; i < sorted.Length; i++)
            {
                if (sorted[i] == value)
                {
                    run++;
                    if (run > modeRun)
                    {
                        mode = value;
                        modeRun = run;
                    }
                }
                else
                {
                    value = sorted[i];
                    run = 1;
                }
            }

            var warnings = modeRun == sorted.Length
                ? []
                : new[] { $"exact distribution expected, but values range from {GoFormat.Shortest(sorted[0])} to {GoFormat.Shortest(sorted[^1])}" };
            return new SampleSummary(mode, sorted[0], sorted[^1], 1, sorted.Length, RangeText(mode, sorted[0], sorted[^1]), warnings);
        }

        var interval = MedianConfidenceInterval.ForQuantile(sorted.Length, 0.5, confidence);
        var median = MedianConfidenceInterval.Median(sorted);
        var (lo, hi) = interval.Bounds(sorted);
        IReadOnlyList<string> notes = [];
        if (double.IsInfinity(lo) || double.IsInfinity(hi))
        {
            var need = MedianConfidenceInterval.MinimumSamples(confidence);
            notes = [need is { } n
                ? $"need >= {n} samples for confidence interval at level {GoFormat.Shortest(confidence)}"
                : $"need > 50 samples for confidence interval at level {GoFormat.Shortest(confidence)}"];
        }

        return new SampleSummary(median, lo, hi, interval.Confidence, sorted.Length, RangeText(median, lo, hi), notes);
    }

    /// <summary>The CI's half-width as a percentage of the centre: "∞" when unbounded, "?" when it crosses zero or is not a number.</summary>
    public static string RangeText(double center, double lo, double hi)
    {
        // The reader leaves NaN out; a NaN reaching here (a library caller's values) still must not throw from Math.Sign.
        if (double.IsNaN(center) || double.IsNaN(lo) || double.IsNaN(hi))
        {
            return "?";
        }

        if (double.IsInfinity(lo) || double.IsInfinity(hi))
        {
            return "∞";
        }

        var sign = Math.Sign(center);
        if (sign != Math.Sign(lo) || sign != Math.Sign(hi))
        {
            return "?";
        }

        if (center == 0)
        {
            return "0%";
        }

        var percent = 100 * Math.Max((hi / center) - 1, 1 - (lo / center));

        // The same few percentages recur across 100,000 cells: one string each. Go's %.0f rounds half to even, as
        // Math.Round does on the exact double; negative (and -0) values take the general path.
        var rounded = Math.Round(percent, MidpointRounding.ToEven);
        return rounded < PercentTexts.Length && percent >= 0 && !double.IsNegative(percent)
            ? PercentTexts[(int)rounded]
            : GoFormat.Fixed(percent, 0) + "%";
    }

    private static readonly string[] PercentTexts = [.. Enumerable.Range(0, 1000).Select(i => i.ToString(CultureInfo.InvariantCulture) + "%")];

    public static CellComparison Compare(double[] baseline, double[] values, double oldCenter, double newCenter, UnitAssumption assumption, double alpha)
    {
        double p;
        List<string>? warnings = null;
        if (assumption == UnitAssumption.Exact)
        {
            // Exact values need no test: any difference is real.
            p = 0;
            alpha = 0;
        }
        else
        {
            var test = MannWhitneyU.Test(baseline, values);
            if (test.FailureMessage is { } failure)
            {
                p = 1;
                (warnings ??= []).Add(failure);
            }
            else
            {
                p = test.P;
            }

            if (p > alpha)
            {
                var (op, need) = SamplesToDetect(alpha);
                if (baseline.Length < need && values.Length < need)
                {
                    (warnings ??= []).Add($"need {op} {need} samples to detect a difference at alpha level {GoFormat.Shortest(alpha)}");
                }
            }
        }

        string delta;
        double? percent = null;
        if (p > alpha)
        {
            delta = "~";
        }
        else if (oldCenter == newCenter)
        {
            delta = "0.00%";
            percent = 0;
        }
        else if (oldCenter == 0)
        {
            delta = "?";
        }
        else
        {
            percent = ((newCenter / oldCenter) - 1.0) * 100.0;
            delta = GoFormat.SignedFixed(percent.Value, 2) + "%";
        }

        var text = p != 0 ? "p=" + GoFormat.Fixed(p, 3) + " " : "";
        text += baseline.Length == values.Length
            ? "n=" + baseline.Length.ToString(CultureInfo.InvariantCulture)
            : "n=" + baseline.Length.ToString(CultureInfo.InvariantCulture) + "+" + values.Length.ToString(CultureInfo.InvariantCulture);
        return new CellComparison(p, baseline.Length, values.Length, alpha, delta, percent, p <= alpha, text, warnings is null ? [] : warnings);
    }

    /// <summary>Values beyond Tukey's fences (Q1 - 1.5 IQR, Q3 + 1.5 IQR), with type-7 quartiles; none below 4 values or for exact units.</summary>
    public static int Outliers(double[] sorted, UnitAssumption assumption)
    {
        if (assumption == UnitAssumption.Exact || sorted.Length < 4)
        {
            return 0;
        }

        var q1 = Quantiles.OfSorted(sorted, 0.25);
        var q3 = Quantiles.OfSorted(sorted, 0.75);
        var fence = 1.5 * (q3 - q1);
        var count = 0;
        foreach (var value in sorted)
        {
            if (value < q1 - fence || value > q3 + fence)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>The fewest samples per side with which the U-test can reach p ≤ α at all.</summary>
    private static (string Op, int N) SamplesToDetect(double alpha)
    {
        for (var n = 1; n <= 9; n++)
        {
            if (MannWhitneyU.MinimumP(n) <= alpha)
            {
                return (">=", n);
            }
        }

        return (">", 10);
    }

    private static IReadOnlyList<string> ResidueWarnings(RawCell raw, bool trackFullName, bool trackFile)
    {
        var files = trackFile && raw.FilesVary;
        var names = trackFullName && raw.NamesVary;
        return (files, names) switch
        {
            (true, true) => [VaryInBoth],
            (true, false) => [VaryInFile],
            (false, true) => [VaryInName],
            _ => [],
        };
    }

    /// <summary>
    /// Geomean of each column's centres, and of each cell's ratio to its baseline (not the ratio of geomeans, so
    /// differing benchmark sets still give a meaningful figure, with a warning).
    /// </summary>
    private static List<ColumnSummary> SummarizeColumns(List<string> columns, List<ComparisonRow> rows)
    {
        var baseCount = rows.Count(r => r.Cells[0] is not null);
        var summaries = new List<ColumnSummary>(columns.Count);
        for (var c = 0; c < columns.Count; c++)
        {
            var centers = new List<double>();
            var ratios = new List<double>();
            var badRatio = false;
            foreach (var row in rows)
            {
                if (row.Cells[c] is not { } cell)
                {
                    continue;
                }

                centers.Add(cell.Summary.Center);
                if (c > 0 && row.Cells[0] is { } baseCell)
                {
                    double a = cell.Summary.Center, b = baseCell.Summary.Center;
                    if (a == b)
                    {
                        ratios.Add(1);
                    }
                    else if (b == 0)
                    {
                        badRatio = true;
                        ratios.Add(0);
                    }
                    else
                    {
                        ratios.Add(a / b);
                    }
                }
            }

            var warnings = new List<string>();
            if (c > 0 && baseCount != ratios.Count)
            {
                warnings.Add("benchmark set differs from baseline; geomeans may not be comparable");
            }

            double? geomean = GeometricMean.Of(centers.ToArray());
            if (double.IsNaN(geomean.Value))
            {
                warnings.Add("summaries must be >0 to compute geomean");
                geomean = null;
            }

            double? ratio = null;
            if (c > 0 && !badRatio)
            {
                var r = GeometricMean.Of(ratios.ToArray());
                if (double.IsNaN(r))
                {
                    warnings.Add("ratios must be >0 to compute geomean");
                }
                else
                {
                    ratio = r;
                }
            }

            summaries.Add(new ColumnSummary(columns[c], geomean, ratio, warnings));
        }

        return summaries;
    }
}
