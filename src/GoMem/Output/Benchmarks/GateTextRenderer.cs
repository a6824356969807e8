using GoMem.Benchmarks.Gate;
using GoMem.Output.Text;

namespace GoMem.Output.Benchmarks;

/// <summary>The gate's report on a terminal: the checks that did not pass, then the verdict.</summary>
public static class GateTextRenderer
{
    public static void Write(TextWriter writer, GateReport report)
    {
        var regressions = report.Regressions;
        writer.Write($"gomem bench gate: {report.OldLabel} → {report.NewLabel}, limits {string.Join(" ", report.Thresholds)}, α={GoFormat.Shortest(report.Alpha)}\n");
        foreach (var check in report.Checks.Where(c => c.Status != GateStatus.Pass))
        {
            var mark = check.Status switch
            {
                GateStatus.Regression => "FAIL",
                GateStatus.NotSignificant => "noise",
                _ => "note",
            };
            writer.Write($"  {mark,-5} {check.Message}\n");
        }

        var passed = report.Checks.Count(c => c.Status == GateStatus.Pass);
        writer.Write(regressions.Count == 0
            ? $"PASS: no regression in {report.Checks.Count} checks ({passed} within limits)\n"
            : $"FAIL: {regressions.Count} regression{(regressions.Count == 1 ? "" : "s")} in {report.Checks.Count} checks\n");
    }
}
