using System.CommandLine;
using GoMem.Cli.Infrastructure;

namespace GoMem.Cli.Commands.Gc;

/// <summary><c>gomem gc</c>: the GC trace commands (stats, whatif, tune).</summary>
internal static class GcCommand
{
    public static Command Create(CliContext context) => new("gc", "Read GODEBUG=gctrace=1 logs: pause, CPU and heap statistics; predict another GOGC/GOMEMLIMIT; advise the settings for a container.")
    {
        GcStatsCommand.Create(context),
        GcWhatIfCommand.Create(context),
        GcTuneCommand.Create(context),
    };
}
