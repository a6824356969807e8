using System.IO.Compression;
using GoMem.Monitoring;
using GoMem.Profiles;
using GoMem.Profiles.Writing;
using GoMem.Storage.Monitoring;
using GoMem.Tests.Profiles.Writing;
using GoMem.Tests.TestSupport;
using Xunit.Abstractions;

namespace GoMem.Tests.Storage.Monitoring;

/// <summary>
/// What every <see cref="IMonitoringStore"/> engine must do, written once: an engine's test class derives from this
/// and says how to open a fresh store of its kind, so SQLite today and PostgreSQL later run the same tests.
/// </summary>
public abstract partial class MonitoringStoreContract(ITestOutputHelper output)
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 23, 5, 0, 0, TimeSpan.Zero);

    protected ITestOutputHelper Output { get; } = output;

    /// <summary>
    /// Opens the store of this test: empty for each test (xunit makes a new instance of the class per test), and the
    /// same store again when called again (after the first is disposed, or beside it, as a second connection).
    /// </summary>
    protected abstract IMonitoringStore OpenStore();

    /// <summary>Makes the store look written by a newer gomem: its monitoring schema version becomes <paramref name="version"/>.</summary>
    protected abstract void SetSchemaVersion(int version);

    /// <summary>The space the store's data takes now, committed writes included.</summary>
    protected abstract long SizeInBytes();

    /// <summary>
    /// What the snapshots of a still-growing heap may cost after the first, in percent of their decoded
    /// profile.proto size (most of each is new parts; see <see cref="Successive_heap_snapshots_of_a_target_share_their_parts"/>).
    /// An engine with a large fixed cost per row (PostgreSQL: a 24-byte tuple header, a line pointer and two index
    /// entries per part) says so here; the steady state, where only samples are new, has one bound for all.
    /// </summary>
    protected virtual int GrowingSnapshotsPercentBound => 50;

    public static TheoryData<string> ScenarioDirectories()
    {
        var data = new TheoryData<string>();
        foreach (var directory in Directory.GetDirectories(RepoPaths.TestData).Where(RepoPaths.IsFixture).Order(StringComparer.Ordinal))
        {
            if (ProfileFiles(directory).Any())
            {
                data.Add(Path.GetFileName(directory));
            }
        }

        return data;
    }

    public static TheoryData<string, string> GoToolCases() => GoToolPprofExportTests.Cases();

    [ContractFact]
    public void A_new_store_is_empty_and_knows_its_schema_version()
    {
        using var store = OpenStore();
        Assert.True(store.SchemaVersion >= 1);
        Assert.Empty(store.Targets());
        Assert.Null(store.Target(1));
    }

    [ContractFact]
    public void A_target_keeps_its_id_when_upserted_again_and_takes_the_new_labels()
    {
        using var store = OpenStore();
        var api = store.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Of(("zone", "b"), ("app", "api")));
        var worker = store.UpsertTarget("worker", "http://10.0.0.2:6060", LabelSet.Empty);
        var again = store.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Of(("app", "api"), ("zone", "c")));

        Assert.Equal(api, again);
        Assert.NotEqual(api, worker);
        var targets = store.Targets();
        Assert.Equal([api, worker], targets.Select(t => t.Id));
        Assert.Equal(LabelSet.Of(("zone", "c"), ("app", "api")), targets[0].Labels);
        Assert.Equal(["app", "zone"], targets[0].Labels.Select(l => l.Key));
        Assert.Equal("http://10.0.0.1:6060", targets[0].Instance);
        Assert.Equal(TargetHealth.Unknown, targets[0].Health);
    }

    [ContractFact]
    public void The_same_instance_under_another_job_is_another_target()
    {
        using var store = OpenStore();
        var a = store.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Empty);
        var b = store.UpsertTarget("api-canary", "http://10.0.0.1:6060", LabelSet.Empty);
        Assert.NotEqual(a, b);
    }

    [ContractFact]
    public void Health_follows_every_attempt_and_keeps_the_last_error_and_success()
    {
        using var store = OpenStore();
        var id = store.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Empty);

        store.RecordHealth(id, T0, null);
        Assert.Equal(new TargetHealth(TargetHealthState.Up, null, T0, T0), store.Target(id)!.Health);

        store.RecordHealth(id, T0.AddSeconds(15), "connection refused");
        Assert.Equal(new TargetHealth(TargetHealthState.Down, "connection refused", T0, T0.AddSeconds(15)), store.Target(id)!.Health);

        store.RecordHealth(id, T0.AddSeconds(30), null);
        Assert.Equal(new TargetHealth(TargetHealthState.Up, "connection refused", T0.AddSeconds(30), T0.AddSeconds(30)), store.Target(id)!.Health);
    }

    [ContractFact]
    public void Writes_for_an_unknown_target_are_refused()
    {
        using var store = OpenStore();
        var profile = ProfileReader.ReadFile(RepoPaths.Scenario("leakymap", "heap.2.pb.gz"));
        Assert.Throws<KeyNotFoundException>(() => store.RecordHealth(42, T0, null));
        Assert.Throws<KeyNotFoundException>(() => store.AddRuntimeSample(42, new RuntimeSample { Time = T0 }));
        Assert.Throws<KeyNotFoundException>(() => store.AddEvent(42, T0, TargetEventKinds.Restart, ""));
        Assert.Throws<KeyNotFoundException>(() => store.AddProfile(42, ProfileKinds.Heap, T0, profile));
        Assert.Throws<KeyNotFoundException>(() => store.UpsertFinding(Finding(42, "leak", "k", T0)));
        Assert.Throws<KeyNotFoundException>(() => store.LoadProfile(42));
    }

    [ContractFact]
    public void Runtime_samples_come_back_between_two_times_oldest_first_with_every_figure()
    {
        using var store = OpenStore();
        var id = store.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Empty);
        var other = store.UpsertTarget("worker", "http://10.0.0.2:6060", LabelSet.Empty);
        var full = FullSample(T0.AddSeconds(30));
        var sparse = new RuntimeSample { Time = T0.AddSeconds(15), Sources = RuntimeSampleSources.Metrics, Goroutines = 12 };
        store.AddRuntimeSample(id, full);
        store.AddRuntimeSample(id, sparse);
        store.AddRuntimeSample(id, new RuntimeSample { Time = T0.AddSeconds(45), RssBytes = 1 });
        store.AddRuntimeSample(other, new RuntimeSample { Time = T0.AddSeconds(30), RssBytes = 2 });

        Assert.Equal([sparse, full], store.RuntimeSamples(id, T0.AddSeconds(15), T0.AddSeconds(30)));
        Assert.Equal(3, store.RuntimeSamples(id, T0, T0.AddMinutes(1)).Count);
        Assert.Empty(store.RuntimeSamples(id, T0.AddMinutes(1), T0.AddMinutes(2)));
    }

    [ContractFact]
    public void Events_come_back_between_two_times_oldest_first()
    {
        using var store = OpenStore();
        var id = store.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Empty);
        var up = store.AddEvent(id, T0.AddSeconds(60), TargetEventKinds.Up, "answered again");
        var down = store.AddEvent(id, T0.AddSeconds(30), TargetEventKinds.Down, "connection refused");
        store.AddEvent(id, T0.AddSeconds(90), TargetEventKinds.Restart, "process_start_time_seconds changed");

        var events = store.Events(id, T0, T0.AddSeconds(60));
        Assert.Equal(
            [new TargetEvent(down, id, T0.AddSeconds(30), "down", "connection refused"), new TargetEvent(up, id, T0.AddSeconds(60), "up", "answered again")],
            events);
    }

    [ContractTheory]
    [MemberData(nameof(ScenarioDirectories))]
    public void Every_testdata_profile_loads_back_equal_to_the_decoded_one(string scenario)
    {
        using var store = OpenStore();
        var id = store.UpsertTarget(scenario, "http://127.0.0.1:6060", LabelSet.Empty);
        var stored = new List<(string File, Profile Profile, long Snapshot)>();
        foreach (var file in ProfileFiles(Path.Combine(RepoPaths.TestData, scenario)))
        {
            var profile = ProfileReader.ReadFile(file);
            stored.Add((file, profile, store.AddProfile(id, KindOf(file), T0.AddSeconds(stored.Count), profile)));
        }

        foreach (var (file, profile, snapshot) in stored)
        {
            var loaded = store.LoadProfile(snapshot);
            try
            {
                // Text columns: bytes of a name that were not UTF-8 come back as U+FFFD (testdata/handcrafted/badutf8).
                ProfileAssert.Equal(profile.AsUtf8Text(), loaded);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new InvalidOperationException($"{Path.GetRelativePath(RepoPaths.TestData, file)}: {e.Message}", e);
            }
        }
    }

    [ContractFact]
    public void Names_that_are_not_utf8_are_stored_with_a_replacement_character_for_each_byte()
    {
        using var store = OpenStore();
        var id = store.UpsertTarget("badutf8", "http://127.0.0.1:6060", LabelSet.Empty);
        var profile = ProfileReader.ReadFile(Path.Combine(RepoPaths.TestData, "handcrafted", "badutf8.pb.gz"));
        Assert.Contains(profile.Functions, f => f.Name == "main.caf\uDCE9");

        var loaded = store.LoadProfile(store.AddProfile(id, ProfileKinds.Heap, T0, profile));

        var names = loaded.Functions.Select(f => f.Name).ToList();
        Assert.Contains("main.caf\uFFFD", names);
        Assert.Contains("main.café", names);
        Assert.Contains("main.\uFFFD\uFFFD", names);
        Assert.Contains(loaded.Functions, f => f.Filename == "server/caf\uFFFD.go");
        Assert.Contains(loaded.Labels(3).ToArray(), l => l.Key == "r\uFFFDle" && l.Text == "\uFFFDt\uFFFD");
    }

    [ContractFact]
    public void A_stored_profile_keeps_what_profile_proto_cannot_and_parts_equal_in_content()
    {
        // Labels pprof drops, ids in any order, and two functions and two locations that differ only in their ids.
        var builder = new ProfileBuilder();
        builder.AddSampleType(new GoMem.Profiles.ValueType("space", "bytes"));
        var f1 = builder.AddFunction(new Function(7, "main.f", "main.f", "f.go", 1));
        var f2 = builder.AddFunction(new Function(3, "main.f", "main.f", "f.go", 1));
        var l1 = builder.AddLocation(new Location(9, -1, 0x10, [new Line(f2, 3, 0)], false));
        var l2 = builder.AddLocation(new Location(4, -1, 0x10, [new Line(f2, 3, 0)], false));
        var l3 = builder.AddLocation(new Location(5, -1, 0x20, [new Line(f1, 4, 0), new Line(-1, 0, 0)], false));
        builder.AddSample([1], [l2, l3], [new Label("bytes", null, 0, null), new Label("empty", "", 0, null), new Label("unit", null, 0, "")]);
        builder.AddSample([-2], [l1], []);
        builder.AddSample([long.MaxValue], [], []);
        var profile = builder.Build();

        using var store = OpenStore();
        var id = store.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Empty);
        var first = store.AddProfile(id, ProfileKinds.Heap, T0, profile);
        var second = store.AddProfile(id, ProfileKinds.Heap, T0.AddSeconds(1), profile);
        ProfileAssert.Equal(profile, store.LoadProfile(first));
        ProfileAssert.Equal(profile, store.LoadProfile(second));

        var synthetic = ProfileProtoEncoderTests.Synthetic(sampleCount: 200);
        ProfileAssert.Equal(synthetic, store.LoadProfile(store.AddProfile(id, ProfileKinds.Heap, T0.AddSeconds(2), synthetic)));
    }

    [ContractGoToolTheory]
    [MemberData(nameof(GoToolCases))]
    public void A_loaded_profile_exported_reads_in_go_tool_pprof_like_the_capture(string capture, string sampleIndex)
    {
        var scratch = Directory.CreateTempSubdirectory("gomem-store-pprof-");
        try
        {
            var original = Path.Combine(RepoPaths.TestData, capture);
            long snapshot;
            using (var store = OpenStore())
            {
                var id = store.UpsertTarget("capture", "http://127.0.0.1:6060", LabelSet.Empty);
                snapshot = store.AddProfile(id, KindOf(original), T0, ProfileReader.ReadFile(original));
            }

            var exported = Path.Combine(scratch.FullName, "exported.pb.gz");
            using (var reopened = OpenStore())
            using (var file = File.Create(exported))
            {
                ProfileProtoEncoder.Write(reopened.LoadProfile(snapshot), file);
            }

            Assert.Equal(GoToolPprof.Top(original, sampleIndex, scratch.FullName), GoToolPprof.Top(exported, sampleIndex, scratch.FullName));
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    [ContractFact]
    public void Snapshots_are_listed_by_target_kind_and_time_and_the_nearest_is_found()
    {
        using var store = OpenStore();
        var id = store.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Empty);
        var other = store.UpsertTarget("worker", "http://10.0.0.2:6060", LabelSet.Empty);
        var heap = ProfileReader.ReadFile(RepoPaths.Scenario("leakymap", "heap.1.pb.gz"));
        var goroutine = ProfileReader.ReadFile(RepoPaths.Scenario("leakymap", "goroutine.1.pb.gz"));
        var h2 = store.AddProfile(id, ProfileKinds.Heap, T0.AddMinutes(2), heap);
        var h0 = store.AddProfile(id, ProfileKinds.Heap, T0, heap);
        var h4 = store.AddProfile(id, ProfileKinds.Heap, T0.AddMinutes(4), heap);
        store.AddProfile(id, ProfileKinds.Goroutine, T0.AddMinutes(1), goroutine);
        store.AddProfile(other, ProfileKinds.Heap, T0.AddMinutes(1), heap);

        var listed = store.ProfileSnapshots(id, ProfileKinds.Heap, T0, T0.AddMinutes(2));
        Assert.Equal([h0, h2], listed.Select(s => s.Id));
        Assert.All(listed, s => Assert.Equal(id, s.TargetId));
        Assert.Equal(heap.SampleCount, listed[0].SampleCount);
        Assert.Equal(heap.SampleTypes, listed[0].SampleTypes);
        Assert.Equal(T0, listed[0].Time);
        Assert.Equal("heap", listed[0].Kind);

        Assert.Equal(h0, store.NearestProfileSnapshot(id, ProfileKinds.Heap, T0.AddSeconds(-30))!.Id);
        Assert.Equal(h0, store.NearestProfileSnapshot(id, ProfileKinds.Heap, T0.AddMinutes(1))!.Id);
        Assert.Equal(h2, store.NearestProfileSnapshot(id, ProfileKinds.Heap, T0.AddSeconds(61))!.Id);
        Assert.Equal(h4, store.NearestProfileSnapshot(id, ProfileKinds.Heap, T0.AddDays(1))!.Id);
        Assert.Null(store.NearestProfileSnapshot(id, ProfileKinds.Allocs, T0));
    }

    /// <summary>
    /// Ten real heap snapshots of one program: leakymap-series (8 successive captures of one process, 6 s apart) and
    /// then leakymap-explain (2 captures of the same program run again, as after a restart). After the first, each
    /// costs its own samples and whatever stacks and locations are new in it, not its whole profile again. These
    /// are captures from a process's first minute, whose heap profile still grows (42 samples, then 98, ... 240), so
    /// much of each is new; a profile whose stacks are all stored already costs only its samples.
    /// Run with <c>--logger "console;verbosity=detailed"</c> to see the bytes per snapshot.
    /// </summary>
    [ContractFact]
    public void Successive_heap_snapshots_of_a_target_share_their_parts()
    {
        string[] files =
        [
            .. Enumerable.Range(1, 8).Select(k => RepoPaths.Scenario("leakymap-series", $"heap.{k}.pb.gz")),
            .. Enumerable.Range(1, 2).Select(k => RepoPaths.Scenario("leakymap-explain", $"heap.{k}.pb.gz")),
        ];
        using var store = OpenStore();
        var id = store.UpsertTarget("leakymap", "http://127.0.0.1:6060", LabelSet.Empty);
        var sizes = new List<long> { SizeInBytes() };
        var seenLocations = new HashSet<(string, ulong)>();
        long decodedLater = 0;
        Profile? last = null;
        Output.WriteLine($"empty store: {sizes[0]} bytes");
        Output.WriteLine("snapshot                            pb.gz  decoded  samples  locations  new locations  store growth");
        for (var i = 0; i < files.Length; i++)
        {
            var bytes = File.ReadAllBytes(files[i]);
            var decoded = DecodedLength(bytes);
            last = ProfileReader.ReadBytes(files[i], bytes);
            var snapshot = store.AddProfile(id, ProfileKinds.Heap, T0.AddSeconds(6 * i), last);
            ProfileAssert.Equal(last, store.LoadProfile(snapshot));
            sizes.Add(SizeInBytes());
            decodedLater += i > 0 ? decoded : 0;
            var newLocations = last.Locations.Count(l => seenLocations.Add((l.MappingIndex >= 0 ? last.Mappings[l.MappingIndex].File : "", l.Address)));
            Output.WriteLine($"{Path.GetRelativePath(RepoPaths.TestData, files[i]),-33} {bytes.Length,7} {decoded,8} {last.SampleCount,8} {last.Locations.Count,10} {newLocations,14} {sizes[^1] - sizes[^2],13}");
        }

        var later = sizes[^1] - sizes[1];
        Output.WriteLine($"bytes per snapshot after the first: {later / (files.Length - 1)} on average, {100.0 * later / decodedLater:F1}% of their decoded profile.proto size");

        // Storing each whole would cost its decoded size; the nine after the first cost less than half of theirs
        // (or the engine's own bound: GrowingSnapshotsPercentBound).
        Assert.True(later * 100 < decodedLater * GrowingSnapshotsPercentBound, $"the 9 later snapshots grew the store by {later} bytes; their decoded profiles hold {decodedLater}");

        // The last profile again, five times, as a process whose heap stopped changing: only its samples are new.
        var before = SizeInBytes();
        for (var i = 0; i < 5; i++)
        {
            store.AddProfile(id, ProfileKinds.Heap, T0.AddMinutes(10 + i), last!);
        }

        var steady = (SizeInBytes() - before) / 5;
        var lastDecoded = DecodedLength(File.ReadAllBytes(files[^1]));
        Output.WriteLine($"bytes per snapshot whose stacks are all stored: {steady} ({100.0 * steady / lastDecoded:F1}% of its decoded size, {lastDecoded} bytes)");
        Assert.True(steady < lastDecoded / 8, $"a snapshot whose parts are all stored grew the store by {steady} bytes; decoded it is {lastDecoded}");
    }

    [ContractFact]
    public void Findings_are_upserted_by_target_code_and_key_and_listed_open_or_recent()
    {
        using var store = OpenStore();
        var id = store.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Empty);
        var other = store.UpsertTarget("worker", "http://10.0.0.2:6060", LabelSet.Empty);

        var leak = store.UpsertFinding(Finding(id, "heap-growth", "main.(*cache).put", T0));
        var again = store.UpsertFinding(Finding(id, "heap-growth", "main.(*cache).put", T0.AddMinutes(-5)) with { LastSeen = T0.AddMinutes(10), Severity = GoMem.Findings.Severity.Critical, Detail = "still growing" });
        var goroutines = store.UpsertFinding(Finding(id, "goroutine-growth", "main.worker", T0.AddMinutes(1)));
        var elsewhere = store.UpsertFinding(Finding(other, "heap-growth", "main.(*cache).put", T0.AddMinutes(2)));
        Assert.Equal(leak, again);

        var open = store.OpenFindings(id);
        Assert.Equal([leak, goroutines], open.Select(f => f.Id));
        Assert.Equal(
            new MonitoringFinding(id, "heap-growth", "main.(*cache).put", GoMem.Findings.Severity.Critical, "title of heap-growth", "still growing", T0.AddMinutes(-5), T0.AddMinutes(10)),
            open[0].Finding);
        Assert.Equal(3, store.OpenFindings().Count);

        store.UpsertFinding(Finding(id, "goroutine-growth", "main.worker", T0.AddMinutes(1)) with { LastSeen = T0.AddMinutes(3), ResolvedAt = T0.AddMinutes(20) });
        Assert.Equal([leak], store.OpenFindings(id).Select(f => f.Id));
        Assert.Equal([leak, elsewhere], store.OpenFindings().Select(f => f.Id));
        Assert.Equal([leak, goroutines], store.RecentFindings(T0.AddMinutes(5), id).Select(f => f.Id));
        Assert.Equal([leak, goroutines, elsewhere], store.RecentFindings(T0).Select(f => f.Id));
        Assert.Equal(T0.AddMinutes(20), store.RecentFindings(T0, id).Single(f => f.Id == goroutines).Finding.ResolvedAt);
    }

    [ContractFact]
    public void A_cycle_is_visible_only_once_committed_and_leaves_nothing_when_abandoned()
    {
        using var store = OpenStore();
        var id = store.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Empty);
        var profile = ProfileReader.ReadFile(RepoPaths.Scenario("leakymap", "heap.2.pb.gz"));

        using (var abandoned = store.BeginCycle())
        {
            WriteCycle(abandoned, id, T0, profile);
            Assert.Throws<InvalidOperationException>(() => store.BeginCycle());
        }

        AssertCycles(store, id, 0);

        using (var cycle = store.BeginCycle())
        {
            WriteCycle(cycle, id, T0, profile);
            cycle.Commit();
        }

        AssertCycles(store, id, 1);
        ProfileAssert.Equal(profile, store.LoadProfile(store.ProfileSnapshots(id, ProfileKinds.Heap, T0, T0).Single().Id));
    }

    [ContractFact]
    public void Everything_survives_closing_and_reopening()
    {
        var profile = ProfileReader.ReadFile(RepoPaths.Scenario("goroutineleak", "goroutine.2.pb.gz"));
        long id;
        long snapshot;
        using (var store = OpenStore())
        {
            id = store.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Of(("env", "prod")));
            using var cycle = store.BeginCycle();
            snapshot = WriteCycle(cycle, id, T0, profile);
            cycle.Commit();
        }

        using var reopened = OpenStore();
        var target = Assert.Single(reopened.Targets());
        Assert.Equal(new MonitoringTarget(id, "api", "http://10.0.0.1:6060", LabelSet.Of(("env", "prod")), new TargetHealth(TargetHealthState.Up, null, T0, T0)), target);
        Assert.Equal([FullSample(T0)], reopened.RuntimeSamples(id, T0, T0));
        Assert.Single(reopened.Events(id, T0, T0));
        Assert.Single(reopened.OpenFindings(id));
        ProfileAssert.Equal(profile, reopened.LoadProfile(snapshot));
        Assert.Equal(id, reopened.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Of(("env", "prod"))));
    }

    [ContractFact]
    public void A_second_connection_reads_while_the_first_is_writing()
    {
        var profile = ProfileReader.ReadFile(RepoPaths.Scenario("churn", "heap.2.pb.gz"));
        using var writer = OpenStore();
        var id = writer.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Empty);
        writer.AddRuntimeSample(id, FullSample(T0));
        using var reader = OpenStore();

        using (var cycle = writer.BeginCycle())
        {
            WriteCycle(cycle, id, T0.AddSeconds(15), profile);

            // The reader is not blocked and sees the last committed state, not the cycle in progress.
            Assert.Single(reader.RuntimeSamples(id, T0, T0.AddMinutes(1)));
            Assert.Empty(reader.ProfileSnapshots(id, ProfileKinds.Heap, T0, T0.AddMinutes(1)));
            Assert.Equal(TargetHealthState.Unknown, reader.Target(id)!.Health.State);
            cycle.Commit();
        }

        Assert.Equal(2, reader.RuntimeSamples(id, T0, T0.AddMinutes(1)).Count);
        var snapshot = Assert.Single(reader.ProfileSnapshots(id, ProfileKinds.Heap, T0, T0.AddMinutes(1)));
        ProfileAssert.Equal(profile, reader.LoadProfile(snapshot.Id));

        // And the other way round: the reader can write too once the writer is done.
        reader.AddEvent(id, T0.AddSeconds(20), TargetEventKinds.Restart, "pid changed");
        Assert.Equal(2, writer.Events(id, T0, T0.AddMinutes(1)).Count);
    }

    [ContractFact]
    public void A_store_from_a_newer_gomem_is_refused_as_bad_input()
    {
        int current;
        using (var store = OpenStore())
        {
            current = store.SchemaVersion;
            store.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Empty);
        }

        SetSchemaVersion(current + 7);
        var e = Assert.Throws<GoMem.IO.BadInputException>(OpenStore);
        Assert.Contains("newer than this gomem understands", e.Message);
    }

    protected static RuntimeSample FullSample(DateTimeOffset time) => new()
    {
        Time = time,
        Sources = RuntimeSampleSources.DebugVars | RuntimeSampleSources.Metrics | RuntimeSampleSources.Cgroup,
        RssBytes = 48_234_496,
        HeapAllocBytes = 21_000_000,
        HeapInuseBytes = 23_000_000,
        HeapIdleBytes = 9_000_000,
        HeapReleasedBytes = 4_000_000,
        HeapSysBytes = 32_000_000,
        SysBytes = 41_000_000,
        NextGcBytes = 40_000_000,
        StackInuseBytes = 655_360,
        Goroutines = 1_234,
        NumGc = 77,
        TotalAllocBytes = 9_876_543_210,
        GcCpuFraction = 0.012345,
        PauseP99Seconds = 0.000_321,
        Gogc = -1,
        GomemlimitBytes = long.MaxValue,
        ContainerLimitBytes = 512L << 20,
        ProcessStartTimeSeconds = 1_795_323_456.78,
        Pid = 4242,
        StackSysBytes = 688_128,
        HeapObjects = 123_456,
        MSpanSysBytes = 326_400,
        MCacheSysBytes = 15_600,
        BuckHashSysBytes = 1_456_789,
        GcSysBytes = 2_345_678,
        OtherSysBytes = 987_654,
        HeapLiveBytes = 19_500_000,
        PauseCount = 256,
        PauseP50Seconds = 0.000_045_455,
        PauseMaxSeconds = 0.001_234_567_891,
        SizeClasses = new SizeClassCounts([(4096, 5_000), (8192, 12), (48, 3), (1L << 40, 1), (16, 0)]),
    };

    private static long WriteCycle(IMonitoringCycle cycle, long id, DateTimeOffset time, Profile profile)
    {
        cycle.RecordHealth(id, time, null);
        cycle.AddRuntimeSample(id, FullSample(time));
        cycle.AddEvent(id, time, TargetEventKinds.Restart, "pid 4241 → 4242");
        cycle.UpsertFinding(Finding(id, "heap-growth", "main.(*cache).put", time));
        return cycle.AddProfile(id, ProfileKinds.Heap, time, profile);
    }

    private static void AssertCycles(IMonitoringStore store, long id, int count)
    {
        var all = (T0.AddDays(-1), T0.AddDays(1));
        Assert.Equal(count, store.RuntimeSamples(id, all.Item1, all.Item2).Count);
        Assert.Equal(count, store.Events(id, all.Item1, all.Item2).Count);
        Assert.Equal(count, store.OpenFindings(id).Count);
        Assert.Equal(count, store.ProfileSnapshots(id, ProfileKinds.Heap, all.Item1, all.Item2).Count);
        Assert.Equal(count == 0 ? TargetHealthState.Unknown : TargetHealthState.Up, store.Target(id)!.Health.State);
    }

    private static MonitoringFinding Finding(long targetId, string code, string key, DateTimeOffset seen) =>
        new(targetId, code, key, GoMem.Findings.Severity.Warning, "title of " + code, "detail of " + key, seen, seen);

    private static IEnumerable<string> ProfileFiles(string directory) =>
        Directory.GetFiles(directory, "*.pb.gz").Concat(Directory.GetFiles(directory, "*.debug1.txt")).Order(StringComparer.Ordinal);

    private static string KindOf(string file) => Path.GetFileName(file).Split('.')[0] switch
    {
        "heap" => ProfileKinds.Heap,
        "allocs" => ProfileKinds.Allocs,
        "goroutine" => ProfileKinds.Goroutine,
        var other => other,
    };

    private static long DecodedLength(byte[] gzip)
    {
        using var inflated = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
        using var counter = new MemoryStream();
        inflated.CopyTo(counter);
        return counter.Length;
    }
}
