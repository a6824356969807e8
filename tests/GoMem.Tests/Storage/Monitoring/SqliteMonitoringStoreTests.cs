using GoMem.Benchmarks.Parsing;
using GoMem.Monitoring;
using GoMem.Profiles;
using GoMem.Storage;
using GoMem.Storage.Monitoring;
using GoMem.Tests.Profiles.Writing;
using GoMem.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace GoMem.Tests.Storage.Monitoring;

/// <summary>The monitoring store contract on SQLite, and what is particular to the one store file.</summary>
public sealed class SqliteMonitoringStoreTests(ITestOutputHelper output) : MonitoringStoreContract(output), IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("gomem-monitoring-");

    private string StorePath => Path.Combine(_directory.FullName, "gomem.db");

    public void Dispose() => _directory.Delete(recursive: true);

    protected override IMonitoringStore OpenStore() => SqliteMonitoringStore.Open(StorePath);

    protected override void SetSchemaVersion(int version) => Execute(StorePath, $"PRAGMA user_version = {version};");

    /// <summary>The pages the database uses as every connection sees it (committed pages still in the WAL included).</summary>
    protected override long SizeInBytes()
    {
        using var connection = Connect(StorePath);
        return Scalar(connection, "PRAGMA page_count;") * Scalar(connection, "PRAGMA page_size;");
    }

    protected override void CreateStoreBeforeExplainFigures()
    {
        // Migrations 1 (bench) and 2 (monitoring tables), as a file written before migration 3 existed.
        using var connection = Connect(StorePath, create: true);
        Execute(connection, SqliteMigrations.All[0].Sql);
        Execute(connection, SqliteMigrations.All[1].Sql);
        Execute(connection, $"""
            INSERT INTO targets (job, instance, labels_json) VALUES ('api', 'old', '{LabelSet.Empty.ToCanonicalJson()}');
            INSERT INTO runtime_samples (target_id, time_unix_ms, sources, heap_alloc_bytes, stack_inuse_bytes)
                VALUES (1, {OldSample.Time.ToUnixTimeMilliseconds()}, {(int)OldSample.Sources}, {OldSample.HeapAllocBytes}, {OldSample.StackInuseBytes});
            PRAGMA user_version = 2;
            """);
    }

    [Fact]
    public void A_damaged_size_class_blob_is_bad_input()
    {
        using (var store = SqliteMonitoringStore.Open(StorePath))
        {
            store.AddRuntimeSample(store.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Empty), FullSample(T0));
        }

        Execute(StorePath, "UPDATE runtime_samples SET size_classes = x'05ff';");
        using var reopened = SqliteMonitoringStore.Open(StorePath);
        var e = Assert.Throws<GoMem.IO.BadInputException>(() => reopened.RuntimeSamples(1, T0, T0));
        Assert.Contains("damaged store", e.Message);
    }

    protected override long CountRows(string table, long targetId)
    {
        using var connection = Connect(StorePath);
        return Scalar(connection, $"SELECT count(*) FROM {table} WHERE target_id = {targetId};");
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_bad_input()
    {
        File.WriteAllText(StorePath, "this is not an SQLite database, just text long enough to have a header......................................");
        var e = Assert.Throws<GoMem.IO.BadInputException>(() => SqliteMonitoringStore.Open(StorePath));
        Assert.Contains("not a gomem store", e.Message);
        Assert.Equal(StorePath, e.Source);
    }

    [Fact]
    public void The_file_uses_write_ahead_logging_a_busy_timeout_and_foreign_keys()
    {
        using var store = SqliteMonitoringStore.Open(StorePath);
        using var connection = Connect(StorePath);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", command.ExecuteScalar());

        using var database = SqliteDatabase.Open(StorePath);
        Assert.Equal(1, Scalar(database.Connection, "PRAGMA foreign_keys;"));
        Assert.Equal((long)SqliteDatabase.BusyTimeout.TotalMilliseconds, Scalar(database.Connection, "PRAGMA busy_timeout;"));
    }

    [Fact]
    public void Bench_history_and_monitoring_history_share_one_file()
    {
        using var bench = SqliteBenchmarkStore.Open(StorePath);
        using var monitoring = SqliteMonitoringStore.Open(StorePath);
        using var stream = File.OpenRead(RepoPaths.Scenario("bench-alloc", "v1.txt"));
        bench.Record(new RunInfo("abc", "main", T0, "v1.txt"), BenchmarkReader.Read(stream, "v1.txt", "v1.txt").Results);
        var id = monitoring.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Empty);

        Assert.Single(bench.Runs());
        Assert.Equal(id, Assert.Single(monitoring.Targets()).Id);
        Assert.Equal(SqliteMigrations.Latest, monitoring.SchemaVersion);
        Assert.Equal(1, bench.SchemaVersion);
        using var connection = Connect(StorePath);
        Assert.Equal(SqliteMigrations.Latest, Scalar(connection, "PRAGMA user_version;"));
    }

    [Fact]
    public void A_bench_store_from_before_monitoring_is_upgraded_in_place()
    {
        // A version 1 file, as the bench store wrote it before migration 2 existed.
        using (var connection = Connect(StorePath, create: true))
        {
            Execute(connection, SqliteMigrations.All[0].Sql);
            Execute(connection, "INSERT INTO runs (commit_sha, branch, time_unix_ms, source, recorded_unix_ms) VALUES ('abc', 'main', 1, 'v1.txt', 2); PRAGMA user_version = 1;");
        }

        using (var monitoring = SqliteMonitoringStore.Open(StorePath))
        {
            monitoring.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Empty);
        }

        using var bench = SqliteBenchmarkStore.Open(StorePath);
        Assert.Equal("abc", Assert.Single(bench.Runs()).Commit);
    }

    /// <summary>
    /// What a collector killed in the middle of a cycle leaves on disk, taken as a copy of the database and its
    /// write-ahead log while the cycle's transaction is open: opened, the copy holds every committed cycle and
    /// nothing of the one in progress.
    /// </summary>
    [Fact]
    public void A_collector_killed_mid_cycle_leaves_its_committed_cycles_and_nothing_half_written()
    {
        var profile = ProfileReader.ReadFile(RepoPaths.Scenario("leakymap", "heap.2.pb.gz"));
        var crashed = Path.Combine(_directory.FullName, "crashed");
        Directory.CreateDirectory(crashed);
        using (var store = SqliteMonitoringStore.Open(StorePath))
        {
            var id = store.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Empty);
            store.AddProfile(id, ProfileKinds.Heap, T0, profile);
            using var cycle = store.BeginCycle();
            cycle.AddRuntimeSample(id, FullSample(T0.AddSeconds(15)));
            for (var i = 0; i < 20; i++)
            {
                cycle.AddProfile(id, ProfileKinds.Heap, T0.AddSeconds(15 + i), ProfileProtoEncoderTests.Synthetic(5_000 + i));
            }

            foreach (var suffix in new[] { "", "-wal" })
            {
                File.Copy(StorePath + suffix, Path.Combine(crashed, "gomem.db" + suffix));
            }
        }

        using var recovered = SqliteMonitoringStore.Open(Path.Combine(crashed, "gomem.db"));
        var target = Assert.Single(recovered.Targets());
        var snapshot = Assert.Single(recovered.ProfileSnapshots(target.Id, ProfileKinds.Heap, T0.AddDays(-1), T0.AddDays(1)));
        ProfileAssert.Equal(profile, recovered.LoadProfile(snapshot.Id));
        Assert.Empty(recovered.RuntimeSamples(target.Id, T0.AddDays(-1), T0.AddDays(1)));
        using var connection = Connect(Path.Combine(crashed, "gomem.db"));
        Assert.Equal("ok", QueryText(connection, "PRAGMA integrity_check;"));
        Assert.Equal(0, Scalar(connection, "SELECT count(*) FROM profile_snapshots WHERE time_unix_ms > " + T0.ToUnixTimeMilliseconds()));
    }

    [Fact]
    public void A_damaged_snapshot_is_bad_input_naming_the_store_and_snapshot()
    {
        long snapshot;
        using (var store = SqliteMonitoringStore.Open(StorePath))
        {
            var id = store.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Empty);
            snapshot = store.AddProfile(id, ProfileKinds.Heap, T0, ProfileReader.ReadFile(RepoPaths.Scenario("leakymap", "heap.2.pb.gz")));
        }

        Execute(StorePath, $"UPDATE profile_snapshots SET samples = x'01ff' WHERE id = {snapshot};");
        using var reopened = SqliteMonitoringStore.Open(StorePath);
        var e = Assert.Throws<GoMem.IO.BadInputException>(() => reopened.LoadProfile(snapshot));
        Assert.Equal($"{StorePath} (profile snapshot {snapshot})", e.Source);
        Assert.Contains("damaged store", e.Message);
    }

    private static SqliteConnection Connect(string path, bool create = false)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = false,
            Mode = create ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadWrite,
        }.ToString());
        connection.Open();
        return connection;
    }

    private static void Execute(string path, string sql)
    {
        using var connection = Connect(path, create: true);
        Execute(connection, sql);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string QueryText(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (string)command.ExecuteScalar()!;
    }
}
