using System.CommandLine;
using GoMem.Cli.Infrastructure;
using GoMem.Monitoring.Alerting;
using GoMem.Monitoring.Exports;
using GoMem.Output.Monitoring;
using GoMem.Output.Profiles;
using GoMem.Profiles.Writing;
using GoMem.Sources;

namespace GoMem.Cli.Commands.Monitoring;

/// <summary>
/// <c>gomem export profile</c>: a stored (or any) profile written back as profile.proto, for go tool pprof and other
/// tools; <c>gomem export prometheus-rules</c> and <c>gomem export grafana</c>: GoMem's thresholds and figures for an
/// existing Prometheus and Grafana; <c>gomem export alert-rules</c>: the rules gomem watch evaluates, as a file to edit.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(CliContext context) => new("export", "Write GoMem's data in other tools' formats.")
    {
        Profile(context),
        PrometheusRules(context),
        AlertRules(context),
        Grafana(context),
    };

    private static Command AlertRules(CliContext context)
    {
        var format = OutputOptions.Format("Output format: yaml (the rule file gomem watch --rules reads, with comments) or json (the same rules as JSON, which --rules reads too).", "yaml", "json");
        var output = OutputOptions.Output();
        var command = new Command("alert-rules", "Write the alert rules gomem watch evaluates by default (heap and goroutine leak verdicts, memory near its limit and its forecast, GOMEMLIMIT, goroutines, GC CPU and pauses, restarts, targets down) as a rule file to edit and pass to gomem watch --rules.")
        {
            format, output,
        };
        ExamplesHelpAction.WithExamples(
            command,
            "gomem export alert-rules -o gomem-alerts.yml && gomem watch --config targets.yaml --rules gomem-alerts.yml");
        command.SetAction(result => CommandRunner.Run(context.Stderr, result, () =>
        {
            var target = OutputTarget.From(context, result, format, output);
            target.Write(new Renderings()
                .Text("yaml", w => AlertRulesYamlRenderer.Write(w, BuiltInAlertRules.All))
                .Json(s => AlertRulesJsonRenderer.Write(s, BuiltInAlertRules.All)));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Grafana(CliContext context)
    {
        var format = OutputOptions.Format("Output format: json (Grafana's dashboard model, to import).", "json");
        var output = OutputOptions.Output();
        var command = new Command("grafana", "Write a Grafana dashboard (JSON to import) over Prometheus: a data source variable, job and instance variables, gomem watch's per-target figures and open findings, the same figures from the services' client_golang /metrics, the collector's health, and firing alerts and restarts as annotations.")
        {
            format, output,
        };
        ExamplesHelpAction.WithExamples(command, "gomem export grafana -o gomem-dashboard.json   # then Dashboards > New > Import in Grafana");
        command.SetAction(result => CommandRunner.Run(context.Stderr, result, () =>
        {
            var target = OutputTarget.From(context, result, format, output);
            target.Write(new Renderings().Json(s => GrafanaDashboardJsonRenderer.Write(s, GrafanaDashboard.Model)));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command PrometheusRules(CliContext context)
    {
        var format = OutputOptions.Format("Output format: yaml (a Prometheus rule file, with comments) or json (the same rule file as JSON, which Prometheus also loads).", "yaml", "json");
        var output = OutputOptions.Output();
        var command = new Command("prometheus-rules", "Write GoMem's threshold rules as a Prometheus rule file, over client_golang's metric names (RSS near the memory limit and its 4-hour forecast, heap at GOMEMLIMIT, goroutines, GC CPU, GC pauses, restarts, targets down) and gomem watch's open leak findings.")
        {
            format, output,
        };
        ExamplesHelpAction.WithExamples(
            command,
            "gomem export prometheus-rules -o /etc/prometheus/gomem-rules.yml && promtool check rules /etc/prometheus/gomem-rules.yml");
        command.SetAction(result => CommandRunner.Run(context.Stderr, result, () =>
        {
            var target = OutputTarget.From(context, result, format, output);
            var groups = BuiltInPrometheusRules.Groups;
            target.Write(new Renderings()
                .Text("yaml", w => PrometheusRulesYamlRenderer.Write(w, groups))
                .Json(s => PrometheusRulesJsonRenderer.Write(s, groups)));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static Command Profile(CliContext context)
    {
        var profile = new Argument<string?>("profile") { Description = "A profile file or URL to convert (legacy ?debug=1 text becomes profile.proto); or none, with --store.", Arity = ArgumentArity.ZeroOrOne };
        var stored = new StoreSelection();
        var format = OutputOptions.Format("Output format: pb.gz (gzipped profile.proto, as Go serves it), pb (uncompressed) or json (a summary of what it holds).", "pb.gz", "pb", "json");
        var output = OutputOptions.Output();
        var command = new Command("profile", "Write a profile that gomem watch stored (or any profile GoMem reads) as profile.proto, so go tool pprof, Pyroscope or Parca can open it.")
        {
            profile, format, output,
        };
        stored.AddTo(command);
        ExamplesHelpAction.WithExamples(
            command,
            "gomem export profile --store gomem.db --target api/127.0.0.1:6060 --at -2h -o heap.pb.gz && go tool pprof -top heap.pb.gz",
            "gomem export profile heap.debug1.txt -o heap.pb.gz");
        command.SetAction(result => CommandRunner.Run(context.Stderr, result, () =>
        {
            var target = OutputTarget.From(context, result, format, output);
            stored.RequireProfileOrStore(result, result.GetValue(profile));
            StandardInput.Announce(context, result.GetValue(profile), "a heap, allocs or goroutine profile");

            var read = result.GetValue(profile) is { } argument ? ProfileSource.Read(argument) : stored.Read(result);
            target.Write(new Renderings()
                .Binary("pb.gz", s => ProfileProtoEncoder.Write(read, s))
                .Binary("pb", s => ProfileProtoEncoder.WriteUncompressed(read, s))
                .Json(s => ProfileSummaryJsonRenderer.Write(s, read)));
            return ExitCodes.Success;
        }));
        return command;
    }
}
