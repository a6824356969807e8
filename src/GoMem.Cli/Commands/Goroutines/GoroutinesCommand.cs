using System.CommandLine;
using GoMem.Cli.Infrastructure;
using GoMem.Goroutines;
using GoMem.Output.Goroutines;
using GoMem.Sources;

namespace GoMem.Cli.Commands.Goroutines;

/// <summary><c>gomem goroutines DUMP</c>: goroutines grouped by stack, top function or creation site, with states and wait times.</summary>
internal static class GoroutinesCommand
{
    public static Command Create(CliContext context)
    {
        var dump = new Argument<string>("dump")
        {
            Description = "A goroutine dump: /debug/pprof/goroutine (proto), ?debug=1, ?debug=2, or a panic/SIGQUIT crash log; \"-\" for stdin; a URL is fetched (http://127.0.0.1:6060 means its ?debug=2 dump).",
        };
        var by = new Option<string>("--by")
        {
            Description = "Group by: stack (identical stack and creator), top (the function each goroutine is parked in), created-by (the go statement that started it).",
            DefaultValueFactory = _ => "stack",
        }.AcceptOnlyFromAmong("stack", "top", "created-by");
        var ignoreTop = new Option<string[]>("--ignore-top")
        {
            Description = "Hide goroutines parked in this function (repeatable), as goleak's IgnoreTopFunction. Hidden by default: goroutines of the runtime alone, and tops " +
                string.Join(", ", GoroutineReportOptions.DefaultIgnoredTops) + ".",
            AllowMultipleArgumentsPerToken = false,
        };
        var all = new Option<bool>("--all") { Description = "Show every goroutine: no default ignore list (--ignore-top still applies)." };
        var top = new Option<int>("--top", "-n") { Description = "Show at most this many groups (0: all).", DefaultValueFactory = _ => 20 };
        var format = OutputOptions.Format("Output format: text (groups with stacks) or json (for machines).");
        var output = OutputOptions.Output();
        var command = new Command("goroutines", "Group the goroutines of a dump by stack, top function or creation site, with counts, states, wait minutes and creators, largest first.")
        {
            dump, by, ignoreTop, all, top, format, output,
        };
        ExamplesHelpAction.WithExamples(
            command,
            "gomem goroutines goroutine.debug2.txt",
            "curl -s 'http://127.0.0.1:6060/debug/pprof/goroutine?debug=2' | gomem goroutines -",
            "gomem goroutines --by created-by crash.log",
            "gomem goroutines --by top --ignore-top net/http.(*persistConn).readLoop goroutine.pb.gz --format json");
        command.SetAction(result => CommandRunner.Run(context.Stderr, result, () =>
        {
            var max = result.GetValue(top);
            if (max < 0)
            {
                throw new UsageException("--top must be 0 (all) or more");
            }

            var options = new GoroutineReportOptions
            {
                Grouping = result.GetValue(by) switch
                {
                    "top" => GoroutineGrouping.TopFunction,
                    "created-by" => GoroutineGrouping.CreationSite,
                    _ => GoroutineGrouping.Stack,
                },
                IgnoredTops = result.GetValue(ignoreTop) ?? [],
                UseDefaultIgnores = !result.GetValue(all),
                MaxGroups = max,
            };
            var target = OutputTarget.From(context, result, format, output);
            StandardInput.Announce(context, result.GetValue(dump), "a goroutine dump");
            var report = GoroutineReport.Analyze(GoroutineDumpSource.Read(result.GetValue(dump)!), options);
            target.Write(new Renderings()
                .Text(w => GoroutineTextRenderer.Write(w, report))
                .Json(s => GoroutineJsonRenderer.Write(s, report)));
            return ExitCodes.Success;
        }));
        return command;
    }
}
