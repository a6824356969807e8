using GoMem.Monitoring;
using GoMem.Profiles;
using GoMem.Storage.Monitoring;
using GoMem.Tests.Profiles.Writing;
using GoMem.Tests.TestSupport;
using Xunit.Abstractions;

namespace GoMem.Tests.Storage.Monitoring;

/// <summary>
/// The monitoring store contract on a real PostgreSQL server (<see cref="PostgresServer"/>: one throwaway cluster per
/// test run, one database per test), and what is particular to a store many collectors share over a network.
/// </summary>
[RequiresPostgres]
public sealed class PostgresMonitoringStoreTests : MonitoringStoreContract, IDisposable
{
    private readonly Lazy<string> _url;

    public PostgresMonitoringStoreTests(ITestOutputHelper output)
        : base(output)
    {
        _url = new(() =>
        {
            var server = PostgresServer.Instance;
            Output.WriteLine($"PostgreSQL test cluster on 127.0.0.1:{server.Port} (initdb and start took {server.Startup.TotalSeconds:F1} s)");
            return server.CreateDatabase();
        });
    }

    private string Database => PostgresServer.DatabaseName(_url.Value);

    public void Dispose()
    {
        if (_url.IsValueCreated)
        {
            PostgresServer.Instance.DropDatabase(_url.Value);
        }
    }

    protected override IMonitoringStore OpenStore() => PostgresMonitoringStore.Open(_url.Value);

    protected override void SetSchemaVersion(int version) =>
        PostgresServer.Instance.Execute($"INSERT INTO gomem_schema_migrations (version, description) VALUES ({version}, 'written by a newer gomem');", Database);

    protected override void CreateStoreBeforeExplainFigures()
    {
        var (version, description, sql) = PostgresMonitoringSchema.Migrations[0];
        PostgresServer.Instance.Execute(
            $"""
            CREATE TABLE gomem_schema_migrations (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
            {sql}
            INSERT INTO gomem_schema_migrations (version, description) VALUES ({version}, '{description}');
            INSERT INTO targets (job, instance, labels_json) VALUES ('api', 'old', '{LabelSet.Empty.ToCanonicalJson()}');
            INSERT INTO runtime_samples (target_id, time_unix_ms, sources, heap_alloc_bytes, stack_inuse_bytes)
                VALUES (1, {OldSample.Time.ToUnixTimeMilliseconds()}, {(int)OldSample.Sources}, {OldSample.HeapAllocBytes}, {OldSample.StackInuseBytes});
            """,
            Database);
    }

    /// <summary>The tables' space as the server counts it (heap, TOAST and indexes), committed writes included.</summary>
    protected override long SizeInBytes() => Convert.ToInt64(
        PostgresServer.Instance.Scalar(
            """
            SELECT COALESCE(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind = 'r' AND n.nspname = 'public';
            """,
            Database),
        System.Globalization.CultureInfo.InvariantCulture);

    protected override long CountRows(string table, long targetId) => Convert.ToInt64(
        PostgresServer.Instance.Scalar($"SELECT count(*) FROM {table} WHERE target_id = {targetId};", Database), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Measured: 126% (SQLite: 44%). Each new part is a row of its own, and a PostgreSQL row costs about 28 bytes
    /// before its data plus two index entries (id, and target and hash), while most parts are 10 to 40 bytes; the
    /// decoded profile.proto is dense varints. Once a target's stacks are stored, a snapshot costs 7% of its decoded
    /// size, as in SQLite. Packing a batch of new parts into one row would bring this down.
    /// </summary>
    protected override int GrowingSnapshotsPercentBound => 150;

    [PostgresFact]
    public void Several_collectors_opening_a_new_database_at_once_migrate_it_once()
    {
        const int Collectors = 6;
        using var ready = new Barrier(Collectors);
        var threads = Enumerable.Range(0, Collectors).Select(_ => Task.Run(() =>
        {
            ready.SignalAndWait();
            using var store = OpenStore();
            return store.SchemaVersion;
        })).ToArray();
        Task.WaitAll(threads);

        Assert.All(threads, t => Assert.Equal(PostgresMonitoringSchema.Latest, t.Result));
        Assert.Equal((long)PostgresMonitoringSchema.Migrations.Count, Count("SELECT count(*) FROM gomem_schema_migrations;"));
    }

    /// <summary>
    /// Two collectors (two store instances, two connections) write cycles for the same target at the same time,
    /// with profiles that share most of their parts: every part is still stored once (the per-target advisory lock
    /// serializes the lookups and inserts), and every snapshot loads back equal.
    /// </summary>
    [PostgresFact]
    public void Two_collectors_writing_the_same_target_at_once_store_each_part_once()
    {
        var profiles = Enumerable.Range(1, 8).Select(k => ProfileReader.ReadFile(RepoPaths.Scenario("leakymap-series", $"heap.{k}.pb.gz"))).ToArray();
        long id;
        using (var setup = OpenStore())
        {
            id = setup.UpsertTarget("leakymap", "http://127.0.0.1:6060", LabelSet.Empty);
        }

        using var ready = new Barrier(2);
        var writers = Enumerable.Range(0, 2).Select(w => Task.Run(() =>
        {
            using var store = OpenStore();
            ready.SignalAndWait();
            var written = new List<(long Snapshot, Profile Profile)>();
            for (var i = 0; i < profiles.Length; i++)
            {
                using var cycle = store.BeginCycle();
                cycle.RecordHealth(id, T0.AddSeconds(i), null);
                cycle.AddRuntimeSample(id, FullSample(T0.AddSeconds(i)));
                written.Add((cycle.AddProfile(id, ProfileKinds.Heap, T0.AddSeconds(i).AddMilliseconds(w), profiles[i]), profiles[i]));
                cycle.Commit();
            }

            return written;
        })).ToArray();
        Task.WaitAll(writers);

        using var reader = OpenStore();
        foreach (var (snapshot, profile) in writers.SelectMany(w => w.Result))
        {
            ProfileAssert.Equal(profile, reader.LoadProfile(snapshot));
        }

        Assert.Equal(2 * profiles.Length, reader.ProfileSnapshots(id, ProfileKinds.Heap, T0, T0.AddMinutes(1)).Count);
        Assert.Equal(0, Count("SELECT count(*) - count(DISTINCT (hash, value)) FROM profile_strings;"));
        Assert.Equal(0, Count("SELECT count(*) - count(DISTINCT (hash, memory_start, memory_limit, file_offset, file_id, build_id_id, flags, variant)) FROM profile_mappings;"));
        Assert.Equal(0, Count("SELECT count(*) - count(DISTINCT (hash, name_id, system_name_id, filename_id, start_line, variant)) FROM profile_functions;"));
        Assert.Equal(0, Count("SELECT count(*) - count(DISTINCT (hash, mapping_id, address, is_folded, variant, lines)) FROM profile_locations;"));
        Assert.Equal(0, Count("SELECT count(*) - count(DISTINCT (hash, locations)) FROM profile_stacks;"));
    }

    /// <summary>
    /// The server drops the collector's connection (a restart, a network cut, <c>pg_terminate_backend</c>) in the
    /// middle of a cycle: the commit fails as an I/O error of one line naming the server, nothing of the cycle is
    /// stored, and the same store instance goes on with a new connection.
    /// </summary>
    [PostgresFact]
    public void A_connection_dropped_mid_cycle_rolls_the_cycle_back_and_the_store_goes_on()
    {
        var profile = ProfileReader.ReadFile(RepoPaths.Scenario("leakymap", "heap.2.pb.gz"));
        using var store = OpenStore();
        var id = store.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Empty);
        store.AddRuntimeSample(id, FullSample(T0));

        var cycle = store.BeginCycle();
        cycle.RecordHealth(id, T0.AddSeconds(15), null);
        cycle.AddRuntimeSample(id, FullSample(T0.AddSeconds(15)));
        cycle.AddProfile(id, ProfileKinds.Heap, T0.AddSeconds(15), profile);
        Assert.Equal(1L, Count($"SELECT count(*) FROM (SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{Database}' AND state LIKE 'idle in transaction%') t;"));

        var e = Assert.Throws<IOException>(cycle.Commit);
        cycle.Dispose();
        Output.WriteLine(e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.Contains("could not commit the cycle", e.Message);
        Assert.Contains($"127.0.0.1:{PostgresServer.Instance.Port}", e.Message);

        Assert.Single(store.RuntimeSamples(id, T0, T0.AddMinutes(1)));
        Assert.Empty(store.ProfileSnapshots(id, ProfileKinds.Heap, T0, T0.AddMinutes(1)));
        Assert.Equal(TargetHealthState.Unknown, store.Target(id)!.Health.State);
        Assert.Equal(0, Count("SELECT count(*) FROM profile_stacks;"));

        using (var next = store.BeginCycle())
        {
            next.AddProfile(id, ProfileKinds.Heap, T0.AddSeconds(30), profile);
            next.Commit();
        }

        ProfileAssert.Equal(profile, store.LoadProfile(Assert.Single(store.ProfileSnapshots(id, ProfileKinds.Heap, T0, T0.AddMinutes(1))).Id));
    }

    [PostgresFact]
    public void A_database_that_does_not_exist_is_an_io_error_of_one_line()
    {
        var port = PostgresServer.Instance.Port;
        var e = Assert.Throws<IOException>(() => PostgresMonitoringStore.Open($"postgres://postgres:secret@127.0.0.1:{port}/no_such_database"));
        Output.WriteLine(e.Message);
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain("secret", e.Message);
        Assert.Contains($"127.0.0.1:{port}", e.Message);
        Assert.Contains("no_such_database", e.Message);
    }

    [PostgresFact]
    public void A_damaged_snapshot_is_bad_input_naming_the_store_and_snapshot()
    {
        long snapshot;
        using (var store = OpenStore())
        {
            var id = store.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Empty);
            snapshot = store.AddProfile(id, ProfileKinds.Heap, T0, ProfileReader.ReadFile(RepoPaths.Scenario("leakymap", "heap.2.pb.gz")));
        }

        PostgresServer.Instance.Execute($"UPDATE profile_snapshots SET samples = '\\x01ff' WHERE id = {snapshot};", Database);
        using var reopened = OpenStore();
        var e = Assert.Throws<GoMem.IO.BadInputException>(() => reopened.LoadProfile(snapshot));
        Assert.Equal($"postgres://postgres@127.0.0.1:{PostgresServer.Instance.Port}/{Database} (profile snapshot {snapshot})", e.Source);
        Assert.Contains("damaged store", e.Message);
    }

    [PostgresFact]
    public void A_profile_of_thousands_of_samples_is_stored_in_batches_and_loads_back_equal()
    {
        var synthetic = ProfileProtoEncoderTests.Synthetic(sampleCount: 5_000);
        using var store = OpenStore();
        var id = store.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Empty);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var snapshot = store.AddProfile(id, ProfileKinds.Heap, T0, synthetic);
        Output.WriteLine($"stored a {synthetic.SampleCount}-sample profile in {clock.ElapsedMilliseconds} ms");
        ProfileAssert.Equal(synthetic, store.LoadProfile(snapshot));
        Assert.Equal(synthetic.SampleCount, Assert.Single(store.ProfileSnapshots(id, ProfileKinds.Heap, T0, T0)).SampleCount);
    }

    private long Count(string sql) => Convert.ToInt64(PostgresServer.Instance.Scalar(sql, Database), System.Globalization.CultureInfo.InvariantCulture);
}
