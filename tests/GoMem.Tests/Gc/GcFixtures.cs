using System.IO.Compression;
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

    /// <summary>
    /// Every log the workload wrote: the fixtures, the held-out validation runs (heldout/) and the runs under a memory
    /// limit (limit/, gzipped).
    /// </summary>
    public static IEnumerable<string> CapturedLogs() => Directory.GetFiles(Dir, "*.log")
        .Concat(Directory.GetFiles(Path.Combine(Dir, "heldout"), "*.log"))
        .Concat(Directory.GetFiles(Path.Combine(Dir, "limit"), "*.log.gz", SearchOption.AllDirectories))
        .Order(StringComparer.Ordinal);

    public static GcTrace Read(params string[] names) => GcTraceReader.ReadFiles(names.Select(Log).ToArray());

    public static GcTrace ReadText(string text) => GcTraceReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), "test.log");

    /// <summary>NumGC as the workload itself read it from runtime.MemStats at exit (its last stderr line).</summary>
    public static int RuntimeNumGc(string path)
    {
        var match = NumGcPattern().Match(LogText(path));
        Assert.True(match.Success, $"{path} has no 'finished: NumGC=' line");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Cycles that ended after the workload read NumGC: under a limit the GC runs back to back, and a cycle under way
    /// when it read runtime.MemStats prints its line after the workload's last one.
    /// </summary>
    public static int CyclesAfterExit(string path)
    {
        var lines = LogText(path).Split('\n');
        var finished = Array.FindLastIndex(lines, l => l.Contains("finished: NumGC=", StringComparison.Ordinal));
        return lines.Skip(finished + 1).Count(l => l.StartsWith("gc ", StringComparison.Ordinal));
    }

    /// <summary>A log's text, gunzipped when its name ends in .gz.</summary>
    public static string LogText(string path)
    {
        if (!path.EndsWith(".gz", StringComparison.Ordinal))
        {
            return File.ReadAllText(path);
        }

        using var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"finished: NumGC=(\d+)")]
    private static partial Regex NumGcPattern();
}
