using GoMem.Monitoring;
using GoMem.Monitoring.Collection;
using GoMem.Monitoring.Retention;
using GoMem.Profiles;
using GoMem.Profiles.Writing;
using GoMem.Storage.Monitoring;
using GoMem.Tests.Profiles.Writing;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Storage.Monitoring;

/// <summary>
/// Retention, the same on every engine: snapshots thinned by tier, runtime samples rolled up to exact figures,
/// idempotent passes, old events and resolved findings gone, unused profile parts collected without touching a
/// remaining (or a newly stored) snapshot. Each test applies <see cref="RetentionPass"/> as of <see cref="Now"/>, 100
/// days after <see cref="MonitoringStoreContract.T0"/>, to data written at chosen ages.
/// </summary>
public abstract partial class MonitoringStoreContract
{
    protected static readonly DateTimeOffset Now = T0.AddDays(100);

    /// <summary>The rows of one table that belong to one target (for the profile part tables).</summary>
    protected abstract long CountRows(string table, long targetId);

    [ContractFact]
    public void Profile_snapshots_are_thinned_to_the_first_of_each_span_of_their_tier_and_deleted_beyond_the_last()
    {
        using var store = OpenStore();
        var id = store.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Empty);
        var heap = ProfileReader.ReadFile(RepoPaths.Scenario("leakymap", "heap.1.pb.gz"));
        var goroutine = ProfileReader.ReadFile(RepoPaths.Scenario("leakymap", "goroutine.1.pb.gz"));
        var kept = new List<(string Kind, long Id)>();
        void Add(DateTimeOffset time, bool keep)
        {
            var h = store.AddProfile(id, ProfileKinds.Heap, time, heap);
            var g = store.AddProfile(id, ProfileKinds.Goroutine, time.AddSeconds(30), goroutine);
            if (keep)
            {
                kept.Add((ProfileKinds.Heap, h));
                kept.Add((ProfileKinds.Goroutine, g));
            }
        }

        // Under 24 h old: every one kept.
        for (var k = 0; k < 10; k++)
        {
            Add(Now.AddHours(-23).AddMinutes(k), keep: true);
        }

        // 3 days old, one a minute for 30 minutes from 3 minutes into a 10-minute span: the first of each span stays.
        var tenMinutes = Floor(Now.AddDays(-3), TimeSpan.FromMinutes(10)).AddMinutes(3);
        for (var k = 0; k < 30; k++)
        {
            Add(tenMinutes.AddMinutes(k), keep: k is 0 or 7 or 17 or 27);
        }

        // Taken at the same moment as the first of its span: the one stored first (the lower id) is the first.
        store.AddProfile(id, ProfileKinds.Heap, tenMinutes, heap);

        // 30 days old, one every 5 minutes for 2 hours from 50 minutes into an hour: the first of each hour stays.
        var hours = Floor(Now.AddDays(-30), TimeSpan.FromHours(1)).AddMinutes(50);
        for (var k = 0; k < 24; k++)
        {
            Add(hours.AddMinutes(5 * k), keep: k is 0 or 2 or 14);
        }

        // Beyond 90 days: gone.
        for (var k = 0; k < 5; k++)
        {
            Add(Now.AddDays(-91).AddMinutes(k), keep: false);
        }

        var first = RunPass(store, Now, new RetentionOptions { BatchSize = 7 });
        Assert.Equal(2 * (10 + 30 + 24 + 5) + 1 - kept.Count, first.SnapshotsDeleted);
        foreach (var kind in new[] { ProfileKinds.Heap, ProfileKinds.Goroutine })
        {
            var expected = kept.Where(k => k.Kind == kind).Select(k => k.Id).Order().ToList();
            Assert.Equal(expected, Snapshots(store, id, kind).Select(s => s.Id).Order().ToList());
        }

        Assert.Equal((1, new ProfileGarbage(0, kept.Count)), (first.PartCollections, store.ProfileGarbage(id)));
        ProfileAssert.Equal(heap, store.LoadProfile(kept[^2].Id));
        ProfileAssert.Equal(goroutine, store.LoadProfile(kept[^1].Id));

        // Again, as of the same moment: nothing more to do.
        var second = RunPass(store, Now);
        Assert.Equal(0, second.SnapshotsDeleted);
        Assert.Equal(kept.Count, Snapshots(store, id, ProfileKinds.Heap).Count + Snapshots(store, id, ProfileKinds.Goroutine).Count);
    }

    [ContractFact]
    public void Runtime_samples_roll_up_to_exact_min_average_and_max_and_counters_are_never_summed()
    {
        using var store = OpenStore();
        var id = store.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Empty);
        var minute = Floor(Now.AddDays(-2), TimeSpan.FromMinutes(1));
        RuntimeSample Sample(int second, long? rss, long goroutines, long numGc, long totalAlloc, double cpu, long? pid) => new()
        {
            Time = minute.AddSeconds(second),
            Sources = second == 45 ? RuntimeSampleSources.Metrics : RuntimeSampleSources.DebugVars,
            RssBytes = rss,
            Goroutines = goroutines,
            NumGc = numGc,
            TotalAllocBytes = totalAlloc,
            GcCpuFraction = cpu,
            GomemlimitBytes = long.MaxValue,
            Pid = pid,
        };
        store.AddRuntimeSample(id, Sample(0, 10_000_000, 10, 100, 1_000_000, 0.25, 1));
        store.AddRuntimeSample(id, Sample(15, 30_000_000, 20, 101, 2_000_000, 0.5, 1));
        store.AddRuntimeSample(id, Sample(30, null, 30, 102, 3_000_000, 0.75, 2));
        store.AddRuntimeSample(id, Sample(45, 20_000_000, 40, 103, 4_000_000, 0.5, null));
        store.AddRuntimeSample(id, FullSample(minute.AddMinutes(1)));
        var recent = FullSample(Now.AddHours(-1));
        store.AddRuntimeSample(id, recent);

        var result = RunPass(store, Now);

        Assert.Equal(5, result.SamplesRolledUp);
        Assert.Equal([recent], store.RuntimeSamples(id, T0, Now));
        var rollups = store.RuntimeRollups(id, minute, minute.AddMinutes(1).AddSeconds(30));
        Assert.Equal(2, rollups.Count);
        var r = rollups[0];
        Assert.Equal((minute, TimeSpan.FromMinutes(1), 4), (r.Time, r.Resolution, r.SampleCount));
        Assert.Equal((minute, minute.AddSeconds(45)), (r.FirstSample, r.LastSample));
        Assert.Equal(RuntimeSampleSources.DebugVars | RuntimeSampleSources.Metrics, r.Sources);
        Assert.Equal(new GaugeRollup(10_000_000, 20_000_000, 30_000_000, 3), r[RuntimeGauge.Rss]);
        Assert.Equal(new GaugeRollup(10, 25, 40, 4), r[RuntimeGauge.Goroutines]);
        Assert.Equal(new GaugeRollup(0.25, 0.5, 0.75, 4), r[RuntimeGauge.GcCpuFraction]);
        Assert.Equal(long.MaxValue, (long)r[RuntimeGauge.Gomemlimit]!.Value.Max);
        Assert.Null(r[RuntimeGauge.HeapAlloc]);

        // Counters: the last value (and the least and greatest), never a sum (406 GCs, 10 MB allocated).
        Assert.Equal(new CounterRollup(100, 103, 103), r[RuntimeCounter.NumGc]);
        Assert.Equal(new CounterRollup(1_000_000, 4_000_000, 4_000_000), r[RuntimeCounter.TotalAlloc]);
        Assert.Equal(2, r.Pid);

        var full = rollups[1];
        var sample = FullSample(minute.AddMinutes(1));
        Assert.Equal((minute.AddMinutes(1), 1), (full.Time, full.SampleCount));
        foreach (var figure in RuntimeSeriesFigures.Gauges)
        {
            var value = figure.Value(sample)!.Value;
            Assert.Equal(new GaugeRollup(value, value, value, 1), full[figure.Key]);
        }

        Assert.Equal(new CounterRollup(77, 77, 77), full[RuntimeCounter.NumGc]);
        Assert.Equal((sample.ProcessStartTimeSeconds, sample.Pid, sample.Sources), (full.ProcessStartTimeSeconds, full.Pid, full.Sources));
    }

    [ContractFact]
    public void An_hour_rolled_up_in_small_steps_equals_its_samples_rolled_up_at_once()
    {
        using var store = OpenStore();
        var id = store.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Empty);
        var hour = Floor(Now.AddDays(-8), TimeSpan.FromHours(1));
        using (var cycle = store.BeginCycle())
        {
            for (var i = 0; i < 360; i++)
            {
                cycle.AddRuntimeSample(id, new RuntimeSample { Time = hour.AddSeconds(10 * i), RssBytes = 1000L * i, NumGc = 1000 + i, PauseP99Seconds = i % 2 == 0 ? 0.125 : 0.375 });
            }

            cycle.Commit();
        }

        // Seven rows a step: minutes (six samples each) are rolled up over several steps, and so is the hour.
        var result = RunPass(store, Now, new RetentionOptions { BatchSize = 7 });

        Assert.Equal((360, 60), (result.SamplesRolledUp, result.RollupsRolledUp));
        Assert.Empty(store.RuntimeSamples(id, T0, Now));
        var r = Assert.Single(store.RuntimeRollups(id, T0, Now));
        Assert.Equal((hour, TimeSpan.FromHours(1), 360), (r.Time, r.Resolution, r.SampleCount));
        Assert.Equal((hour, hour.AddSeconds(3590)), (r.FirstSample, r.LastSample));
        Assert.Equal(new GaugeRollup(0, 179_500, 359_000, 360), r[RuntimeGauge.Rss]);
        Assert.Equal(new GaugeRollup(0.125, 0.25, 0.375, 360), r[RuntimeGauge.PauseP99]);
        Assert.Equal(new CounterRollup(1000, 1359, 1359), r[RuntimeCounter.NumGc]);

        // Again: nothing left to roll up, the hour unchanged.
        var again = RunPass(store, Now);
        Assert.Equal((0, 0), (again.SamplesRolledUp, again.RollupsRolledUp));
        Assert.Equal(r[RuntimeGauge.Rss], Assert.Single(store.RuntimeRollups(id, T0, Now))[RuntimeGauge.Rss]);
    }

    [ContractFact]
    public void A_late_sample_merges_into_its_finished_minute_and_rollups_beyond_the_horizon_go()
    {
        using var store = OpenStore();
        var id = store.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Empty);
        var minute = Floor(Now.AddDays(-2), TimeSpan.FromMinutes(1));
        store.AddRuntimeSample(id, new RuntimeSample { Time = minute.AddSeconds(10), RssBytes = 100, NumGc = 5 });
        store.AddRuntimeSample(id, new RuntimeSample { Time = minute.AddSeconds(20), RssBytes = 300, NumGc = 6 });
        store.AddRuntimeSample(id, new RuntimeSample { Time = Now.AddDays(-95), RssBytes = 1 });
        RunPass(store, Now);
        Assert.Equal(new GaugeRollup(100, 200, 300, 2), Assert.Single(store.RuntimeRollups(id, minute, minute))[RuntimeGauge.Rss]);

        // Written after its minute was rolled up (a collector with a slow clock): merged, as if it had been there.
        store.AddRuntimeSample(id, new RuntimeSample { Time = minute.AddSeconds(5), RssBytes = 500, NumGc = 4 });
        Assert.Equal(1, RunPass(store, Now).SamplesRolledUp);
        var r = Assert.Single(store.RuntimeRollups(id, T0, Now));
        Assert.Equal((3, minute.AddSeconds(5), minute.AddSeconds(20)), (r.SampleCount, r.FirstSample, r.LastSample));
        Assert.Equal(new GaugeRollup(100, 300, 500, 3), r[RuntimeGauge.Rss]);
        Assert.Equal(new CounterRollup(4, 6, 6), r[RuntimeCounter.NumGc]);

        // 95 days old: rolled up, then past the last tier, deleted.
        Assert.Empty(store.RuntimeRollups(id, T0, Now.AddDays(-90)));
    }

    [ContractFact]
    public void Old_events_and_resolved_findings_go_and_open_findings_stay_however_old()
    {
        using var store = OpenStore();
        var id = store.UpsertTarget("api", "http://10.0.0.1:6060", LabelSet.Empty);
        store.AddEvent(id, Now.AddDays(-91), TargetEventKinds.Restart, "old");
        var recent = store.AddEvent(id, Now.AddDays(-89), TargetEventKinds.Down, "recent");
        var open = store.UpsertFinding(Finding(id, "heap-growth", "open", Now.AddDays(-200)));
        store.UpsertFinding(Finding(id, "heap-growth", "resolved long ago", Now.AddDays(-120)) with { ResolvedAt = Now.AddDays(-100) });
        var lately = store.UpsertFinding(Finding(id, "heap-growth", "resolved lately", Now.AddDays(-120)) with { ResolvedAt = Now.AddDays(-10) });

        var result = RunPass(store, Now);

        Assert.Equal((1, 1), (result.EventsDeleted, result.FindingsDeleted));
        Assert.Equal([recent], store.Events(id, T0, Now).Select(e => e.Id));
        Assert.Equal([open, lately], store.RecentFindings(DateTimeOffset.MinValue, id).Select(f => f.Id).Order());
    }

    [ContractFact]
    public void Unused_profile_parts_are_collected_and_every_remaining_snapshot_exports_byte_for_byte_as_before()
    {
        using var store = OpenStore();
        var id = store.UpsertTarget("leakymap", "http://127.0.0.1:6060", LabelSet.Empty);
        var heaps = Series("heap");
        var goroutines = Series("goroutine");

        // Eight captures within one hour, 30 days ago: only the first of each kind stays. The last ones again, lately.
        var hour = Floor(Now.AddDays(-30), TimeSpan.FromHours(1));
        for (var k = 0; k < 8; k++)
        {
            store.AddProfile(id, ProfileKinds.Heap, hour.AddMinutes(k), heaps[k]);
            store.AddProfile(id, ProfileKinds.Goroutine, hour.AddMinutes(k), goroutines[k]);
        }

        store.AddProfile(id, ProfileKinds.Heap, Now.AddHours(-1), heaps[7]);
        store.AddProfile(id, ProfileKinds.Goroutine, Now.AddHours(-1), goroutines[7]);
        var remaining = (Profiles: new[] { heaps[0], heaps[7], goroutines[0], goroutines[7] }, Count: 4);
        var before = PartCounts(id);

        var result = RunPass(store, Now);

        Assert.Equal((14, 1), (result.SnapshotsDeleted, result.PartCollections));
        Assert.Equal(new ProfileGarbage(0, remaining.Count), store.ProfileGarbage(id));
        var snapshots = Snapshots(store, id, ProfileKinds.Heap).Concat(Snapshots(store, id, ProfileKinds.Goroutine)).ToList();
        Assert.Equal(remaining.Count, snapshots.Count);
        for (var i = 0; i < snapshots.Count; i++)
        {
            Assert.Equal(Exported(remaining.Profiles[i]), Exported(store.LoadProfile(snapshots[i].Id)));
        }

        // Exactly the parts the remaining four need: what a target holding only those four has.
        var fresh = store.UpsertTarget("fresh", "http://127.0.0.1:6061", LabelSet.Empty);
        foreach (var profile in remaining.Profiles)
        {
            store.AddProfile(fresh, ProfileKinds.Heap, Now, profile);
        }

        var after = PartCounts(id);
        Output.WriteLine($"parts (strings, mappings, functions, locations, stacks) before {string.Join(" ", before)}, after {string.Join(" ", after)}; deleted {result.PartsDeleted}");
        Assert.Equal(PartCounts(fresh), after);
        Assert.Equal(before.Sum() - after.Sum(), result.PartsDeleted);
        Assert.True(result.PartsDeleted > 0);

        // A profile whose parts were collected, stored again: its parts are stored again and it loads back equal.
        var again = store.AddProfile(id, ProfileKinds.Heap, Now, heaps[3]);
        ProfileAssert.Equal(heaps[3], store.LoadProfile(again));
        ProfileAssert.Equal(heaps[0], store.LoadProfile(snapshots[0].Id));
    }

    [ContractFact]
    public void A_snapshot_stored_while_parts_are_collected_keeps_every_part_it_uses()
    {
        using var store = OpenStore();
        var id = store.UpsertTarget("leakymap", "http://127.0.0.1:6060", LabelSet.Empty);
        var heaps = Series("heap");
        var hour = Floor(Now.AddDays(-30), TimeSpan.FromHours(1));
        for (var k = 0; k < 8; k++)
        {
            store.AddProfile(id, ProfileKinds.Heap, hour.AddMinutes(k), heaps[k]);
        }

        RunPass(store, Now, new RetentionOptions { PartCollectionShare = double.PositiveInfinity });
        Assert.Equal(new ProfileGarbage(7, 1), store.ProfileGarbage(id));

        // The collection reads every snapshot, then a collector stores the fourth capture again (finding its parts,
        // which no snapshot used at marking time), then the collection deletes what it found unused.
        var collection = store.CollectProfileParts(id);
        collection.Step(1000);
        Assert.Equal(1, collection.SnapshotsRead);
        var during = store.AddProfile(id, ProfileKinds.Heap, Now, heaps[3]);
        var deletedCount = store.ProfileGarbage(id).SnapshotsDeleted;
        while (!collection.Done)
        {
            collection.Step(3);
        }

        ProfileAssert.Equal(heaps[3], store.LoadProfile(during));
        ProfileAssert.Equal(heaps[0], store.LoadProfile(Snapshots(store, id, ProfileKinds.Heap)[0].Id));
        Assert.True(collection.PartsDeleted > 0);
        Assert.Equal(deletedCount - 7, store.ProfileGarbage(id).SnapshotsDeleted);
    }

    private long[] PartCounts(long targetId) =>
        [.. new[] { "profile_strings", "profile_mappings", "profile_functions", "profile_locations", "profile_stacks" }.Select(t => CountRows(t, targetId))];

    private static Profile[] Series(string kind) =>
        [.. Enumerable.Range(1, 8).Select(k => ProfileReader.ReadFile(RepoPaths.Scenario("leakymap-series", $"{kind}.{k}.pb.gz")))];

    private static byte[] Exported(Profile profile)
    {
        using var bytes = new MemoryStream();
        ProfileProtoEncoder.Write(profile, bytes);
        return bytes.ToArray();
    }

    private static IReadOnlyList<ProfileSnapshot> Snapshots(IMonitoringStore store, long id, string kind) =>
        store.ProfileSnapshots(id, kind, DateTimeOffset.UnixEpoch, Now.AddDays(1));

    private static RetentionResult RunPass(IMonitoringStore store, DateTimeOffset now, RetentionOptions? options = null, RetentionPolicy? policy = null)
    {
        using var gate = new StoreGate(store);
        var result = RetentionPass.RunAsync(gate, policy ?? RetentionPolicy.Default, now, options ?? new RetentionOptions(), CancellationToken.None).GetAwaiter().GetResult();
        Assert.True(result.Problems.Count == 0, string.Join("\n", result.Problems));
        return result;
    }

    private static DateTimeOffset Floor(DateTimeOffset time, TimeSpan span) =>
        DateTimeOffset.FromUnixTimeMilliseconds(time.ToUnixTimeMilliseconds() / (long)span.TotalMilliseconds * (long)span.TotalMilliseconds);
}
