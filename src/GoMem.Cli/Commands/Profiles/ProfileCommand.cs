using System.CommandLine;
using GoMem.Cli.Infrastructure;
using GoMem.Profiles;
using GoMem.Profiles.Analysis;
using GoMem.Sources;

namespace GoMem.Cli.Commands.Profiles;

/// <summary>
/// The parts every profile report command shares: the PROFILE argument, the pprof-style report options, --format
/// and --output, and the run that reads the profile, builds the report and hands its renderings to the output.
/// </summary>
internal sealed class ProfileCommand
{
    private readonly CliContext _context;

    private ProfileCommand(CliContext context, Command command)
    {
        _context = context;
        Command = command;
        command.Arguments.Add(Profile);
        command.Options.Add(Format);
        command.Options.Add(Output);
        Options.AddTo(command);
        Stored.AddTo(command);
    }

    public Command Command { get; }

    public Argument<string?> Profile { get; } = new("profile")
    {
        Description = "Heap, allocs or goroutine profile: .pb.gz, raw protobuf, or ?debug=1 text; '-' reads stdin; a URL is fetched (http://127.0.0.1:6060 means its /debug/pprof/heap). Or none, with --store.",
        Arity = ArgumentArity.ZeroOrOne,
    };

    /// <summary>--store, --target, --at, --kind: a profile from gomem watch's history instead of a file.</summary>
    public StoreSelection Stored { get; } = new();

    public ProfileOptionSet Options { get; } = new();

    public FormatOption Format { get; } = OutputOptions.Format();

    public Option<string?> Output { get; } = OutputOptions.Output();

    public static ProfileCommand Create(CliContext context, string name, string description, params string[] examples)
    {
        var command = new Command(name, description);
        ExamplesHelpAction.WithExamples(command, examples);
        return new ProfileCommand(context, command);
    }

    /// <summary>Reads the report options, then the profile named on the command line (or stored, with --store).</summary>
    public (Profile Profile, ReportOptions Options) Load(ParseResult result, string? at = null)
    {
        var options = Options.Read(result);
        var argument = result.GetValue(Profile);
        Stored.RequireProfileOrStore(result, argument);
        StandardInput.Announce(_context, argument, "a heap, allocs or goroutine profile");

        return (argument is null ? Stored.Read(result, at) : ProfileSource.Read(argument, Options.Limits(result)), options);
    }

    /// <summary>Sets the command's body: build a report, then write the rendering --format and -o ask for.</summary>
    public void SetAction(Func<ParseResult, OutputTarget, Renderings> build)
    {
        Command.SetAction(result => CommandRunner.Run(_context.Stderr, result, () =>
        {
            var target = OutputTarget.From(_context, result, Format, Output);
            target.Write(build(result, target));
            return ExitCodes.Success;
        }));
    }
}
