using System.CommandLine;
using GoMem.Cli.Infrastructure;
using GoMem.IO;
using GoMem.Profiles;
using GoMem.Profiles.Analysis;

namespace GoMem.Cli.Commands;

/// <summary>
/// The parts every profile report command shares: the PROFILE argument, the pprof-style report options, --format
/// and --output, and the run that reads the profile, builds the report and writes it as text or JSON.
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
    }

    public Command Command { get; }

    public Argument<string> Profile { get; } = new("profile") { Description = "Heap, allocs or goroutine profile: .pb.gz, raw protobuf, or ?debug=1 text; '-' reads stdin; a URL is fetched (http://127.0.0.1:6060 means its /debug/pprof/heap)." };

    /// <summary>Reads a profile from a file, stdin or a URL (a bare host gets /debug/pprof/heap).</summary>
    public static GoMem.Profiles.Profile Read(string argument, InputLimits limits)
    {
        if (!RemoteInput.IsUrl(argument))
        {
            return ProfileReader.ReadFile(argument, limits);
        }

        using var input = RemoteInput.Open(argument, "/debug/pprof/heap", limits);
        return ProfileReader.Read(input, limits);
    }

    public ProfileOptionSet Options { get; } = new();

    public Option<string> Format { get; } = OutputOptions.Format();

    public Option<string?> Output { get; } = OutputOptions.Output();

    public static ProfileCommand Create(CliContext context, string name, string description, params string[] examples)
    {
        var command = new Command(name, description);
        ExamplesHelpAction.WithExamples(command, examples);
        return new ProfileCommand(context, command);
    }

    /// <summary>Reads the report options, then the profile named on the command line.</summary>
    public (Profile Profile, ReportOptions Options) Load(ParseResult result)
    {
        var options = Options.Read(result);
        return (Read(result.GetValue(Profile)!, Options.Limits(result)), options);
    }

    /// <summary>Sets the command's body: build a report, then render it as text or JSON where --format and -o say.</summary>
    public void SetAction(Func<ParseResult, ReportWriters> build)
    {
        Command.SetAction(result => CommandRunner.Run(_context.Stderr, () =>
        {
            var writers = build(result);
            ProfileOutput.Write(_context, result.GetValue(Output), OutputOptions.Read(result.GetValue(Format)), writers.Text, writers.Json);
            return ExitCodes.Success;
        }));
    }
}

/// <summary>A built report's two renderings; the command picks one from --format.</summary>
internal sealed record ReportWriters(Action<TextWriter> Text, Action<Stream> Json);
