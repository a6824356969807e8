using System.CommandLine;
using System.Runtime.InteropServices;
using GoMem.Cli.Infrastructure;
using GoMem.Monitoring.Alerting.Delivery;
using GoMem.Monitoring.Alerting;
using GoMem.Monitoring.Collection;
using GoMem.Monitoring.Config;
using GoMem.Monitoring.Exposition;
using GoMem.Monitoring.RemoteWrite;
using GoMem.Monitoring.Retention;
using GoMem.Output.Monitoring;
using GoMem.Sources;
using GoMem.Storage.Monitoring;

namespace GoMem.Cli.Commands.Monitoring;

/// <summary><c>gomem watch URL... | --config FILE</c>: collect live services on a schedule into the store, with online leak verdicts.</summary>
internal static class WatchCommand
{
    public static Command Create(CliContext context)
    {
        var urls = new Argument<string[]>("services")
        {
            Description = "Live Go services to watch (http://127.0.0.1:6060), for a quick start; use --config for real use.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var config = new Option<string?>("--config") { Description = "A targets file in Prometheus scrape_configs style (job_name, scrape_interval, static_configs, file_sd_configs, profiling_config)." };
        var check = new Option<bool>("--check-config") { Description = "Validate --config and print its jobs and targets, then exit (0 valid, 3 not)." };
        var every = new Option<string>("--every") { Description = "With service URLs: the collection interval (Go duration: 10s, 1m).", DefaultValueFactory = _ => "10s" };
        var store = new Option<string>("--store") { Description = "The store: an SQLite file (created on first use), or postgres://user:pass@host:port/db, shared by a fleet.", DefaultValueFactory = _ => "gomem.db" };
        var duration = new Option<string?>("--for") { Description = "Stop after this long (Go duration, e.g. 10m); default: until Ctrl-C or SIGTERM." };
        var exitOnFinding = new Option<bool>("--exit-on-finding") { Description = "Stop at the first finding that opens, with exit code 1 (for CI: run the service under load for --for, fail on a leak)." };
        var concurrency = new Option<int>("--max-concurrent") { Description = "Cycles in flight at once, over all targets.", DefaultValueFactory = _ => new CollectorOptions().MaxConcurrentCycles };
        var memoryLimit = new Option<string>("--memory-limit")
        {
            Description = "A soft limit on the collector's heap, like Go's GOMEMLIMIT: past it, garbage is collected at once (off turns it off).",
            DefaultValueFactory = _ => "192MiB",
        };
        var defaults = RetentionPolicy.Default;
        var retention = new Option<string[]>("--retention")
        {
            Description = "What the store keeps, as KEY=VALUE (repeat the option, or separate with ';'), over the config's retention section. "
                + $"profiles={defaults.Profiles}: {defaults.Profiles.Describe("every snapshot", "one per")}; "
                + $"runtime={defaults.Runtime}: {defaults.Runtime.Describe("every sample", "min/avg/max per")}; "
                + $"events={RetentionTiers.Format(defaults.Events)}; findings={RetentionTiers.Format(defaults.Findings)} (resolved ones; open findings are kept). These are the defaults.",
        };
        var listen = new Option<string?>("--listen")
        {
            Description = "Serve the targets' figures and the collector's health at http://HOST:PORT/metrics for Prometheus to scrape (e.g. 127.0.0.1:9464; "
                + "a port alone binds 127.0.0.1, 0.0.0.0:PORT every interface). Off unless given.",
        };
        var alertmanagers = new Option<string[]>("--alertmanager")
        {
            Description = "Send alerts to this Alertmanager (its base URL, e.g. http://127.0.0.1:9093; repeat for several: each gets every alert), "
                + "over the config's alerting.alertmanagers.",
        };
        var webhooks = new Option<string[]>("--alert-webhook")
        {
            Description = "POST each alert change to this URL as Alertmanager's webhook payload (version 4); repeat for several. Over the config's alerting.webhook_configs.",
        };
        var alertLog = new Option<string?>("--alert-log")
        {
            Description = "Write each alert change as a JSON line to stderr or stdout (off turns it off). Default: off, even with no other sink: "
                + "the watch log already shows findings as they open and resolve; this is for shipping alerts to a log pipeline.",
        };
        var externalUrl = new Option<string?>("--external-url") { Description = "The dashboard's URL: the base of each alert's generatorURL (none when not given)." };
        var remoteWrite = new Option<string[]>("--remote-write")
        {
            Description = "Push the same series to a Prometheus remote-write receiver at this URL (e.g. http://127.0.0.1:9090/api/v1/write; "
                + "repeat for more receivers), with the default queue settings; the config's remote_write section sets them per receiver.",
        };
        var rules = new Option<string?>("--rules")
        {
            Description = "An alert rule file (gomem export alert-rules writes the built-in one to start from): its rules replace the built-in ones. Checked by --check-config.",
        };
        var format = OutputOptions.Format("Output format of the log: text (one line per event) or json (JSON lines).");
        var output = OutputOptions.Output();
        output.Description = "Write the log to this file instead of standard output.";
        var command = new Command("watch", "Watch live Go services: runtime statistics every interval and heap and goroutine profiles every 6th, kept in the store, with each target's health, restarts, and leak verdicts printed as they open and resolve.")
        {
            urls, config, check, every, store, duration, exitOnFinding, concurrency, memoryLimit, retention, listen, alertmanagers, webhooks, alertLog, externalUrl, remoteWrite, rules, format, output,
        };
        ExamplesHelpAction.WithExamples(
            command,
            "gomem watch http://127.0.0.1:6060 --every 10s",
            "gomem watch --config targets.yaml --store /var/lib/gomem/gomem.db",
            "gomem watch --config targets.yaml --store postgres://gomem@db.internal:5432/gomem   # each of a fleet: the targets are split",
            "gomem watch --config targets.yaml --check-config",
            "gomem watch --config targets.yaml --retention runtime=48h,1m:14d,1h:1y --retention events=30d",
            "gomem watch http://127.0.0.1:6060 http://127.0.0.1:6061 --for 10m --format json -o watch.log",
            "gomem watch --config targets.yaml --for 30m --exit-on-finding   # a CI soak test",
            "gomem watch --config targets.yaml --listen 127.0.0.1:9464   # Prometheus scrapes http://127.0.0.1:9464/metrics",
            "gomem watch --config targets.yaml --alertmanager http://127.0.0.1:9093 --external-url http://grafana.internal/d/gomem",
            "gomem watch --config targets.yaml --remote-write http://prometheus.internal:9090/api/v1/write   # or push to it",
            "gomem watch --config targets.yaml --rules gomem-alerts.yml --check-config   # then without --check-config: its rules replace the built-in ones");
        command.SetAction(result => CommandRunner.Run(context.Stderr, result, () =>
        {
            var target = OutputTarget.From(context, result, format, output);
            RetentionPolicy Retention(RetentionPolicy basis) => (result.GetValue(retention) ?? []).Aggregate(basis, (policy, spec) => policy.With(spec));
            AlertingSettings Alerting(AlertingSettings basis) =>
                basis.Override(result.GetValue(alertmanagers) ?? [], result.GetValue(webhooks) ?? [], result.GetValue(alertLog), result.GetValue(externalUrl));
            var services = result.GetValue(urls) ?? [];
            var configPath = result.GetValue(config);
            if ((configPath is null) == (services.Length == 0))
            {
                throw new UsageException("give either service URLs or --config FILE");
            }

            var pushTo = new List<RemoteWriteEndpoint>();
            foreach (var urlText in result.GetValue(remoteWrite) ?? [])
            {
                pushTo.Add(RemoteWriteEndpoint.TryParseUrl(urlText, out var url, out var problem) ? RemoteWriteEndpoint.For(url!) : throw new UsageException("--remote-write: " + problem));
            }
            var rulesPath = result.GetValue(rules);
            var alertRules = rulesPath is null ? BuiltInAlertRules.All : AlertRuleFile.Load(rulesPath);

            if (result.GetValue(check))
            {
                if (configPath is null)
                {
                    throw new UsageException("--check-config checks the file given with --config");
                }

                var loaded = WatchConfigLoader.Check(configPath);
                var checkedConfig = loaded with { Config = loaded.Config with { Retention = Retention(loaded.Config.Retention), Alerting = Alerting(loaded.Config.Alerting), RemoteWrite = [.. loaded.Config.RemoteWrite, .. pushTo] } };
                var checkedRules = rulesPath is null ? ((string, IReadOnlyList<AlertRule>)?)null : (rulesPath, alertRules);
                target.Write(new Renderings()
                    .Text(w => WatchCheckTextRenderer.Write(w, checkedConfig, checkedRules))
                    .Json(s => WatchCheckJsonRenderer.Write(s, checkedConfig, checkedRules)));
                return ExitCodes.Success;
            }

            var max = result.GetValue(concurrency);
            if (max is < 1 or > 10_000)
            {
                throw new UsageException("--max-concurrent must be 1 to 10000");
            }

            var limit = SizeOption.Parse(result.GetValue(memoryLimit), "--memory-limit", offMeansNone: true) ?? 0;
            ListenAddress? listenAt = null;
            if (result.GetValue(listen) is { } listenText && !ListenAddress.TryParse(listenText, out listenAt, out var listenProblem))
            {
                throw new UsageException("--listen: " + listenProblem);
            }

            var watchConfig = configPath is not null
                ? WatchConfigLoader.Load(configPath)
                : QuickStartConfig.For([.. services.Select(ServiceUrl.Parse)], DurationOption.Parse(result.GetValue(every) ?? "10s", "--every"));
            var policy = Retention(watchConfig.Retention);
            var alerting = Alerting(watchConfig.Alerting);
            IReadOnlyList<RemoteWriteEndpoint> receivers = [.. watchConfig.RemoteWrite, .. pushTo];
            var stopAfter = result.GetValue(duration) is { } text ? DurationOption.Parse(text, "--for") : (TimeSpan?)null;
            using var stop = stopAfter is { } after ? new CancellationTokenSource(after) : new CancellationTokenSource();
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, e =>
            {
                e.Cancel = true;
                stop.Cancel();
            });
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, e =>
            {
                e.Cancel = true;
                stop.Cancel();
            });
            StoreSelection.RequireCreatable(result.GetValue(store)!);

            // Bound before anything else starts, so an address in use stops the command at once (exit 4).
            var exposition = listenAt is null && receivers.Count == 0 ? null : new CollectorExposition();
            using var listener = listenAt is null ? null : MetricsListener.Start(listenAt, exposition!.Registry);
            if (listener is not null)
            {
                context.Stderr.WriteLine($"gomem: serving /metrics at {listener.Url}");
            }

            using var monitoringStore = MonitoringStores.Open(result.GetValue(store)!);
            using var gate = new StoreGate(monitoringStore);
            // Synchronized: the alert log may write to the same standard output from its own task.
            using var writer = TextWriter.Synchronized(target.OpenWriter());
            ICollectorLog renderer = target.Format == "json" ? new WatchLogJsonRenderer(writer) : new WatchLogTextRenderer(writer);
            var log = new FindingTrip(renderer, result.GetValue(exitOnFinding) ? stop : null);
            using var pusher = receivers.Count == 0 ? null : new RemoteWriter(exposition!, receivers, CollectorIdentity(watchConfig), watchConfig.Jobs.Min(j => j.ScrapeInterval), log, TimeProvider.System);
            foreach (var receiver in receivers)
            {
                context.Stderr.WriteLine($"gomem: pushing to {receiver.DisplayUrl} (remote-write)");
            }

            pusher?.Start();
            var metrics = (ICollectorMetrics?)pusher ?? exposition;

            // Nothing configured, nothing started; disposed (a short flush) after the collector stops, before the log closes.
            var alerts = AlertDispatcher.Start(alerting, target.Path is null ? writer : context.Stdout, context.Stderr, log, TimeProvider.System, metrics);
            try
            {
                var options = new CollectorOptions { MaxConcurrentCycles = max, MemoryLimitBytes = limit, Retention = policy, AlertRules = alertRules, AlertNotifier = alerts };
                new Collector(new TargetWatcher(watchConfig), gate, options, log, TimeProvider.System, metrics).RunAsync(stop.Token).GetAwaiter().GetResult();
            }
            finally
            {
                alerts?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            pusher?.StopAsync(RemoteWriter.ShutdownFlush).GetAwaiter().GetResult();

            return log.Tripped ? ExitCodes.Finding : ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The labels of the collector's own series when pushed: job gomem, this machine as the instance, and the config's external labels.</summary>
    private static List<KeyValuePair<string, string>> CollectorIdentity(WatchConfig config) =>
        [new("job", "gomem"), new("instance", Environment.MachineName), .. config.Global.ExternalLabels.Where(l => l.Key is not "job" and not "instance")];

    /// <summary>--exit-on-finding: passes every event on, and stops the collector when the first finding opens.</summary>
    private sealed class FindingTrip(ICollectorLog inner, CancellationTokenSource? stop) : ICollectorLog
    {
        private int _tripped;

        public bool Tripped => Volatile.Read(ref _tripped) == 1;

        public void TargetUp(string target, DateTimeOffset time) => inner.TargetUp(target, time);

        public void TargetDown(string target, DateTimeOffset time, string error) => inner.TargetDown(target, time, error);

        public void Restarted(string target, DateTimeOffset time, string why) => inner.Restarted(target, time, why);

        public void FindingResolved(string target, MonitoringFinding finding) => inner.FindingResolved(target, finding);

        public void AlertChanged(string target, MonitoringAlert alert) => inner.AlertChanged(target, alert);

        public void Problem(DateTimeOffset time, string message) => inner.Problem(time, message);

        public void LeasesChanged(DateTimeOffset time, LeaseChange change) => inner.LeasesChanged(time, change);

        public void Stopped(DateTimeOffset time, SchedulerStatistics statistics) => inner.Stopped(time, statistics);

        public void FindingOpened(string target, MonitoringFinding finding)
        {
            inner.FindingOpened(target, finding);
            if (stop is not null && Interlocked.Exchange(ref _tripped, 1) == 0)
            {
                stop.Cancel();
            }
        }
    }
}
