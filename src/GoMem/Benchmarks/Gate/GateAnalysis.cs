using GoMem.Benchmarks.Comparison;
using GoMem.Benchmarks.Units;
using GoMem.Output.Text;

namespace GoMem.Benchmarks.Gate;

/// <summary>
/// Decides which benchmarks regressed between two result sets. A check fails when the new centre exceeds the
/// unit's limit and the change is real: significant by the U-test at α, or, for values that do not vary at all
/// within each side (allocs/op and B/op usually), simply different, since deterministic counts need no test.
/// </summary>
public static class GateAnalysis
{
    public static GateReport Analyze(ComparisonReport comparison, IReadOnlyList<GateThreshold> thresholds)
    {
        if (comparison.Inputs.Count != 2)
        {
            throw new ArgumentException("the gate compares exactly two inputs: OLD NEW");
        }

        var checks = new List<GateCheck>();
        foreach (var table in comparison.Tables)
        {
            var threshold = thresholds.LastOrDefault(t => t.Unit == table.Unit);
            if (threshold is null)
            {
                continue;
            }

            var config = table.Config.Select(c => new Config(c.Key, c.Value)).ToList();
            var unitClass = BenchmarkUnits.ClassOf(table.Unit);
            foreach (var row in table.Rows)
            {
                var oldCell = row.Cells[0];
                var newCell = row.Cells.Count > 1 ? row.Cells[1] : null;
                if (oldCell is null || newCell is null)
                {
                    var side = oldCell is null ? "new: not in the baseline" : "missing from the new results";
                    checks.Add(new GateCheck(row.Name, table.Unit, config, oldCell?.Summary.Center, newCell?.Summary.Center, null, null, false, threshold.Text, null, GateStatus.Missing, $"{row.Name}: {side}"));
                    continue;
                }

                checks.Add(Check(row.Name, table, config, oldCell, newCell, threshold, unitClass, comparison.Alpha));
            }
        }

        return new GateReport(checks, thresholds.Select(t => t.Text).ToList(), comparison.Alpha, comparison.Inputs[0], comparison.Inputs[1]);
    }

    private static GateCheck Check(string name, ComparisonTable table, List<Config> config, ComparisonCell oldCell, ComparisonCell newCell, GateThreshold threshold, UnitClass unitClass, double alpha)
    {
        var oldCenter = oldCell.Summary.Center;
        var newCenter = newCell.Summary.Center;
        var limit = threshold.Limit(oldCenter);
        var change = oldCenter == 0 ? (double?)null : ((newCenter / oldCenter) - 1) * 100;
        var deterministic = Constant(oldCell.Values) && Constant(newCell.Values);
        var p = newCell.Comparison?.P;
        var significant = deterministic ? oldCenter != newCenter : p is { } value && value < alpha;
        var over = newCenter > limit;
        var status = !over ? GateStatus.Pass : significant ? GateStatus.Regression : GateStatus.NotSignificant;
        var scaler = UnitScaler.Common([oldCenter, newCenter], unitClass);
        var changeText = change is { } c ? GoFormat.SignedFixed(c, 2) + "%" : "was 0";
        var evidence = deterministic ? "constant in every run" : $"p={GoFormat.Fixed(p ?? 1, 3)}";
        var message = status switch
        {
            GateStatus.Regression => $"{name}: {table.Unit} {scaler.Format(oldCenter)} → {scaler.Format(newCenter)} ({changeText}, {evidence}) exceeds {threshold.Text}",
            GateStatus.NotSignificant => $"{name}: {table.Unit} {scaler.Format(oldCenter)} → {scaler.Format(newCenter)} ({changeText}) over {threshold.Text} but not significant ({evidence}, α={GoFormat.Shortest(alpha)})",
            _ => $"{name}: {table.Unit} {scaler.Format(oldCenter)} → {scaler.Format(newCenter)} within {threshold.Text}",
        };
        return new GateCheck(name, table.Unit, config, oldCenter, newCenter, change, p, significant, threshold.Text, limit, status, message);
    }

    private static bool Constant(IReadOnlyList<double> values)
    {
        for (var i = 1; i < values.Count; i++)
        {
            if (values[i] != values[0])
            {
                return false;
            }
        }

        return true;
    }
}
