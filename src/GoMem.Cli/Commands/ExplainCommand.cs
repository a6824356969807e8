using System.CommandLine;
using GoMem.Cli.Commands.Explain;
using GoMem.Cli.Infrastructure;
using GoMem.IO;
using GoMem.Output.RuntimeStats;
using GoMem.RuntimeStats.Breakdown;
using GoMem.RuntimeStats.Prometheus;

namespace GoMem.Cli.Commands;

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
        var target = new Option<string[]>("--target")
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
            sources, pid, gogc, goMemLimit, limit, target, interval, every, count, timeout, format, output,
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

            var loader = new ExplainSources(context, TimeSpan.FromSeconds(seconds), Selector(result.GetValue(target) ?? []));
            var paths = result.GetValue(sources) ?? [];
            var snapshots = result.GetValue(count);
            var pause = result.GetValue(every);
            if (snapshots is < 1 or > 10_000 || pause is < 0.1 or > 86_400 || double.IsNaN(pause))
            {
                throw new UsageException("--count must be 1 to 10000 and --every 0.1 to 86400 seconds");
            }

            if (snapshots > 1 && !paths.Any(IsUrl))
            {
                throw new UsageException("--count takes snapshots of a live service: give its URL (files are snapshots already)");
            }

            foreach (var path in paths)
            {
                loader.AddPath(path);
            }

            if (result.GetValue(pid) is { } processId)
            {
                loader.AddPid(processId);
            }

            for (var i = 1; i < snapshots; i++)
            {
                Thread.Sleep(TimeSpan.FromSeconds(pause));
                foreach (var url in paths.Where(IsUrl))
                {
                    loader.AddPath(url);
                }

                if (result.GetValue(pid) is { } again)
                {
                    loader.AddPid(again);
                }
            }

            var taken = loader.Snapshots.Where(s => s.Builder.HasRuntimeFigures).ToList();
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
                breakdown = WithRates(breakdown, taken, result.GetValue(interval));
            }

            ProfileOutput.Write(
                context,
                result.GetValue(output),
                OutputOptions.Read(result.GetValue(format)),
                writer => BreakdownTextRenderer.Write(writer, breakdown),
                stream => BreakdownJsonRenderer.Write(stream, breakdown));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static bool IsUrl(string path) => path.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || path.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Rates over the snapshots, timed by --interval when given, else by their file or fetch times.</summary>
    private static MemoryBreakdown WithRates(MemoryBreakdown breakdown, List<ExplainSources.Snapshot> taken, double? interval)
    {
        if (interval is { } step && (step <= 0 || double.IsNaN(step)))
        {
            throw new UsageException("--interval must be a positive number of seconds");
        }

        var series = new List<MemorySnapshot>(taken.Count);
        for (var i = 0; i < taken.Count; i++)
        {
            var evidence = taken[i].Builder.Build();
            var time = interval is { } seconds ? DateTimeOffset.UnixEpoch.AddSeconds(i * seconds) : taken[i].Time;
            if (time is null)
            {
                return breakdown with
                {
                    MissingInputs = [.. breakdown.MissingInputs, "rates between the snapshot files: give --interval SECONDS (the time between them; file times are not trusted)"],
                };
            }

            series.Add(new MemorySnapshot(time.Value, evidence.Runtime, evidence.RssBytes, taken[i].Name));
        }

        var rates = MemoryRates.Analyze(series);
        if (rates is null || rates.SpanSeconds <= 0)
        {
            return breakdown with
            {
                Rates = rates,
                MissingInputs = [.. breakdown.MissingInputs, "rates: the snapshots were taken at the same moment"],
            };
        }

        return breakdown with { Rates = rates };
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
