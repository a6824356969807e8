using System.CommandLine;
using GoMem.Cli.Infrastructure;

namespace GoMem.Cli.Commands.Escape;

/// <summary><c>gomem escape summary|diff|hot</c>: the compiler's escape analysis, explained, compared and weighed.</summary>
internal static class EscapeCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("escape", "Read the Go compiler's escape-analysis output (go build -gcflags='-m -m' 2> escape.txt): explain each heap escape, diff two builds, rank escapes by the bytes a profile says they allocated.")
        {
            EscapeSummaryCommand.Create(context),
            EscapeDiffCommand.Create(context),
            EscapeHotCommand.Create(context),
        };
        ExamplesHelpAction.WithExamples(
            command,
            "go build -gcflags='-m -m' ./... 2> escape.txt && gomem escape summary escape.txt",
            "gomem escape diff old.txt new.txt --fail-on new-escape,lost-inline",
            "gomem escape hot escape.txt allocs.pb.gz");
        return command;
    }
}
