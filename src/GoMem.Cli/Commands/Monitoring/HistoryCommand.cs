using System.CommandLine;
using GoMem.Cli.Infrastructure;
using GoMem.Output.Monitoring;
using GoMem.Sources;

namespace GoMem.Cli.Commands.Monitoring;

/// <summary><c>gomem history --store DB [--target NAME] [--since 1h]</c>: the runtime statistics gomem watch stored.</summary>
internal static class HistoryCommand
{
    public static Command Create(CliContext context)
    {
        var store = new Option<string>("--store") { Description = "The store gomem watch fills (an SQLite file or a postgres:// URL).", DefaultValueFactory = _ => "gomem.db" };
        var target = new Option<string?>("--target") { Description = "One target (job/instance, instance or a label value); default: every target." };
        var since = new Option<string>("--since") { Description = "How far back: a duration (1h, 30m, 3d) or a time (RFC 3339); older than the raw samples, the rollups retention keeps.", DefaultValueFactory = _ => "1h" };
        var until = new Option<string>("--until") { Description = "The end of the span (RFC 3339, 'now', -10m).", DefaultValueFactory = _ => "now" };
        var format = OutputOptions.Format("Output format: text (a table per target, events between the rows) or json.");
        var output = OutputOptions.Output();
        var command = new Command("history", "Show the runtime statistics gomem watch stored: RSS, heap, next GC, stacks, goroutines, GC CPU and pause p99 per cycle, with restarts and outages.")
        {
            store, target, since, until, format, output,
        };
        ExamplesHelpAction.WithExamples(
            command,
            "gomem history --store gomem.db",
            "gomem history --store gomem.db --target api/127.0.0.1:6060 --since 6h",
            "gomem history --store gomem.db --target api/127.0.0.1:6060 --since 30d --format json   # hourly and per-minute rollups, then every sample",
            "gomem history --since 2026-12-04T08:00:00Z --until 2026-12-04T09:00:00Z --format json");
        command.SetAction(result => CommandRunner.Run(context.Stderr, result, () =>
        {
            var outputTarget = OutputTarget.From(context, result, format, output);
            var to = StoreSelection.Time(result.GetValue(until)!, "--until");
            var from = StoreSelection.Since(result.GetValue(since)!, to);
            var path = result.GetValue(store)!;
            using var opened = StoreSelection.Open(path);
            var series = StoredSeriesSource.Read(opened, path, result.GetValue(target), from, to);
            outputTarget.Write(new Renderings()
                .Text(w => StoredSeriesTextRenderer.Write(w, series))
                .Json(s => StoredSeriesJsonRenderer.Write(s, series)));
            return ExitCodes.Success;
        }));
        return command;
    }
}
