using System.CommandLine;
using GoMem.Cli.Infrastructure;
using GoMem.Escape.Analysis;
using GoMem.Output.Escape;
using GoMem.Sources;

namespace GoMem.Cli.Commands.Escape;

/// <summary><c>gomem escape summary LOG</c>: per package, file and function, the worst first, each finding explained.</summary>
internal static class EscapeSummaryCommand
{
    public static Command Create(CliContext context)
    {
        var log = new Argument<string>("log") { Description = "The compiler output: go build -gcflags='-m -m' ./... 2> escape.txt (or -m; gzip accepted; - for stdin), or the directory DIR of -gcflags=-json=0,DIR." };
        var format = OutputOptions.Format("Output format: text (grouped, explained) or json ({\"findings\": [...]} with totals and functions).");
        var output = OutputOptions.Output();
        var command = new Command("summary", "Per package, file and function (worst first): variables moved to the heap, values escaping, leaking parameters, and which functions can be inlined or why not; each finding explained in one sentence from its -m -m reason chain.")
        {
            log, format, output,
        };
        ExamplesHelpAction.WithExamples(
            command,
            "go build -gcflags='-m -m' ./... 2> escape.txt; gomem escape summary escape.txt",
            "gomem escape summary escape.txt --format json -o escape.json");
        command.SetAction(result => CommandRunner.Run(context.Stderr, result, () =>
        {
            var target = OutputTarget.From(context, result, format, output);
            StandardInput.Announce(context, result.GetValue(log), "the compiler's -m -m output");
            var summary = EscapeSummaryAnalysis.Analyze(EscapeLogSource.Read(result.GetValue(log)!));
            target.Write(new Renderings()
                .Text(w => EscapeSummaryTextRenderer.Write(w, summary))
                .Json(s => EscapeSummaryJsonRenderer.Write(s, summary)));
            return ExitCodes.Success;
        }));
        return command;
    }
}
