using GoMem.Gc.Model;
using GoMem.Gc.Parsing;

namespace GoMem.Cli.Commands.Gc;

/// <summary>Reads the gctrace logs named on the command line (none, or "-", is standard input).</summary>
internal static class GcLogInput
{
    public static GcTrace Read(string[] paths) =>
        GcTraceReader.ReadFiles(paths.Length == 0 ? ["-"] : paths);
}
