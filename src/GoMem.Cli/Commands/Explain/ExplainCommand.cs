using System.CommandLine;
using GoMem.Cli.Infrastructure;
using GoMem.Output.RuntimeStats;
using GoMem.RuntimeStats.Breakdown;
using GoMem.RuntimeStats.Prometheus;
using GoMem.Sources;

namespace GoMem.Cli.Commands.Explain;

/// <summary><c>gomem explain SOURCES...</c>: where a Go process's memory went, reconciling RSS, MemStats, metrics and pprof.</summary>
internal static class ExplainCommand
{
    public static Command Create(CliContext context)
    {
        var sources = new Argument<string[]>("sources")
        {
            Description = "Any mix of: /debug/vars JSON, Prometheus /metrics text, /proc/PID/status, /proc/PID/smaps_rollup, a cgroup directory, a heap profile, or a live service URL (http://127.0.0.1:6060).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var pid = new Option<int?>("--pid") { Description = "Read /proc/PID/status, smaps_rollup and the process's cgroup (this machine)." };
        var gogc = new Option<double?>("--gogc") { Description = "The process's GOGC, when the inputs do not say (default assumption 100)." };
        var goMemLimit = new Option<string?>("--gomemlimit") { Description = "The process's GOMEMLIMIT (e.g. 900MiB), when the inputs do not say." };
        var limit = new Option<string?>("--limit") { Description = "The container memory limit (e.g. 1GiB), when no cgroup input gives it." };
        var targetLabels = new Option<string[]>("--target")
        {
            Description = "With a /metrics page holding several processes: choose one by label, e.g. --target instance=10.0.0.7:8080.",
            AllowMultipleArgumentsPerToken = false,
        };
        var interval = new Option<double?>("--interval") { Description = "Seconds between consecutive snapshot files, for rates (allocation/s, GCs/min, heap and RSS growth)." };
        var every = new Option<double>("--every") { Description = "With a live URL and --count: seconds between snapshots.", DefaultValueFactory = _ => 10 };
        var count = new Option<int>("--count") { Description = "With a live URL: take this many snapshots, --every seconds apart, and report rates between them.", DefaultValueFactory = _ => 1 };
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for each endpoint of a live service.", DefaultValueFactory = _ => 10 };
        var format = OutputOptions.Format("Output format: text (the breakdown tree and findings) or json (for machines).");
        var output = OutputOptions.Output();
        var command = new Command("explain", "Explain where a Go process's memory went: RSS broken down into live heap, fragmentation, idle spans, stacks, runtime metadata and non-Go memory, reconciled with MemStats, metrics and the heap profile, with the cause and remedy of each large part.")
        {
            sources, pid, gogc, goMemLimit, limit, targetLabels, interval, every, count, timeout, format, output,
        };
        ExamplesHelpAction.WithExamples(
            command,
            "gomem explain vars.json status.txt heap.pb.gz",
            "gomem explain http://127.0.0.1:6060 --pid 4242",
            "gomem explain metrics.txt --target instance=10.0.0.7:8080 --limit 1GiB --format json",
            "gomem explain http://127.0.0.1:6060 --every 30 --count 5",
            "gomem explain vars.1.json status.1.txt vars.2.json status.2.txt --interval 60");
        command.SetAction(result => CommandRunner.Run(context.Stderr, () =>
        {
            var seconds = result.GetValue(timeout);
            if (seconds is <= 0 or > 600 || double.IsNaN(seconds))
            {
                throw new UsageException("--timeout must be between 0 and 600 seconds");
            }

            var paths = result.GetValue(sources) ?? [];
            var snapshots = result.GetValue(count);
            var pause = result.GetValue(every);
            if (snapshots is < 1 or > 10_000 || pause is < 0.1 or > 86_400 || double.IsNaN(pause))
            {
                throw new UsageException("--count must be 1 to 10000 and --every 0.1 to 86400 seconds");
            }

            if (snapshots > 1 && !paths.Any(ServiceUrl.IsUrl))
            {
                throw new UsageException("--count takes snapshots of a live service: give its URL (files are snapshots already)");
            }

            if (result.GetValue(interval) is { } step && (step <= 0 || double.IsNaN(step)))
            {
                throw new UsageException("--interval must be a positive number of seconds");
            }

            var target = OutputTarget.From(context, result, format, output);
            var client = new LiveServiceClient(TimeSpan.FromSeconds(seconds), RuntimeEvidenceCollector.MaxBodyBytes, note => context.Stderr.WriteLine("gomem: note: " + note));
            var collector = new RuntimeEvidenceCollector(client, Selector(result.GetValue(targetLabels) ?? []));
            for (var i = 0; i < snapshots; i++)
            {
                if (i > 0)
                {
                    Thread.Sleep(TimeSpan.FromSeconds(pause));
                }

                foreach (var path in i == 0 ? paths : paths.Where(ServiceUrl.IsUrl))
                {
                    collector.AddPath(path);
                }

                if (result.GetValue(pid) is { } processId)
                {
                    collector.AddPid(processId);
                }
            }

            var taken = collector.Snapshots.Where(s => s.Builder.HasRuntimeFigures).ToList();
            if (taken.Count == 0)
            {
                throw new UsageException("no Go runtime figures: give /debug/vars or /metrics (a file, or the service URL); /proc and cgroup files alone cannot be split into Go and non-Go memory");
            }

            var builder = taken[^1].Builder;
            builder.GogcOverride = result.GetValue(gogc);
            builder.GoMemLimitOverride = SizeOption.Parse(result.GetValue(goMemLimit), "--gomemlimit");
            builder.LimitOverride = SizeOption.Parse(result.GetValue(limit), "--limit");
            var breakdown = MemoryBreakdownAnalysis.Analyze(builder.Build());
            if (taken.Count > 1)
            {
                breakdown = BreakdownRates.Add(breakdown, [.. taken.Select(s => s.ToTimed())], result.GetValue(interval));
            }

            target.Write(new Renderings()
                .Text(w => BreakdownTextRenderer.Write(w, breakdown))
                .Json(s => BreakdownJsonRenderer.Write(s, breakdown)));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static List<MetricLabel> Selector(string[] pairs)
    {
        var labels = new List<MetricLabel>();
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0)
            {
                throw new UsageException($"--target takes LABEL=VALUE, not \"{pair}\"");
            }

            labels.Add(new MetricLabel(pair[..eq], pair[(eq + 1)..].Trim('"')));
        }

        return labels;
    }
}
