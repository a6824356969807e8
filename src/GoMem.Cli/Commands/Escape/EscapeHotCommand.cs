using System.CommandLine;
using GoMem.Cli.Infrastructure;

namespace GoMem.Cli.Commands.Escape;

internal static class EscapeHotCommand
{
    public static Command Create(CliContext context) => new("hot", "(coming)");
}
