using System.CommandLine;
using GoMem.Cli.Infrastructure;
using GoMem.Gc.Analysis;
using GoMem.Gc.Model;
using GoMem.Output.Gc;
using GoMem.Sources;

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
        var idle = new Option<double?>("--follow-idle") { Description = "With --follow: stop after this long without a new line, for scripts (a Go duration: 30s, 5m; a bare number is seconds).", CustomParser = result => DurationOption.Seconds(result) };
        var format = OutputOptions.Format("Output format: text, json (for machines) or html (a self-contained page with timeline charts; also chosen by -o NAME.html).", "text", "json", "html");
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
        command.SetAction(result => CommandRunner.Run(context.Stderr, result, () =>
        {
            var paths = result.GetValue(logs) ?? [];
            var target = OutputTarget.From(context, result, format, output);
            var trace = result.GetValue(follow)
                ? Follow(paths, result.GetValue(idle), target.Format == "text" && target.Path is null ? context.Stdout : context.Stderr)
                : Read(context, paths);
            var report = GcStatsAnalysis.Analyze(trace);
            target.Write(new Renderings()
                .Text(w => GcStatsTextRenderer.Write(w, report))
                .Json(s => GcStatsJsonRenderer.Write(s, report, result.GetValue(timeline)))
                .Html(s => GcStatsHtmlRenderer.Write(s, report)));
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The logs given, or standard input (said at a terminal, rather than waiting in silence).</summary>
    internal static GcTrace Read(CliContext context, string[] paths)
    {
        StandardInput.Announce(context, paths, "a GODEBUG=gctrace=1 log");
        return GcTraceSource.Read(paths);
    }

    /// <summary>--follow: prints each new cycle as it is written, until Ctrl-C or --follow-idle seconds of quiet.</summary>
    private static GcTrace Follow(string[] paths, double? idleSeconds, TextWriter progress)
    {
        if (paths.Length != 1 || paths[0] == "-")
        {
            throw new UsageException("--follow reads one growing log file: name exactly one");
        }

        if (idleSeconds is <= 0 or > 86_400)
        {
            throw new UsageException("--follow-idle must be at most 24h");
        }

        using var stop = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            return GcLogFollower.Follow(
                paths[0],
                idleSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                cycle =>
                {
                    GcCycleTextRenderer.Write(progress, cycle);
                    progress.Flush();
                },
                cyclesSoFar =>
                {
                    progress.Write($"gomem: following {paths[0]} ({cyclesSoFar} cycles so far); Ctrl-C for the statistics\n");
                    progress.Flush();
                },
                stop.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
