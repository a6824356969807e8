using System.CommandLine;
using GoMem.Benchmarks.Comparison;
using GoMem.Benchmarks.History;
using GoMem.Cli.Infrastructure;
using GoMem.Output.Benchmarks;

namespace GoMem.Cli.Commands.Bench;

/// <summary><c>gomem bench history</c> (HTML, JSON or text) and <c>gomem bench trend</c> (sparklines) over the store.</summary>
internal static class BenchHistoryCommand
{
    public static Command CreateHistory(CliContext context)
    {
        var store = BenchStoreOptions.Store();
        var filter = new Option<string?>("--filter") { Description = "Only matching series (.name, .fullname, .unit, pkg; same syntax as bench compare)." };
        var alpha = new Option<double>("--alpha") { Description = "Significance level for change points.", DefaultValueFactory = _ => 0.05 };
        var minChange = new Option<double>("--min-change") { Description = "Smallest change in % reported as a change point (counts that never vary: any change).", DefaultValueFactory = _ => 5 };
        var format = OutputOptions.Format("html (a self-contained page with a chart per series), json or text (the change points).", "html", "json", "text");
        var output = OutputOptions.Output();
        var failOnDrift = new Option<bool>("--fail-on-drift") { Description = "Exit 1 when a series drifted (for a nightly CI job: allocations that crept up commit by commit, each step under the gate)." };
        var command = new Command("history", "Every stored run per benchmark and unit: median and CI per commit, and the commits where a metric moved.")
        {
            store, filter, alpha, minChange, format, output, failOnDrift,
        };
        ExamplesHelpAction.WithExamples(command, "gomem bench history -o history.html", "gomem bench history --filter '.unit:allocs/op' --format text", "gomem bench history --filter '.unit:(B/op OR allocs/op)' --format text --fail-on-drift");
        command.SetAction(result => CommandRunner.Run(context.Stderr, result, () =>
        {
            var target = OutputTarget.From(context, result, format, output);
            var report = Load(result.GetValue(store)!, result.GetValue(filter), BenchInputs.Probability(result.GetValue(alpha), "--alpha"), result.GetValue(minChange));
            target.Write(new Renderings()
                .Html(w => HistoryHtmlRenderer.Write(w, report))
                .Json(s => HistoryJsonRenderer.Write(s, report))
                .Text(w => HistoryTextRenderer.Write(w, report)));
            return result.GetValue(failOnDrift) && report.Series.Any(s => s.Drift is not null) ? ExitCodes.Finding : ExitCodes.Success;
        }));
        return command;
    }

    public static Command CreateTrend(CliContext context)
    {
        var store = BenchStoreOptions.Store();
        var filter = new Option<string?>("--filter") { Description = "Only matching series (same syntax as bench compare)." };
        var format = OutputOptions.Format("Output format: text (sparklines) or json (the series behind them, as bench history --format json).");
        var output = OutputOptions.Output();
        var command = new Command("trend", "A sparkline per benchmark and unit over the stored runs, oldest first, with the latest median and the commits where it moved.")
        {
            store, filter, format, output,
        };
        ExamplesHelpAction.WithExamples(command, "gomem bench trend", "gomem bench trend --filter '.unit:(B/op OR allocs/op)'");
        command.SetAction(result => CommandRunner.Run(context.Stderr, result, () =>
        {
            var target = OutputTarget.From(context, result, format, output);
            var report = Load(result.GetValue(store)!, result.GetValue(filter), 0.05, 5);
            target.Write(new Renderings()
                .Text(w => HistoryTrendTextRenderer.Write(w, report))
                .Json(s => HistoryJsonRenderer.Write(s, report)));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static HistoryReport Load(string path, string? filter, double alpha, double minChange)
    {
        if (double.IsNaN(minChange) || minChange < 0)
        {
            throw new UsageException("--min-change must be a percentage ≥ 0");
        }

        using var store = BenchStoreOptions.Open(path, mustExist: true);
        return HistoryAnalysis.Analyze(store.Series(), store.Runs().Count, BenchmarkFilter.Parse(filter), alpha, minChange);
    }
}
