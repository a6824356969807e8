using GoMem.Gc.Model;
using GoMem.Gc.Parsing;

namespace GoMem.Sources;

/// <summary>gctrace logs named on a command line, read in order as one trace; none means standard input.</summary>
public static class GcTraceSource
{
    public static GcTrace Read(IReadOnlyList<string> paths) => GcTraceReader.ReadFiles(paths.Count == 0 ? ["-"] : paths);
}
