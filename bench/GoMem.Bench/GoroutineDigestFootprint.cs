using System.Diagnostics;
using System.Globalization;
using GoMem.Goroutines;
using GoMem.Leaks;

namespace GoMem.Bench;

/// <summary>
/// What the leak check's goroutine digest costs on one dump: the dump is read first (not measured), then
/// <see cref="GoroutineDigest.Of(GoroutineDump, LeakInterner?)"/> runs three times; printed are the best time, the bytes
/// allocated by one run (this thread) and the bytes the digest keeps (managed heap after a full collection, with and
/// without it). For the million-distinct-stack dumps of scripts/make-distinct-goroutine-dump.sh (docs/PERFORMANCE.md).
/// Run: <c>dotnet run -c Release --project bench/GoMem.Bench -- --goroutine-digest DUMP...</c>.
/// </summary>
public static class GoroutineDigestFootprint
{
    public static void Run(IEnumerable<string> dumps)
    {
        foreach (var path in dumps)
        {
            var dump = GoroutineDumpReader.ReadFile(path);
            var best = TimeSpan.MaxValue;
            long allocated = 0;
            GoroutineDigest? digest = null;
            for (var run = 0; run < 3; run++)
            {
                digest = null;
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var before = GC.GetAllocatedBytesForCurrentThread();
                var watch = Stopwatch.StartNew();
                digest = GoroutineDigest.Of(dump);
                watch.Stop();
                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                best = watch.Elapsed < best ? watch.Elapsed : best;
            }

            var with = GC.GetTotalMemory(forceFullCollection: true);
            GC.KeepAlive(digest);
            digest = null;
            var without = GC.GetTotalMemory(forceFullCollection: true);
            var c = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(c, $"{Path.GetFileName(path)}: {dump.Stacks.Count:N0} stacks, {dump.Total:N0} goroutines; digest {best.TotalMilliseconds:N0} ms, {allocated / 1048576.0:N1} MB allocated, {(with - without) / 1048576.0:N1} MB kept"));
            GC.KeepAlive(dump);
        }
    }
}
