using System.CommandLine;
using GoMem.Cli.Infrastructure;
using GoMem.Output.RuntimeStats;
using GoMem.RuntimeStats.Breakdown;
using GoMem.RuntimeStats.Prometheus;
using GoMem.Sources;

namespace GoMem.Cli.Commands.Explain;

/// <summary>
/// <c>gomem explain SOURCES...</c>: where a Go process's memory went, reconciling RSS, MemStats, metrics and pprof;
/// or <c>gomem explain --store DB --target NAME --at TIME</c>: the same for a moment gomem watch stored.
/// </summary>
internal static class ExplainCommand
{
    public static Command Create(CliContext context)
    {
        var o = new ExplainOptions();
        var command = new Command("explain", "Explain where a Go process's memory went: RSS broken down into live heap, fragmentation, idle spans, stacks, runtime metadata and non-Go memory, reconciled with MemStats, metrics and the heap profile, with the cause and remedy of each large part. From files, a live service, or a moment of a target gomem watch stored.")
        {
            o.Sources, o.Pid, o.Gogc, o.GoMemLimit, o.Limit, o.Target, o.Interval, o.Every, o.Count, o.Timeout, o.Store, o.At, o.Window, o.Format, o.Output,
        };
        ExamplesHelpAction.WithExamples(
            command,
            "gomem explain vars.json status.txt heap.pb.gz",
            "gomem explain http://127.0.0.1:6060 --pid 4242",
            "gomem explain metrics.txt --target instance=10.0.0.7:8080 --limit 1GiB --format json",
            "gomem explain http://127.0.0.1:6060 --every 30s --count 5",
            "gomem explain vars.1.json status.1.txt vars.2.json status.2.txt --interval 60",
            "gomem explain --store gomem.db --target api/127.0.0.1:6060 --at -2h   # what gomem watch stored");
        command.SetAction(result => CommandRunner.Run(context.Stderr, result, () =>
        {
            var target = OutputTarget.From(context, result, o.Format, o.Output);
            var breakdown = result.GetValue(o.Store) is { } store ? Stored(result, o, store) : Live(context, result, o);
            target.Write(new Renderings()
                .Text(w => BreakdownTextRenderer.Write(w, breakdown))
                .Json(s => BreakdownJsonRenderer.Write(s, breakdown)));
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The moment of a stored target nearest --at, with rates over the samples of --window before it.</summary>
    private static MemoryBreakdown Stored(ParseResult result, ExplainOptions o, string store)
    {
        if ((result.GetValue(o.Sources) ?? []).Length > 0)
        {
            throw new UsageException("--store explains a target gomem watch stored: give no files or URLs with it");
        }

        if (new Option[] { o.Pid, o.Interval, o.Every, o.Count, o.Timeout }.FirstOrDefault(option => result.GetResult(option) is { Implicit: false }) is { } other)
        {
            throw new UsageException($"{other.Name} is for files or a live service, not for --store");
        }

        var names = result.GetValue(o.Target) ?? [];
        if (names.Length > 1)
        {
            throw new UsageException("--target with --store names one stored target (job/instance, instance or a label value)");
        }

        var at = StoreSelection.Time(result.GetValue(o.At)!, "--at");
        var window = DurationOption.Parse(result.GetValue(o.Window)!, "--window");
        using var opened = StoreSelection.Open(store);
        var stored = StoredRuntimeSource.Read(opened, store, names.FirstOrDefault(), at, window);
        var evidence = stored.Evidence with
        {
            GogcPercent = result.GetValue(o.Gogc) ?? stored.Evidence.GogcPercent,
            GoMemLimitBytes = SizeOption.Parse(result.GetValue(o.GoMemLimit), "--gomemlimit") ?? stored.Evidence.GoMemLimitBytes,
            LimitBytes = SizeOption.Parse(result.GetValue(o.Limit), "--limit") ?? stored.Evidence.LimitBytes,
        };
        return BreakdownRates.Add(MemoryBreakdownAnalysis.Analyze(evidence), stored.Window, null, stored.RestartsBefore);
    }

    /// <summary>Files, a live service (--count snapshots, --every apart) and --pid.</summary>
    private static MemoryBreakdown Live(CliContext context, ParseResult result, ExplainOptions o)
    {
        if (new Option[] { o.At, o.Window }.FirstOrDefault(option => result.GetResult(option) is { Implicit: false }) is { } storeOnly)
        {
            throw new UsageException($"{storeOnly.Name} is for --store (a target gomem watch stored)");
        }

        var seconds = result.GetValue(o.Timeout);
        if (seconds is <= 0 or > 600 || double.IsNaN(seconds))
        {
            throw new UsageException("--timeout must be between 0 and 600 seconds");
        }

        var paths = result.GetValue(o.Sources) ?? [];
        var snapshots = result.GetValue(o.Count);
        var pause = result.GetValue(o.Every);
        if (snapshots is < 1 or > 10_000 || pause is < 0.1 or > 86_400 || double.IsNaN(pause))
        {
            throw new UsageException("--count must be 1 to 10000 and --every 100ms to 24h");
        }

        if (snapshots > 1 && !paths.Any(ServiceUrl.IsUrl))
        {
            throw new UsageException("--count takes snapshots of a live service: give its URL (files are snapshots already)");
        }

        if (result.GetValue(o.Interval) is { } step && (step <= 0 || double.IsNaN(step)))
        {
            throw new UsageException("--interval must be a positive number of seconds");
        }

        var client = new LiveServiceClient(TimeSpan.FromSeconds(seconds), RuntimeEvidenceCollector.MaxBodyBytes, note => context.Stderr.WriteLine("gomem: note: " + note));
        var collector = new RuntimeEvidenceCollector(client, Selector(result.GetValue(o.Target) ?? []));
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

            if (result.GetValue(o.Pid) is { } processId)
            {
                collector.AddPid(processId);
            }
        }

        var taken = collector.Snapshots.Where(s => s.Builder.HasRuntimeFigures).ToList();
        if (taken.Count == 0)
        {
            throw new UsageException("no Go runtime figures: give /debug/vars or /metrics (a file, or the service URL), or --store; /proc and cgroup files alone cannot be split into Go and non-Go memory");
        }

        var builder = taken[^1].Builder;
        builder.GogcOverride = result.GetValue(o.Gogc);
        builder.GoMemLimitOverride = SizeOption.Parse(result.GetValue(o.GoMemLimit), "--gomemlimit");
        builder.LimitOverride = SizeOption.Parse(result.GetValue(o.Limit), "--limit");
        var breakdown = MemoryBreakdownAnalysis.Analyze(builder.Build());
        return taken.Count > 1 ? BreakdownRates.Add(breakdown, [.. taken.Select(s => s.ToTimed())], result.GetValue(o.Interval)) : breakdown;
    }

    private static List<MetricLabel> Selector(string[] pairs)
    {
        var labels = new List<MetricLabel>();
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=');
            if (eq <= 0)
            {
                throw new UsageException($"--target takes LABEL=VALUE, not \"{pair}\" (a stored target's name is for --store)");
            }

            labels.Add(new MetricLabel(pair[..eq], pair[(eq + 1)..].Trim('"')));
        }

        return labels;
    }

    /// <summary>The options of explain: inputs, overrides, the live series, the store, output.</summary>
    private sealed class ExplainOptions
    {
        public Argument<string[]> Sources { get; } = new("sources")
        {
            Description = "Any mix of: /debug/vars JSON, Prometheus /metrics text, /proc/PID/status, /proc/PID/smaps_rollup, a cgroup directory, a heap profile, or a live service URL (http://127.0.0.1:6060). Or none, with --store.",
            Arity = ArgumentArity.ZeroOrMore,
        };

        public Option<int?> Pid { get; } = new("--pid") { Description = "Read /proc/PID/status, smaps_rollup and the process's cgroup (this machine)." };

        public Option<double?> Gogc { get; } = new("--gogc") { Description = "The process's GOGC, when the inputs do not say (default assumption 100)." };

        public Option<string?> GoMemLimit { get; } = new("--gomemlimit") { Description = "The process's GOMEMLIMIT (e.g. 900MiB), when the inputs do not say." };

        public Option<string?> Limit { get; } = new("--limit") { Description = "The container memory limit (e.g. 1GiB), when no cgroup input (or, with --store, the targets file) gives it." };

        public Option<string[]> Target { get; } = new("--target")
        {
            Description = "Which process. With a /metrics page holding several: the one with this label, e.g. --target instance=10.0.0.7:8080. With --store: the stored target, as job/instance, instance or a label value, as gomem watch names it (not needed when the store holds one).",
            AllowMultipleArgumentsPerToken = false,
        };

        public Option<double?> Interval { get; } = new("--interval")
        {
            Description = "The time between consecutive snapshot files, for rates (allocation/s, GCs/min, heap and RSS growth): a Go duration (30s, 1m; a bare number is seconds).",
            CustomParser = result => DurationOption.Seconds(result),
        };

        public Option<double> Every { get; } = new("--every")
        {
            Description = "With a live URL and --count: the time between snapshots (a Go duration: 30s, 1m; a bare number is seconds).",
            DefaultValueFactory = _ => 10,
            CustomParser = DurationOption.Seconds,
        };

        public Option<int> Count { get; } = new("--count") { Description = "With a live URL: take this many snapshots, --every apart, and report rates between them.", DefaultValueFactory = _ => 1 };

        public Option<double> Timeout { get; } = new("--timeout")
        {
            Description = "How long to wait for each endpoint of a live service (a Go duration: 10s, 1m; a bare number is seconds).",
            DefaultValueFactory = _ => 10,
            CustomParser = DurationOption.Seconds,
        };

        public Option<string?> Store { get; } = new("--store")
        {
            Description = "Explain a target from the store gomem watch fills (an SQLite file or a postgres:// URL) instead of files, a URL or --pid: its runtime sample nearest --at, the heap profile stored nearest it, and rates over the samples of --window before it.",
        };

        public Option<string> At { get; } = new("--at")
        {
            Description = "With --store: the moment (RFC 3339, 'now', or a duration ago such as -2h); the stored runtime sample nearest it is explained.",
            DefaultValueFactory = _ => "now",
        };

        public Option<string> Window { get; } = new("--window")
        {
            Description = "With --store: rates over the samples stored this long before the moment, since the last restart within it (a Go duration: 10m, 1h); also how far from the moment its heap profile may be.",
            DefaultValueFactory = _ => "10m",
        };

        public FormatOption Format { get; } = OutputOptions.Format("Output format: text (the breakdown tree and findings) or json (for machines).");

        public Option<string?> Output { get; } = OutputOptions.Output();
    }
}
