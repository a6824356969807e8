using GoMem.Escape;
using GoMem.Escape.Parsing;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Escape;

/// <summary>
/// The escape fixtures: real Go 1.19 compiler output for examples/escape/v1 and v2, made by examples/capture-escape.sh.
/// </summary>
internal static class EscapeFixtures
{
    public static string Path(string version, string file) => System.IO.Path.Combine(RepoPaths.TestData, "escapedemo", version, file);

    public static EscapeLog Read(string version, string file) => EscapeLogParser.ReadFile(Path(version, file));

    public static EscapeLog ParseText(string text) =>
        EscapeLogParser.Parse(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), "test.txt");
}
