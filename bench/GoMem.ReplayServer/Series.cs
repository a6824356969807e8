using System.Text.RegularExpressions;

namespace GoMem.ReplayServer;

/// <summary>
/// One captured snapshot series of testdata/ (vars.K.json, heap.K.pb.gz, goroutine.K.pb.gz for K = 1..n, and
/// metrics.K.txt where the series has them, else those of <c>cgoleak-series</c>), held in memory.
/// </summary>
public sealed partial class Series
{
    public const string StartPlaceholder = "@@PROCESS_START@@";

    private Series(string name, CounterTemplate[] vars, CounterTemplate[] metrics, byte[][] heap, byte[][] goroutine)
    {
        Name = name;
        Vars = vars;
        Metrics = metrics;
        Heap = heap;
        Goroutine = goroutine;
        VarsSpans = CounterTemplate.Spans(vars);
        MetricsSpans = CounterTemplate.Spans(metrics);
    }

    public string Name { get; }

    public CounterTemplate[] Vars { get; }

    public CounterTemplate[] Metrics { get; }

    public byte[][] Heap { get; }

    public byte[][] Goroutine { get; }

    public IReadOnlyDictionary<string, long> VarsSpans { get; }

    public IReadOnlyDictionary<string, long> MetricsSpans { get; }

    public int Length => Vars.Length;

    /// <summary>Every directory under <paramref name="testdata"/> named *-series* that holds vars, heap and goroutine snapshots.</summary>
    public static IReadOnlyList<Series> LoadAll(string testdata)
    {
        var fallback = Path.Combine(testdata, "cgoleak-series");
        var all = new List<Series>();
        foreach (var dir in Directory.GetDirectories(testdata, "*-series*").Order(StringComparer.Ordinal))
        {
            var n = 0;
            while (File.Exists(Path.Combine(dir, $"vars.{n + 1}.json")) && File.Exists(Path.Combine(dir, $"heap.{n + 1}.pb.gz")) && File.Exists(Path.Combine(dir, $"goroutine.{n + 1}.pb.gz")))
            {
                n++;
            }

            if (n < 2)
            {
                continue;
            }

            var metricsDir = File.Exists(Path.Combine(dir, "metrics.1.txt")) ? dir : fallback;
            var k = Enumerable.Range(1, n).ToArray();
            all.Add(new Series(
                Path.GetFileName(dir),
                [.. k.Select(i => CounterTemplate.Parse(File.ReadAllText(Path.Combine(dir, $"vars.{i}.json")), VarsCounter()))],
                [.. k.Select(i => CounterTemplate.Parse(StartTime().Replace(File.ReadAllText(Path.Combine(metricsDir, $"metrics.{((i - 1) % 8) + 1}.txt")), "${n} " + StartPlaceholder), MetricsCounter()))],
                [.. k.Select(i => File.ReadAllBytes(Path.Combine(dir, $"heap.{i}.pb.gz")))],
                [.. k.Select(i => File.ReadAllBytes(Path.Combine(dir, $"goroutine.{i}.pb.gz")))]));
        }

        return all;
    }

    [GeneratedRegex("\"(?<n>NumGC|NumForcedGC|TotalAlloc|Mallocs|Frees|Lookups|PauseTotalNs)\":(?<v>\\d+)")]
    private static partial Regex VarsCounter();

    [GeneratedRegex(@"^(?<n>[a-zA-Z_:][a-zA-Z0-9_:]*(?:_total|_count|_bucket)(?:\{[^}]*\})?) (?<v>\S+)$", RegexOptions.Multiline)]
    private static partial Regex MetricsCounter();

    [GeneratedRegex(@"^(?<n>process_start_time_seconds) \S+$", RegexOptions.Multiline)]
    private static partial Regex StartTime();
}
