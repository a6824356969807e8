using System.Diagnostics;
using System.Globalization;
using GoMem.Findings;
using GoMem.Monitoring;
using GoMem.Monitoring.Alerting;
using GoMem.Storage.Monitoring;

namespace GoMem.Bench;

/// <summary>
/// The store <c>gomem serve</c>'s speed is measured on (scripts/serve-speed.sh): TARGETS targets × HOURS of what
/// <c>gomem watch</c> stores at its defaults, written through the store API in the order the collector writes it
/// (cycle after cycle, every target in each; one transaction per cycle of all targets, which changes nothing that
/// is stored but writes it faster): a 10 s interval with a runtime sample every cycle, heap and goroutine profiles
/// every 6th cycle, the real captures of testdata/*-series* (target i replays series i mod 12, one snapshot per
/// profile cycle, round and round, as bench/GoMem.ReplayServer serves them; bench/GoMem.ReplayServer and
/// scripts/watch-scale.sh show the collector storing the same). Every 10th target has an open leak finding and a
/// firing alert from the middle of the span on, and every 7th restarts once an hour before the end, so the
/// overview and the charts have their annotations. Run:
/// <c>dotnet run -c Release --project bench/GoMem.Bench -- --serve-store STORE [TARGETS] [HOURS]</c>
/// (STORE: a new SQLite file, or a postgres:// URL of an empty database). Prints the span it stored.
/// </summary>
public static class ServeStore
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private const int ProfileEvery = 6;

    /// <summary>The span ends here: the measurements name their times from it.</summary>
    public static readonly DateTimeOffset End = new(2026, 1, 2, 0, 0, 0, TimeSpan.Zero);

    public static void Run(string address, int targets, int hours)
    {
        if (!address.StartsWith("postgres", StringComparison.Ordinal) && File.Exists(address))
        {
            throw new InvalidOperationException($"{address} exists; the store is written into a new file");
        }

        var series = RetentionFootprint.LoadSeries();
        using var store = MonitoringStores.Open(address);
        var ids = Enumerable.Range(0, targets)
            .Select(i => store.UpsertTarget(i % 2 == 0 ? "api" : "worker", $"127.0.0.1:{30000 + i}", LabelSet.Of(("env", "bench"), ("zone", i % 3 == 0 ? "a" : "b"))))
            .ToArray();
        var random = new Random(42);
        var state = ids.Select(_ => new RetentionFootprint.Wander(random)).ToArray();
        var start = End - TimeSpan.FromHours(hours);
        var cycles = (int)(TimeSpan.FromHours(hours) / Interval);
        var clock = Stopwatch.StartNew();
        for (var cycle = 0; cycle < cycles; cycle++)
        {
            var now = start + (cycle * Interval);
            using var write = store.BeginCycle();
            for (var t = 0; t < ids.Length; t++)
            {
                write.RecordHealth(ids[t], now, null);
                write.AddRuntimeSample(ids[t], state[t].Next(now));
                if (cycle % ProfileEvery == 0)
                {
                    var s = series[t % series.Count];
                    var k = ((cycle / ProfileEvery) + (t / series.Count)) % s.Heap.Length;
                    write.AddProfile(ids[t], ProfileKinds.Heap, now, s.Heap[k]);
                    write.AddProfile(ids[t], ProfileKinds.Goroutine, now, s.Goroutine[k]);
                }

                if (t % 7 == 0 && cycle == cycles - (int)(TimeSpan.FromHours(1) / Interval))
                {
                    write.AddEvent(ids[t], now, TargetEventKinds.Restart, "pid 1000 → 1001, started " + now.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
                }
            }

            write.Commit();
            if ((cycle + 1) % 360 == 0)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{(cycle + 1) / 360} h of {hours} written ({clock.Elapsed.TotalSeconds:N0} s)"));
            }
        }

        var middle = start + ((End - start) / 2);
        for (var t = 0; t < ids.Length; t += 10)
        {
            store.UpsertFinding(new MonitoringFinding(ids[t], "heap-leak", "inuse_space main.recordSession", Severity.Warning, "Heap in use at main.recordSession grows by 1.2MB/min", "From 10MB to 40MB across the snapshots.", middle, End));
            store.UpsertAlert(new MonitoringAlert(
                ids[t],
                "GoMemHeapLeak",
                LabelSet.Of(("alertname", "GoMemHeapLeak"), ("function", "main.recordSession"), ("severity", "warning")),
                [KeyValuePair.Create("summary", "Heap in use at main.recordSession grows by 1.2MB/min")],
                AlertState.Firing,
                middle,
                middle,
                null,
                End,
                null));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{targets} targets, {hours} h from {start:yyyy-MM-ddTHH:mm:ssZ} to {End:yyyy-MM-ddTHH:mm:ssZ}, written in {clock.Elapsed.TotalSeconds:N0} s"));
    }
}
