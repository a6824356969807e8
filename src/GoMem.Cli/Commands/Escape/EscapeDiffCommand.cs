using System.CommandLine;
using GoMem.Cli.Infrastructure;

namespace GoMem.Cli.Commands.Escape;

internal static class EscapeDiffCommand
{
    public static Command Create(CliContext context) => new("diff", "(coming)");
}
