using System.Diagnostics;
using System.Globalization;
using GoMem.Monitoring;
using GoMem.Monitoring.Collection;
using GoMem.Monitoring.Retention;
using GoMem.Profiles;
using GoMem.Storage.Monitoring;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace GoMem.Bench;

/// <summary>
/// How many store bytes a target costs per day under the default retention: simulates DAYS of <c>gomem watch</c> at
/// its defaults (a 10 s interval, a runtime sample every cycle, heap and goroutine profiles every 6th cycle) for
/// TARGETS targets, each cycle one transaction as the collector writes it, with a <see cref="RetentionPass"/> every 5
/// simulated minutes as the collector runs it, and prints the store's size at the end of each simulated day.
/// Profiles are the real captures of testdata/*-series* (target i replays series i mod 12, one snapshot per profile
/// cycle, round and round, as bench/GoMem.ReplayServer does); runtime samples carry every figure, with values that
/// wander as a live service's do. Run:
/// <c>dotnet run -c Release --project bench/GoMem.Bench -- --retention-footprint [DAYS] [TARGETS] [STORE]</c>
/// (STORE: an SQLite file, default a new temporary one, or a postgres:// URL of an empty database, vacuumed each
/// simulated hour as autovacuum would in real time).
/// </summary>
public static class RetentionFootprint
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);
    private const int ProfileEvery = 6;

    public static void Run(int days, int targets, string? address)
    {
        var series = LoadSeries();
        var scratch = address is null ? Directory.CreateTempSubdirectory("gomem-retention-") : null;
        var path = address ?? Path.Combine(scratch!.FullName, "footprint.db");
        try
        {
            using var store = MonitoringStores.Open(path);
            using var gate = new StoreGate(store);
            var ids = Enumerable.Range(0, targets).Select(i => store.UpsertTarget("footprint", $"127.0.0.1:{30000 + i}", LabelSet.Empty)).ToArray();
            var random = new Random(42);
            var state = ids.Select(_ => new Wander(random)).ToArray();
            var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            var cyclesPerDay = (int)(TimeSpan.FromDays(1) / Interval);
            var nextPass = start;
            var passTime = TimeSpan.Zero;
            var writeTime = Stopwatch.StartNew();
            long previous = 0;
            Console.WriteLine($"{targets} target(s), {days} simulated day(s) at a {Interval.TotalSeconds:0} s interval, profiles every {ProfileEvery}th cycle, retention {RetentionPolicy.Default}");
            Console.WriteLine("day  store bytes  per target  growth per target-day  retention passes (s)  snapshots  samples  rollups");
            for (var day = 1; day <= days; day++)
            {
                for (var c = 0; c < cyclesPerDay; c++)
                {
                    var cycle = ((day - 1) * (long)cyclesPerDay) + c;
                    var now = start + (cycle * Interval);
                    for (var t = 0; t < ids.Length; t++)
                    {
                        using var write = store.BeginCycle();
                        write.RecordHealth(ids[t], now, null);
                        write.AddRuntimeSample(ids[t], state[t].Next(now));
                        if (cycle % ProfileEvery == 0)
                        {
                            var s = series[t % series.Count];
                            var k = (int)((cycle / ProfileEvery) + (t / series.Count)) % s.Heap.Length;
                            write.AddProfile(ids[t], ProfileKinds.Heap, now, s.Heap[k]);
                            write.AddProfile(ids[t], ProfileKinds.Goroutine, now, s.Goroutine[k]);
                        }

                        write.Commit();
                    }

                    if (now >= nextPass)
                    {
                        var timer = Stopwatch.StartNew();
                        var result = RetentionPass.RunAsync(gate, RetentionPolicy.Default, now, new RetentionOptions(), CancellationToken.None).GetAwaiter().GetResult();
                        passTime += timer.Elapsed;
                        foreach (var problem in result.Problems)
                        {
                            Console.Error.WriteLine(problem);
                        }

                        nextPass = now + RetentionRunner.Every;
                    }

                    if (MonitoringStores.IsPostgres(path) && (c + 1) % (cyclesPerDay / 24) == 0)
                    {
                        // A simulated hour is seconds here: autovacuum (a minute's nap) would see a day go by in one
                        // wake-up. In real time it keeps up; VACUUM each simulated hour stands in for it.
                        Vacuum(path);
                    }
                }

                var bytes = UsedBytes(path);
                var end = start.AddDays(day);
                var snapshots = ids.Sum(id => store.ProfileSnapshots(id, ProfileKinds.Heap, start, end).Count + store.ProfileSnapshots(id, ProfileKinds.Goroutine, start, end).Count);
                var samples = ids.Sum(id => store.RuntimeSamples(id, start, end).Count);
                var rollups = ids.Sum(id => store.RuntimeRollups(id, start, end).Count);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{day,3}  {bytes,11:N0}  {bytes / targets,10:N0}  {(bytes - previous) / targets,21:N0}  {passTime.TotalSeconds,20:N1}  {snapshots,9:N0}  {samples,7:N0}  {rollups,7:N0}"));
                previous = bytes;
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wall time {writeTime.Elapsed.TotalSeconds:N0} s, of which retention passes {passTime.TotalSeconds:N1} s"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            scratch?.Delete(recursive: true);
        }
    }

    private static void Vacuum(string url)
    {
        using var source = NpgsqlDataSource.Create(ConnectionString(url));
        using var command = source.CreateCommand("VACUUM;");
        command.ExecuteNonQuery();
    }

    /// <summary>The bytes the store's data takes: SQLite's pages in use (not the free ones), PostgreSQL's relations with their indexes and TOAST.</summary>
    private static long UsedBytes(string address)
    {
        if (MonitoringStores.IsPostgres(address))
        {
            using var source = NpgsqlDataSource.Create(ConnectionString(address));
            using var command = source.CreateCommand("""
                SELECT COALESCE(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind = 'r' AND n.nspname = 'public';
                """);
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = address, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var pages = connection.CreateCommand();
        pages.CommandText = "SELECT (SELECT page_count FROM pragma_page_count()) - (SELECT freelist_count FROM pragma_freelist_count()), (SELECT page_size FROM pragma_page_size());";
        using var reader = pages.ExecuteReader();
        reader.Read();
        return reader.GetInt64(0) * reader.GetInt64(1);
    }

    private static string ConnectionString(string url)
    {
        var uri = new Uri(url);
        var user = uri.UserInfo.Split(':');
        return new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = uri.AbsolutePath.TrimStart('/'),
            Username = Uri.UnescapeDataString(user[0]),
            Password = user.Length > 1 ? Uri.UnescapeDataString(user[1]) : null,
        }.ConnectionString;
    }

    internal sealed record Captures(Profile[] Heap, Profile[] Goroutine);

    /// <summary>The real captures of testdata/*-series*, one entry per series, in name order (what the replay server serves).</summary>
    internal static List<Captures> LoadSeries()
    {
        var all = new List<Captures>();
        foreach (var dir in Directory.GetDirectories(Path.Combine(BenchInputs.RepoRoot, "testdata"), "*-series*").Order(StringComparer.Ordinal))
        {
            var heap = new List<Profile>();
            var goroutine = new List<Profile>();
            for (var k = 1; File.Exists(Path.Combine(dir, $"heap.{k}.pb.gz")) && File.Exists(Path.Combine(dir, $"goroutine.{k}.pb.gz")); k++)
            {
                heap.Add(ProfileReader.ReadFile(Path.Combine(dir, $"heap.{k}.pb.gz")));
                goroutine.Add(ProfileReader.ReadFile(Path.Combine(dir, $"goroutine.{k}.pb.gz")));
            }

            if (heap.Count > 0)
            {
                all.Add(new Captures([.. heap], [.. goroutine]));
            }
        }

        return all;
    }

    /// <summary>A live service's runtime figures: levels that wander around a base, counters that only grow.</summary>
    internal sealed class Wander(Random random)
    {
        private readonly long _base = 40_000_000 + random.Next(20_000_000);
        private readonly double _start = 1_767_000_000 + random.Next(1_000_000) + 0.25;
        private readonly long _pid = 1000 + random.Next(30_000);
        private long _numGc = random.Next(1000), _totalAlloc = random.Next(1_000_000_000);

        public RuntimeSample Next(DateTimeOffset time)
        {
            var heap = _base + random.Next(8_000_000);
            _numGc += random.Next(3);
            _totalAlloc += random.Next(50_000_000);
            return new RuntimeSample
            {
                Time = time,
                Sources = RuntimeSampleSources.DebugVars | RuntimeSampleSources.Metrics,
                RssBytes = heap + 18_000_000 + random.Next(2_000_000),
                HeapAllocBytes = heap,
                HeapInuseBytes = heap + random.Next(3_000_000),
                HeapIdleBytes = 6_000_000 + random.Next(4_000_000),
                HeapReleasedBytes = 2_000_000 + random.Next(3_000_000),
                HeapSysBytes = heap + 12_000_000,
                SysBytes = heap + 22_000_000,
                NextGcBytes = _base + 10_000_000,
                StackInuseBytes = 400_000 + (random.Next(16) * 32_768),
                Goroutines = 20 + random.Next(40),
                NumGc = _numGc,
                TotalAllocBytes = _totalAlloc,
                GcCpuFraction = 0.001 + (random.NextDouble() * 0.01),
                PauseP99Seconds = 0.0001 + (random.NextDouble() * 0.0005),
                Gogc = 100,
                ContainerLimitBytes = 512L << 20,
                ProcessStartTimeSeconds = _start,
                Pid = _pid,
            };
        }
    }
}
