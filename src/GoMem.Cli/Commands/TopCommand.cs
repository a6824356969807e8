using System.CommandLine;
using GoMem.Cli.Infrastructure;
using GoMem.Output.Profiles;
using GoMem.Profiles;
using GoMem.Profiles.Analysis;

namespace GoMem.Cli.Commands;

/// <summary><c>gomem top PROFILE</c>: the heaviest functions, exactly as <c>go tool pprof -top</c>.</summary>
internal static class TopCommand
{
    public static Command Create(CliContext context)
    {
        var profile = new Argument<string>("profile") { Description = "Heap, allocs or goroutine profile: .pb.gz, raw protobuf, or ?debug=1 text. '-' reads stdin." };
        var options = new ProfileOptionSet();
        var format = OutputOptions.Format();
        var output = OutputOptions.Output();
        var compareAlloc = new Option<bool>("--compare-alloc")
        {
            Description = "Per function, allocated (alloc_space) next to retained (inuse_space) memory, naming churn (alloc/inuse > 100: pool or preallocate) and retention (>= 5% of the live heap: cache or leak).",
        };
        var command = new Command("top", "Show the functions holding (or allocating) the most memory, with the same rows and numbers as `go tool pprof -top`.")
        {
            profile,
            compareAlloc,
            format,
            output,
        };
        ExamplesHelpAction.WithExamples(
            command,
            "gomem top heap.pb.gz",
            "gomem top --sample-index alloc_space --nodecount 20 heap.pb.gz",
            "gomem top -sample_index=inuse_objects -focus=main heap.pb.gz",
            "gomem top --granularity lines --format json heap.pb.gz",
            "gomem top --compare-alloc heap.pb.gz");
        options.AddTo(command);
        command.SetAction(result => CommandRunner.Run(context.Stderr, () =>
        {
            var reportOptions = options.Read(result);
            var loaded = ProfileReader.ReadFile(result.GetValue(profile)!, options.Limits(result));
            if (result.GetValue(compareAlloc))
            {
                var comparison = AllocRetentionReport.Build(loaded, reportOptions);
                ProfileOutput.Write(
                    context,
                    result.GetValue(output),
                    OutputOptions.Read(result.GetValue(format)),
                    writer => AllocRetentionRenderers.WriteText(writer, comparison, context.IsInteractive(result.GetValue(output)), context.TimeZone),
                    stream => AllocRetentionRenderers.WriteJson(stream, comparison));
                return ExitCodes.Success;
            }

            var report = TopReport.Build(loaded, reportOptions);
            ProfileOutput.Write(
                context,
                result.GetValue(output),
                OutputOptions.Read(result.GetValue(format)),
                writer => TopTextRenderer.Write(writer, report, context.TimeZone),
                stream => TopJsonRenderer.Write(stream, report));
            return ExitCodes.Success;
        }));
        return command;
    }
}
