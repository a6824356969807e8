using System.CommandLine;
using GoMem.Benchmarks.Comparison;
using GoMem.Benchmarks.Gate;
using GoMem.Cli.Infrastructure;
using GoMem.Output.Benchmarks;

namespace GoMem.Cli.Commands.Bench;

/// <summary><c>gomem bench gate OLD NEW</c>: exit 1 when a benchmark regressed beyond its unit's threshold.</summary>
internal static class BenchGateCommand
{
    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("files") { Description = "OLD and NEW benchmark output (plain or go test -json), optionally labelled: main=a.txt pr=b.txt.", Arity = new ArgumentArity(2, 2) };
        var max = new Option<string[]>("--max") { Description = "Allowed increase per unit, repeatable: allocs/op=+0, B/op=+5%, sec/op=+10% (default: allocs/op=+0 B/op=+0 sec/op=+10%). Units not named are not gated once any --max is given." };
        var alpha = new Option<double>("--alpha") { Description = "Significance level for changes that vary run to run (time).", DefaultValueFactory = _ => 0.05 };
        var filter = new Option<string?>("--filter") { Description = "Gate only matching results (same syntax as bench compare)." };
        var summary = new Option<string?>("--summary") { Description = "Also write a Markdown summary to this file (e.g. $GITHUB_STEP_SUMMARY or a PR comment)." };
        var annotations = new Option<bool>("--annotations") { Description = "Print a GitHub Actions ::error line per regression." };
        var junit = new Option<string?>("--junit") { Description = "Also write JUnit XML (one test case per benchmark and unit) to this file." };
        var format = OutputOptions.Format("Output format: text or json.");
        var output = OutputOptions.Output();
        var command = new Command("gate", "Fail (exit 1) when a benchmark regressed: allocs/op and B/op beyond their limits (exactly, when they do not vary), time only when significant and beyond its limit.")
        {
            files, max, alpha, filter, summary, annotations, junit, format, output,
        };
        ExamplesHelpAction.WithExamples(
            command,
            "gomem bench gate main.txt pr.txt",
            "gomem bench gate main.txt pr.txt --max allocs/op=+0 --max B/op=+5% --max sec/op=+10%",
            "gomem bench gate main.txt pr.txt --annotations --summary \"$GITHUB_STEP_SUMMARY\" --junit bench.xml");
        command.SetAction(result => CommandRunner.Run(context.Stderr, result, () =>
        {
            var target = OutputTarget.From(context, result, format, output);
            var thresholds = result.GetValue(max) is { Length: > 0 } given ? [.. given.Select(GateThreshold.Parse)] : GateThreshold.Defaults;
            var options = new CompareOptions
            {
                Alpha = BenchInputs.Probability(result.GetValue(alpha), "--alpha"),
                Filter = BenchmarkFilter.Parse(result.GetValue(filter)),
            };
            var inputs = BenchInputs.Read(context, result.GetValue(files) ?? []);
            var report = GateAnalysis.Analyze(ComparisonAnalysis.Analyze(inputs, options), thresholds);
            if (result.GetValue(summary) is { Length: > 0 } summaryPath)
            {
                OutputTarget.WriteFile(summaryPath, (TextWriter w) => GateMarkdownRenderer.Write(w, report));
            }

            if (result.GetValue(junit) is { Length: > 0 } junitPath)
            {
                OutputTarget.WriteFile(junitPath, (Stream s) => GateJUnitRenderer.Write(s, report));
            }

            if (result.GetValue(annotations))
            {
                GateGithubRenderer.Write(context.Stdout, report);
            }

            target.Write(new Renderings()
                .Text(w => GateTextRenderer.Write(w, report))
                .Json(s => GateJsonRenderer.Write(s, report)));
            return report.Failed ? ExitCodes.Finding : ExitCodes.Success;
        }));
        return command;
    }
}
