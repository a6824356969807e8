using GoMem.Benchmarks.Gate;
using GoMem.Benchmarks.Units;
using GoMem.Output.Markdown;
using GoMem.Output.Text;

namespace GoMem.Output.Benchmarks;

/// <summary>The gate's report for a pull-request comment or $GITHUB_STEP_SUMMARY: a verdict heading and a table of every check.</summary>
public static class GateMarkdownRenderer
{
    public static void Write(TextWriter writer, GateReport report)
    {
        var regressions = report.Regressions;
        writer.Write(regressions.Count == 0 ? "### ✅ gomem bench gate: no regression\n\n" : $"### ❌ gomem bench gate: {regressions.Count} regression{(regressions.Count == 1 ? "" : "s")}\n\n");
        writer.Write($"`{Code(report.OldLabel)}` → `{Code(report.NewLabel)}`, limits {string.Join(", ", report.Thresholds.Select(t => $"`{Code(t)}`"))}, α = {GoFormat.Shortest(report.Alpha)}\n\n");
        writer.Write("| | benchmark | unit | old | new | change | p | limit |\n| --- | --- | --- | ---: | ---: | ---: | ---: | --- |\n");
        foreach (var check in report.Checks.OrderBy(c => c.Status switch { GateStatus.Regression => 0, GateStatus.NotSignificant => 1, GateStatus.Missing => 2, _ => 3 }))
        {
            var icon = check.Status switch
            {
                GateStatus.Regression => "❌",
                GateStatus.NotSignificant => "〰️",
                GateStatus.Missing => "➖",
                _ => "✅",
            };
            var scaler = UnitScaler.Common(new[] { check.Old ?? 0, check.New ?? 0 }, BenchmarkUnits.ClassOf(check.Unit));
            writer.Write($"| {icon} | {MarkdownText.Escape(check.Benchmark)} | {MarkdownText.Escape(check.Unit)} | {(check.Old is { } o ? scaler.Format(o) : "")} | {(check.New is { } n ? scaler.Format(n) : "")} | {(check.ChangePercent is { } c ? GoFormat.SignedFixed(c, 2) + "%" : "")} | {(check.P is { } p ? GoFormat.Fixed(p, 3) : "")} | {MarkdownText.Escape(check.Threshold)} |\n");
        }
    }

    private static string Code(string text) => text.Replace("`", "'", StringComparison.Ordinal);
}
