using System.CommandLine;
using GoMem.Cli.Infrastructure;

namespace GoMem.Cli.Commands.Bench;

/// <summary><c>gomem bench ...</c>: Go benchmark results (go test -bench -benchmem) compared, gated and fitted.</summary>
internal static class BenchCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("bench", "Go benchmark results (go test -bench . -benchmem -count 10): compare with benchstat's statistics, gate regressions in CI, fit scaling.")
        {
            BenchCompareCommand.Create(context),
            BenchGateCommand.Create(context),
            BenchScalingCommand.Create(context),
            BenchRecordCommand.Create(context),
            BenchHistoryCommand.CreateHistory(context),
            BenchHistoryCommand.CreateTrend(context),
        };
        return command;
    }
}
