using System.CommandLine;
using GoMem.Benchmarks.Scaling;
using GoMem.Cli.Infrastructure;
using GoMem.Output.Benchmarks;

namespace GoMem.Cli.Commands.Bench;

/// <summary><c>gomem bench scaling FILE</c>: complexity of each unit against a size sub-benchmark parameter.</summary>
internal static class BenchScalingCommand
{
    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("files") { Description = "Benchmark output with size sub-benchmarks (BenchmarkX/n=16, /size=1024, /1k, /4MB).", Arity = ArgumentArity.OneOrMore };
        var format = OutputOptions.Format("Output format: text or json.");
        var output = OutputOptions.Output();
        var command = new Command("scaling", "Fit each unit against the input size on log-log axes: exponent, R², complexity class O(1) to O(n³); exit 1 when B/op or allocs/op grow faster than linearly.")
        {
            files, format, output,
        };
        ExamplesHelpAction.WithExamples(command, "gomem bench scaling concat.txt", "gomem bench scaling concat.txt --format json");
        command.SetAction(result => CommandRunner.Run(context.Stderr, result, () =>
        {
            var target = OutputTarget.From(context, result, format, output);
            var report = ScalingAnalysis.Analyze(BenchInputs.Read(context, result.GetValue(files) ?? []));
            target.Write(new Renderings()
                .Text(w => ScalingTextRenderer.Write(w, report))
                .Json(s => ScalingJsonRenderer.Write(s, report)));
            return report.Alarms.Any() ? ExitCodes.Finding : ExitCodes.Success;
        }));
        return command;
    }
}
