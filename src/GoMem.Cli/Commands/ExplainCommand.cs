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
        var timeout = new Option<double>("--timeout") { Description = "Seconds to wait for each endpoint of a live service.", DefaultValueFactory = _ => 10 };
        var format = OutputOptions.Format("Output format: text (the breakdown tree and findings) or json (for machines).");
        var output = OutputOptions.Output();
        var command = new Command("explain", "Explain where a Go process's memory went: RSS broken down into live heap, fragmentation, idle spans, stacks, runtime metadata and non-Go memory, reconciled with MemStats, metrics and the heap profile, with the cause and remedy of each large part.")
        {
            sources, pid, gogc, goMemLimit, limit, target, timeout, format, output,
        };
        ExamplesHelpAction.WithExamples(
            command,
            "gomem explain vars.json status.txt heap.pb.gz",
            "gomem explain http://127.0.0.1:6060 --pid 4242",
            "gomem explain metrics.txt --target instance=10.0.0.7:8080 --limit 1GiB --format json");
        command.SetAction(result => CommandRunner.Run(context.Stderr, () =>
        {
            var seconds = result.GetValue(timeout);
            if (seconds is <= 0 or > 600 || double.IsNaN(seconds))
            {
                throw new UsageException("--timeout must be between 0 and 600 seconds");
            }

            var loader = new ExplainSources(context, TimeSpan.FromSeconds(seconds), Selector(result.GetValue(target) ?? []));
            foreach (var path in result.GetValue(sources) ?? [])
            {
                loader.AddPath(path);
            }

            if (result.GetValue(pid) is { } processId)
            {
                loader.AddPid(processId);
            }

            var builder = loader.Builder;
            if (!builder.HasRuntimeFigures)
            {
                throw new UsageException("no Go runtime figures: give /debug/vars or /metrics (a file, or the service URL); /proc and cgroup files alone cannot be split into Go and non-Go memory");
            }

            builder.GogcOverride = result.GetValue(gogc);
            builder.GoMemLimitOverride = Size(result.GetValue(goMemLimit), "--gomemlimit");
            builder.LimitOverride = Size(result.GetValue(limit), "--limit");
            var breakdown = MemoryBreakdownAnalysis.Build(builder.Build());
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

    private static long? Size(string? text, string option)
    {
        if (text is null)
        {
            return null;
        }

        return ByteSize.TryParse(text, out var bytes) ? bytes : throw new UsageException($"{option}: \"{text}\" is not a size (e.g. 512MiB, 1.5GB, 1073741824)");
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
