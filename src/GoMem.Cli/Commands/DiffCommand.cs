using System.CommandLine;
using GoMem.Cli.Infrastructure;
using GoMem.Output.Profiles;
using GoMem.Profiles;
using GoMem.Profiles.Analysis;

namespace GoMem.Cli.Commands;

/// <summary><c>gomem diff --base OLD NEW</c>: what changed between two profiles, as <c>go tool pprof -top -diff_base</c>.</summary>
internal static class DiffCommand
{
    public static Command Create(CliContext context)
    {
        var profile = new Argument<string>("profile") { Description = "The newer profile." };
        var baseProfile = new Option<string>("--base")
        {
            Description = "The older profile, subtracted from the newer one.",
            Required = true,
        };
        var options = new ProfileOptionSet();
        var format = OutputOptions.Format();
        var output = OutputOptions.Output();
        var command = new Command("diff", "Subtract a base profile from a newer one and list the functions whose memory changed most (growth positive, shrinkage negative). Percentages are relative to the base total, as in `go tool pprof -diff_base`.")
        {
            profile,
            baseProfile,
            format,
            output,
        };
        ExamplesHelpAction.WithExamples(
            command,
            "gomem diff --base heap.1.pb.gz heap.2.pb.gz",
            "gomem diff -diff_base=heap.1.pb.gz -sample_index=alloc_space heap.2.pb.gz",
            "gomem diff --base before.pb.gz after.pb.gz --format json");
        options.AddTo(command);
        command.SetAction(result => CommandRunner.Run(context.Stderr, () =>
        {
            var reportOptions = options.Read(result);
            var limits = options.Limits(result);
            var newer = ProfileReader.ReadFile(result.GetValue(profile)!, limits);
            var older = ProfileReader.ReadFile(result.GetValue(baseProfile)!, limits);
            var report = TopReport.Build(newer, reportOptions, older);
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
