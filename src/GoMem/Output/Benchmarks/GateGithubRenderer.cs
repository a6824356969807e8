using GoMem.Benchmarks.Gate;
using GoMem.Output.Ci;

namespace GoMem.Output.Benchmarks;

/// <summary>The gate's report as GitHub Actions workflow commands: one <c>::error</c> per regression (a line starting with "::" on stdout).</summary>
public static class GateGithubRenderer
{
    public static void Write(TextWriter writer, GateReport report)
    {
        foreach (var check in report.Regressions)
        {
            writer.Write($"::error title={GithubCommands.Property($"benchmark regression: {check.Benchmark} {check.Unit}")}::{GithubCommands.Data(check.Message)}\n");
        }
    }
}
