using System.Diagnostics.Tracing;
using System.Globalization;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace GoMem.Bench;

/// <summary>
/// The garbage collector's pauses in a running .NET process (such as <c>gomem watch</c>), from the runtime's own
/// GC events over EventPipe (suspend start to restart end), for a given time: count, total, p99 and max by the
/// generation collected, the managed heap's size after the last one, and what was allocated, by type. Run: <c>dotnet GoMem.Bench.dll --gc-pauses PID SECONDS</c>.
/// </summary>
public static class GcPauses
{
    public static void Run(int pid, int seconds)
    {
        var client = new DiagnosticsClient(pid);
        // Verbose: the allocation ticks too (one event per ~100 KB allocated, naming the type of the object that crossed it).
        var providers = new[] { new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Verbose, (long)ClrTraceEventParser.Keywords.GC) };
        using var session = client.StartEventPipeSession(providers, requestRundown: false);
        using var source = new EventPipeEventSource(session.EventStream);
        var pauses = new List<(int Generation, double Milliseconds)>();
        double? suspended = null;
        var generation = -1;
        source.Clr.GCSuspendEEStart += e => suspended = e.TimeStampRelativeMSec;
        source.Clr.GCStart += e => generation = e.Depth;
        source.Clr.GCRestartEEStop += e =>
        {
            if (suspended is { } start)
            {
                pauses.Add((generation, e.TimeStampRelativeMSec - start));
            }

            suspended = null;
            generation = -1;
        };
        var allocated = new Dictionary<(string Type, bool Large), long>();
        source.Clr.GCAllocationTick += e =>
        {
            var key = (e.TypeName ?? "?", e.AllocationKind == GCAllocationKind.Large);
            allocated[key] = allocated.GetValueOrDefault(key) + e.AllocationAmount64;
        };
        GCHeapStatsTraceData? last = null;
        var largest = 0L;
        source.Clr.GCHeapStats += e =>
        {
            last = (GCHeapStatsTraceData)e.Clone();
            largest = Math.Max(largest, e.TotalHeapSize);
        };
        var stop = Task.Delay(TimeSpan.FromSeconds(seconds)).ContinueWith(_ => session.Stop(), TaskScheduler.Default);
        source.Process();
        stop.Wait();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{pauses.Count} GC pauses in {seconds} s, {pauses.Sum(p => p.Milliseconds):N0} ms paused in all ({pauses.Sum(p => p.Milliseconds) / seconds / 10:N1}% of the time)"));
        if (last is { } heap)
        {
            const double MiB = 1 << 20;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"managed heap after the last GC: {heap.TotalHeapSize / MiB:N0} MiB (gen0 {heap.GenerationSize0 / MiB:N0}, gen1 {heap.GenerationSize1 / MiB:N0}, gen2 {heap.GenerationSize2 / MiB:N0}, LOH {heap.GenerationSize3 / MiB:N0}, POH {heap.GenerationSize4 / MiB:N0} MiB); largest seen {largest / MiB:N0} MiB"));
        }

        var total = allocated.Values.Sum();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"allocated: {total / (double)(1 << 20) / seconds:N1} MiB/s (sampled every ~100 KB), by type:"));
        foreach (var ((type, large), bytes) in allocated.OrderByDescending(a => a.Value).Take(12))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {bytes * 100.0 / total,5:N1}%  {(large ? "LOH " : "")}{type}"));
        }

        foreach (var group in pauses.GroupBy(p => p.Generation).OrderBy(g => g.Key))
        {
            var ms = group.Select(p => p.Milliseconds).Order().ToArray();
            var p99 = ms[Math.Min(ms.Length - 1, (int)Math.Ceiling(0.99 * ms.Length) - 1)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  gen{group.Key}: {ms.Length} pauses, total {ms.Sum():N0} ms, median {ms[ms.Length / 2]:N1} ms, p99 {p99:N1} ms, max {ms[^1]:N1} ms"));
        }
    }
}
