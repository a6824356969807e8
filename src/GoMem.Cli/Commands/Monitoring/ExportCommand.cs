using System.CommandLine;
using GoMem.Cli.Infrastructure;
using GoMem.Output.Profiles;
using GoMem.Profiles.Writing;
using GoMem.Sources;

namespace GoMem.Cli.Commands.Monitoring;

/// <summary><c>gomem export profile</c>: a stored (or any) profile written back as profile.proto, for go tool pprof and other tools.</summary>
internal static class ExportCommand
{
    public static Command Create(CliContext context) => new("export", "Write GoMem's data in other tools' formats.")
    {
        Profile(context),
    };

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
