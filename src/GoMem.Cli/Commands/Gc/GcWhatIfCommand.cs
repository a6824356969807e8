using System.CommandLine;
using System.Globalization;
using GoMem.Cli.Infrastructure;
using GoMem.Gc.WhatIf;
using GoMem.Output.Gc;
using GoMem.Sources;

namespace GoMem.Cli.Commands.Gc;

/// <summary><c>gomem gc whatif LOG --gogc N [--memlimit SIZE]</c>: replays a traced workload under other settings.</summary>
internal static class GcWhatIfCommand
{
    public static Command Create(CliContext context)
    {
        var logs = new Argument<string[]>("logs") { Description = "A gctrace log of the program (its longest run is the workload); '-' or none reads standard input.", Arity = ArgumentArity.ZeroOrMore };
        var gogc = new Option<string?>("--gogc") { Description = "The GOGC to simulate: a percentage (e.g. 200) or off. Default: the GOGC the trace shows." };
        var memLimit = new Option<string?>("--memlimit") { Description = "The GOMEMLIMIT to simulate (e.g. 900MiB, 1GiB), or off." };
        var nonHeap = new Option<string?>("--non-heap") { Description = "Runtime memory outside the heap under the limit (MemStats Sys − HeapSys), e.g. 40MiB. Default: 10% of the limit." };
        var vars = new Option<string?>("--vars") { Description = "A /debug/vars JSON of the program: --non-heap measured from it (Sys − HeapSys)." };
        var workload = new Option<string>("--workload")
        {
            Description = "service: wall time fixed, GC CPU comes from idle capacity; batch: CPU-bound, GC CPU stretches the run.",
            DefaultValueFactory = _ => "service",
        }.AcceptOnlyFromAmong("service", "batch");
        var goVersion = GoReleaseOption.Create();
        var format = OutputOptions.Format("Output format: text or json.");
        var output = OutputOptions.Output();
        var command = new Command("whatif", "Predict what another GOGC and/or GOMEMLIMIT would do to the workload recorded in a gctrace: GC count, peak heap, GC CPU and total stop-the-world time, with a range, a backtest and the assumptions.")
        {
            logs, gogc, memLimit, nonHeap, vars, workload, goVersion, format, output,
        };
        ExamplesHelpAction.WithExamples(
            command,
            "gomem gc whatif gc.log --gogc 200",
            "gomem gc whatif gc.log --gogc 100 --memlimit 900MiB",
            "gomem gc whatif gc.log --gogc off --memlimit 1GiB --non-heap 60MiB",
            "gomem gc whatif gc.log --gogc 100 --memlimit 150MiB --go 1.19",
            "gomem gc whatif gc.log --gogc 50 --workload batch --format json");
        command.SetAction(result => CommandRunner.Run(context.Stderr, result, () =>
        {
            var target = OutputTarget.From(context, result, format, output);
            var paths = result.GetValue(logs) ?? [];

            // Every setting is checked before the trace is read: standard input may be a person typing.
            var gogcText = result.GetValue(gogc);
            var chosenGogc = Gogc(gogcText, inferred: null);
            var memoryLimit = SizeOption.Parse(result.GetValue(memLimit), "--memlimit", offMeansNone: true);
            var nonHeapBytes = NonHeap(result.GetValue(nonHeap), result.GetValue(vars));
            var release = GoReleaseOption.Read(result.GetValue(goVersion));
            var baseline = WhatIfBaseline.Analyze(GcStatsCommand.Read(context, paths));

            var settings = new PacerSettings(
                gogcText is null ? baseline.Stats.Inferred.Gogc : chosenGogc,
                memoryLimit,
                nonHeapBytes,
                result.GetValue(workload) == "batch" ? WorkloadKind.Batch : WorkloadKind.Service,
                release);
            if (settings.MemoryLimitBytes is not null)
            {
                GoReleaseOption.RequireMemoryLimitSupport(settings.GoMinor, "--memlimit");
            }

            if (settings.Gogc is null && settings.MemoryLimitBytes is null && result.GetValue(gogc) is null)
            {
                throw new UsageException(baseline.Stats.Inferred.GcOffCycles > 0
                    ? "the trace was taken with the GC off (GOGC=off): say which GOGC to simulate with --gogc N (or off with --memlimit)"
                    : "the trace does not show its GOGC: say which to simulate with --gogc N (or off with --memlimit)");
            }

            var report = WhatIfAnalysis.Analyze(baseline, settings);
            target.Write(new Renderings()
                .Text(w => WhatIfTextRenderer.Write(w, report))
                .Json(s => WhatIfJsonRenderer.Write(s, report)));
            return ExitCodes.Success;
        }));
        return command;
    }

    private static double? Gogc(string? text, double? inferred)
    {
        if (text is null)
        {
            return inferred;
        }

        if (text.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value is < 1 or > 1_000_000 || double.IsNaN(value))
        {
            throw new UsageException($"--gogc must be a percentage from 1 to 1000000, or off (got '{text}')");
        }

        return value;
    }

    private static long? NonHeap(string? given, string? varsPath) => (given, varsPath) switch
    {
        (not null, not null) => throw new UsageException("give --non-heap or --vars, not both"),
        (null, not null) => TuningSources.RuntimeNonHeap(varsPath),
        _ => SizeOption.Parse(given, "--non-heap"),
    };
}
