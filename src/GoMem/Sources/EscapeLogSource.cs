using GoMem.Escape;
using GoMem.Escape.Parsing;

namespace GoMem.Sources;

/// <summary>The compiler's escape-analysis output: a -m/-m -m log (plain, gzip or "-") or a -json=0,DIR directory.</summary>
public static class EscapeLogSource
{
    public static EscapeLog Read(string path) => EscapeLogParser.ReadPath(path);
}
