using System.CommandLine;
using GoMem.Cli.Infrastructure;
using GoMem.Monitoring.Alerting;
using GoMem.Output.Monitoring;
using GoMem.Sources;

namespace GoMem.Cli.Commands.Monitoring;

/// <summary><c>gomem alerts --store DB [--target T] [--state firing|pending|resolved|all] [--since 24h]</c>: the alerts gomem watch's rules raised.</summary>
internal static class AlertsCommand
{
    public static Command Create(CliContext context)
    {
        var store = new Option<string>("--store") { Description = "The store gomem watch fills (an SQLite file or a postgres:// URL).", DefaultValueFactory = _ => "gomem.db" };
        var target = new Option<string?>("--target") { Description = "One target (job/instance, instance or a label value); default: every target." };
        var state = new Option<string>("--state") { Description = "Which alerts: firing, pending, resolved or all.", DefaultValueFactory = _ => "all" };
        state.AcceptOnlyFromAmong("firing", "pending", "resolved", "all");
        var since = new Option<string>("--since") { Description = "How far back resolved alerts are listed: a duration (24h, 30m, 7d) or a time (RFC 3339); pending and firing ones are always listed.", DefaultValueFactory = _ => "24h" };
        var format = OutputOptions.Format("Output format: text (one row per alert, firing first) or json.");
        var output = OutputOptions.Output();
        var command = new Command("alerts", "List the alerts gomem watch's rules raised: firing and pending now, and resolved lately, with their labels, times, values and summaries.")
        {
            store, target, state, since, format, output,
        };
        ExamplesHelpAction.WithExamples(
            command,
            "gomem alerts --store gomem.db",
            "gomem alerts --store gomem.db --state firing --format json",
            "gomem alerts --store postgres://gomem@db.internal:5432/gomem --target api/10.0.0.7:6060 --since 7d");
        command.SetAction(result => CommandRunner.Run(context.Stderr, result, () =>
        {
            var outputTarget = OutputTarget.From(context, result, format, output);
            var from = StoreSelection.Since(result.GetValue(since)!, DateTimeOffset.UtcNow);
            var path = result.GetValue(store)!;
            using var opened = StoreSelection.Open(path);
            var alerts = StoredAlertSource.Read(opened, path, result.GetValue(target), AlertStateText.Parse(result.GetValue(state)!), from);
            outputTarget.Write(new Renderings()
                .Text(w => AlertListTextRenderer.Write(w, alerts))
                .Json(s => AlertListJsonRenderer.Write(s, alerts)));
            return ExitCodes.Success;
        }));
        return command;
    }
}
