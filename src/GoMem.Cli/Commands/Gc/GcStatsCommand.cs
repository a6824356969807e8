using System.CommandLine;
using GoMem.Cli.Infrastructure;
using GoMem.Gc.Analysis;
using GoMem.Output.Gc;

namespace GoMem.Cli.Commands.Gc;

/// <summary><c>gomem gc stats LOG...</c>: pauses, GC CPU, heap and live-heap trend from gctrace logs.</summary>
internal static class GcStatsCommand
{
    public static Command Create(CliContext context)
    {
        var logs = new Argument<string[]>("logs")
        {
            Description = "gctrace logs (the program's standard error under GODEBUG=gctrace=1; plain or gzip). Several files are read in order; none, or '-', reads standard input.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var follow = new Option<bool>("--follow") { Description = "Keep reading a growing log: print each new cycle as it is written, and the statistics when stopped (Ctrl-C)." };
        var idle = new Option<double?>("--follow-idle") { Description = "With --follow: stop after this many seconds without a new line (for scripts)." };
        var format = new Option<string>("--format", "-f")
        {
            Description = "Output format: text, json (for machines) or html (a self-contained page with timeline charts; also chosen by -o NAME.html).",
            DefaultValueFactory = _ => "text",
        }.AcceptOnlyFromAmong("text", "json", "html");
        var timeline = new Option<bool>("--timeline") { Description = "With --format json: include every cycle (heap, goal, pause) in a \"timeline\" array." };
        var output = OutputOptions.Output();
        var command = new Command("stats", "GC statistics from gctrace logs: cycles and rate, stop-the-world pause percentiles, concurrent mark time, GC CPU split into assist/background/idle, heap sizes and goal, the live-heap trend, and findings.")
        {
            logs, follow, idle, format, timeline, output,
        };
        ExamplesHelpAction.WithExamples(
            command,
            "GODEBUG=gctrace=1 ./server 2> gc.log; gomem gc stats gc.log",
            "gomem gc stats gc.log -o gc-report.html",
            "gomem gc stats gc.log --format json",
            "kubectl logs deploy/api | gomem gc stats",
            "gomem gc stats --follow /var/log/api/stderr.log");
        command.SetAction(result => CommandRunner.Run(context.Stderr, () =>
        {
            var paths = result.GetValue(logs) ?? [];
            var path = result.GetValue(output);
            var chosen = result.GetValue(format) ?? "text";
            if (chosen == "text" && result.GetResult(format) is null or { Implicit: true } && path is not null && (path.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".htm", StringComparison.OrdinalIgnoreCase)))
            {
                chosen = "html";
            }

            if (chosen == "html" && (string.IsNullOrEmpty(path) || path == "-") && context.StdoutIsTerminal)
            {
                throw new UsageException("an HTML report goes to a file: add -o gc-report.html");
            }

            var trace = result.GetValue(follow)
                ? GcLogFollower.Follow(context, paths, result.GetValue(idle), chosen == "text" && (string.IsNullOrEmpty(path) || path == "-") ? context.Stdout : context.Stderr)
                : GcLogInput.Read(paths);
            var report = GcStatsAnalysis.Analyze(trace);
            GcOutput.Write(context, path, chosen,
                writer => GcStatsTextRenderer.Write(writer, report),
                stream => GcStatsJsonRenderer.Write(stream, report, result.GetValue(timeline)),
                stream => GcStatsHtmlRenderer.Write(stream, report));
            return ExitCodes.Success;
        }));
        return command;
    }
}
