using System.Globalization;
using GoMem.Goroutines;
using GoMem.Leaks;
using GoMem.Monitoring.Analysis;
using GoMem.Monitoring.Collection;
using GoMem.Profiles;

namespace GoMem.Bench;

/// <summary>
/// How much memory <c>gomem watch</c> keeps per target for the online leak check: every snapshot series of testdata/
/// read the way a collection cycle reads it (heap and goroutine profile, the goroutine dump made from the latter),
/// held in a full <see cref="LeakWindow"/> per target, measured as the managed heap after a full collection; with an
/// interner per target (targets of different jobs), and with one for all (one job's targets, as the collector shares it).
/// Run: <c>dotnet run -c Release --project bench/GoMem.Bench -- --leak-window-footprint [TARGETS]</c>.
/// </summary>
public static class LeakWindowFootprint
{
    public static void Run(int targets)
    {
        Run(targets, sharedInterner: false);
        Run(targets, sharedInterner: true);
    }

    private static void Run(int targets, bool sharedInterner)
    {
        var options = new CollectorOptions();
        var series = Directory.GetDirectories(Path.Combine(BenchInputs.RepoRoot, "testdata"), "*-series*")
            .Where(d => File.Exists(Path.Combine(d, "heap.1.pb.gz")) && File.Exists(Path.Combine(d, "goroutine.1.pb.gz")))
            .Order(StringComparer.Ordinal)
            .ToArray();
        var heapBytes = new List<byte[]>();
        var goroutineBytes = new List<byte[]>();
        foreach (var dir in series)
        {
            for (var k = 1; File.Exists(Path.Combine(dir, $"heap.{k}.pb.gz")) && File.Exists(Path.Combine(dir, $"goroutine.{k}.pb.gz")); k++)
            {
                heapBytes.Add(File.ReadAllBytes(Path.Combine(dir, $"heap.{k}.pb.gz")));
                goroutineBytes.Add(File.ReadAllBytes(Path.Combine(dir, $"goroutine.{k}.pb.gz")));
            }
        }

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var windows = new LeakWindow[targets];
        var n = 0;
        var jobInterner = new LeakInterner();
        for (var t = 0; t < targets; t++)
        {
            windows[t] = new LeakWindow(options.LeakWindow);
            var interner = sharedInterner ? jobInterner : new LeakInterner();
            for (var p = 0; p < options.LeakWindow; p++, n++)
            {
                var heap = ProfileReader.ReadBytes("heap", heapBytes[n % heapBytes.Count], options.ProfileLimits);
                var goroutine = ProfileReader.ReadBytes("goroutine", goroutineBytes[n % goroutineBytes.Count], options.ProfileLimits);
                var dump = GoroutineDumpReader.FromProfile("goroutine", goroutine, GoroutineDumpFormat.Proto);
                windows[t].Add(new LeakPoint(DateTimeOffset.UnixEpoch, HeapDigest.Of(heap, interner), GoroutineDigest.Of(dump, interner), null));
            }
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(windows);
        GC.KeepAlive(jobInterner);
        var perTarget = (after - before) / (double)targets;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{(sharedInterner ? "one interner for all targets (one job)" : "an interner per target")}: {targets} targets x {options.LeakWindow} leak points ({heapBytes.Count} distinct snapshots of {series.Length} series, {heapBytes.Sum(b => b.Length) / heapBytes.Count:N0} + {goroutineBytes.Sum(b => b.Length) / goroutineBytes.Count:N0} bytes gzip each on average): " +
            $"{(after - before) / 1048576.0:N1} MiB managed heap held, {perTarget / 1024:N0} KiB per target, {perTarget / options.LeakWindow / 1024:N1} KiB per leak point"));
    }
}
