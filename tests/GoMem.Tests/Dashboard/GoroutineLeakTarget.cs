using System.Globalization;
using GoMem.Goroutines;
using GoMem.Monitoring;
using GoMem.Profiles;
using GoMem.Storage.Monitoring;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Dashboard;

/// <summary>
/// A target that leaks goroutines, for the dashboard's goroutine groups: examples/goroutineleak as
/// testdata/goroutineleak-series captured it (eight goroutine and heap profiles, 50 requests apart, each leaving a
/// goroutine parked in main.waitForReply), stored at their capture times (extra/snapshots.tsv) with a runtime sample
/// at each whose goroutine count is the profile's. The demo store has no such target (its services leak memory, not
/// goroutines).
/// </summary>
internal static class GoroutineLeakTarget
{
    public const string Job = "queue";
    public const string Instance = "127.0.0.1:7103";
    public const string Service = "goroutineleak";
    public const string LeakingFunction = "main.waitForReply";
    public const int Snapshots = 8;

    /// <summary>The k-th (1-based) goroutine profile's file.</summary>
    public static string GoroutineProfile(int k) => RepoPaths.Scenario("goroutineleak-series", $"goroutine.{k}.pb.gz");

    /// <summary>When the k-th (1-based) snapshot was captured.</summary>
    public static DateTimeOffset Time(int k) => DateTimeOffset.Parse(
        File.ReadLines(RepoPaths.Scenario("goroutineleak-series", Path.Combine("extra", "snapshots.tsv"))).Skip(k).First().Split('\t')[1],
        CultureInfo.InvariantCulture);

    /// <summary>
    /// Adds the target and its captures to <paramref name="store"/>; <paramref name="leakingFunction"/> renames
    /// main.waitForReply in every profile (a hostile name). Returns the target's id.
    /// </summary>
    public static long Add(IMonitoringStore store, string job = Job, string instance = Instance, string service = Service, string leakingFunction = LeakingFunction)
    {
        var id = store.UpsertTarget(job, instance, LabelSet.Of(("service", service)));
        for (var k = 1; k <= Snapshots; k++)
        {
            var goroutines = Capture(ProfileKinds.Goroutine, k, leakingFunction);
            var heap = Capture(ProfileKinds.Heap, k, leakingFunction);
            var total = GoroutineDumpReader.FromProfile("goroutine", goroutines, GoroutineDumpFormat.Proto).Total;
            store.AddRuntimeSample(id, new RuntimeSample { Time = Time(k), Goroutines = total });
            store.AddProfile(id, ProfileKinds.Goroutine, Time(k), goroutines);
            store.AddProfile(id, ProfileKinds.Heap, Time(k), heap);
        }

        store.RecordHealth(id, Time(Snapshots), null);
        return id;
    }

    /// <summary>The k-th (1-based) capture of a kind (heap or goroutine), main.waitForReply renamed <paramref name="leakingFunction"/>.</summary>
    public static Profile Capture(string kind, int k, string leakingFunction = LeakingFunction) =>
        Renamed(ProfileReader.ReadFile(RepoPaths.Scenario("goroutineleak-series", $"{kind}.{k}.pb.gz")), leakingFunction);

    private static Profile Renamed(Profile profile, string name)
    {
        var functions = (Function[])profile.Functions;
        for (var i = 0; i < functions.Length; i++)
        {
            if (functions[i].Name == LeakingFunction)
            {
                functions[i] = functions[i] with { Name = name };
            }
        }

        return profile;
    }
}
