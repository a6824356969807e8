using System.Text;
using System.Text.RegularExpressions;
using GoMem.Gc.Model;
using GoMem.Gc.Parsing;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Gc;

/// <summary>The real gctrace logs of testdata/gc (examples/capture-gc.sh) and helpers to read them.</summary>
internal static partial class GcFixtures
{
    public static string Dir => Path.Combine(RepoPaths.TestData, "gc");

    public static string Log(string name) => Path.Combine(Dir, name);

    /// <summary>Every log the workload wrote: the fixtures, and the held-out validation runs (heldout/).</summary>
    public static IEnumerable<string> CapturedLogs() => Directory.GetFiles(Dir, "*.log")
        .Concat(Directory.GetFiles(Path.Combine(Dir, "heldout"), "*.log"))
        .Order(StringComparer.Ordinal);

    public static GcTrace Read(params string[] names) => GcTraceReader.ReadFiles(names.Select(Log).ToArray());

    public static GcTrace ReadText(string text) => GcTraceReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "test.log");

    /// <summary>NumGC as the workload itself read it from runtime.MemStats at exit (its last stderr line).</summary>
    public static int RuntimeNumGc(string path)
    {
        var match = NumGcPattern().Match(File.ReadAllText(path));
        Assert.True(match.Success, $"{path} has no 'finished: NumGC=' line");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"finished: NumGC=(\d+)")]
    private static partial Regex NumGcPattern();
}
