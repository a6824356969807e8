using System.CommandLine;
using GoMem.Cli.Infrastructure;
using GoMem.Output.Profiles;
using GoMem.Profiles;
using GoMem.Profiles.Analysis;

namespace GoMem.Cli.Commands;

/// <summary><c>gomem traces PROFILE</c>: every sample's stack and value, as <c>go tool pprof -traces</c>.</summary>
internal static class TracesCommand
{
    public static Command Create(CliContext context)
    {
        var profile = new Argument<string>("profile") { Description = "Profile file (.pb.gz, raw protobuf or ?debug=1 text); '-' reads stdin." };
        var options = new ProfileOptionSet();
        var format = OutputOptions.Format();
        var output = OutputOptions.Output();
        var command = new Command("traces", "Print every sample: its labels, its value and its whole stack, as `go tool pprof -traces`.")
        {
            profile,
            format,
            output,
        };
        ExamplesHelpAction.WithExamples(
            command,
            "gomem traces heap.pb.gz",
            "gomem traces --sample-index alloc_space --focus main.recordSession heap.pb.gz",
            "gomem traces --format json goroutine.pb.gz");
        options.AddTo(command);
        command.SetAction(result => CommandRunner.Run(context.Stderr, () =>
        {
            var reportOptions = options.Read(result);
            var loaded = ProfileReader.ReadFile(result.GetValue(profile)!, options.Limits(result));
            var report = TracesReport.Build(loaded, reportOptions);
            ProfileOutput.Write(
                context,
                result.GetValue(output),
                OutputOptions.Read(result.GetValue(format)),
                writer => TracesRenderers.WriteText(writer, report, context.TimeZone),
                stream => TracesRenderers.WriteJson(stream, report));
            return ExitCodes.Success;
        }));
        return command;
    }
}
