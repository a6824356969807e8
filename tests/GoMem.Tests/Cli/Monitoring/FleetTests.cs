using GoMem.Storage.Monitoring;
using GoMem.Tests.Storage.Monitoring;
using GoMem.Tests.TestSupport;
using Xunit.Abstractions;

namespace GoMem.Tests.Cli.Monitoring;

/// <summary>
/// Three <c>gomem watch</c> processes share one PostgreSQL store and six targets: they split the targets two each;
/// one is killed with SIGKILL; the other two take its targets over within two intervals; and no cycle of any target
/// is stored twice or lost beyond that window.
/// </summary>
public sealed class FleetTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(1500);

    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-fleet-").FullName;
    private readonly List<IDisposable> _services = [];
    private string? _database;

    public void Dispose()
    {
        _services.ForEach(s => s.Dispose());
        if (_database is not null)
        {
            PostgresServer.Instance.DropDatabase(_database);
        }

        Directory.Delete(_dir, recursive: true);
    }

    [PostgresFact]
    public void Three_collectors_split_the_targets_and_take_over_a_killed_ones_within_two_intervals()
    {
        _database = PostgresServer.Instance.CreateDatabase();
        var targets = Enumerable.Range(0, 6).Select(_ => CapturedService.Start(profiles: false)).ToList();
        _services.AddRange(targets);
        var config = Path.Combine(_dir, "fleet.yaml");
        File.WriteAllText(config, $"scrape_configs:\n  - job_name: fleet\n    scrape_interval: {Interval.TotalMilliseconds}ms\n    static_configs:\n      - targets: [{string.Join(", ", targets.Select(t => $"'{new Uri(t.BaseUrl).Authority}'"))}]\n");
        using var store = PostgresMonitoringStore.Open(_database);
        var collectors = Enumerable.Range(0, 3)
            .Select(i => WatchProcess.Start("--config", config, "--store", _database, "--for", "150s", "--format", "json", "-o", Path.Combine(_dir, $"collector{i}.log")))
            .ToList();
        try
        {
            collectors[0].WaitFor(() => SplitEvenly(store) && store.Targets().All(t => Samples(store, t.Id).Count >= 3), TimeSpan.FromSeconds(60), "the targets split two each with three cycles stored");
            var keys = store.Leases().Select(l => l.TargetKey).ToList();
            var steadyFrom = DateTimeOffset.UtcNow;

            var victim = collectors[1];
            var victimName = Holders(store).Single(h => h.Contains($"/{victim.Id}/", StringComparison.Ordinal));
            var victimTargets = store.Leases().Where(l => l.Holder == victimName).Select(l => l.TargetKey).ToHashSet();
            var killedAt = DateTimeOffset.UtcNow;
            victim.Kill();

            collectors[0].WaitFor(() => !Holders(store).Contains(victimName), Interval * 4, "the killed collector's targets taken over");
            collectors[0].WaitFor(
                () => store.Targets().All(t => Samples(store, t.Id).Count(s => s.Time > killedAt) >= 4),
                TimeSpan.FromSeconds(30),
                "four cycles of every target stored after the kill");
            Assert.Equal(0, collectors[0].Terminate());
            Assert.Equal(0, collectors[2].Terminate());

            Assert.Equal(6, store.Targets().Count);
            foreach (var target in store.Targets())
            {
                var key = keys.Single(k => k.Contains(target.Instance, StringComparison.Ordinal));
                var samples = Samples(store, target.Id);
                var slots = CycleSlots.Of(samples, key, Interval);
                var steps = CycleSlots.Steps(CycleSlots.Of(samples.Where(s => s.Time >= steadyFrom), key, Interval));
                var taken = victimTargets.Contains(key) ? " (taken over)" : "";
                output.WriteLine($"{target.Instance}{taken}: {samples.Count} cycles; after the split, cycle numbers step by {string.Join(",", steps)}");

                Assert.Equal(slots.Count, slots.Distinct().Count()); // no cycle stored twice
                Assert.All(steps, step => Assert.InRange(step, 1, 2)); // at most one cycle lost, at a takeover
            }

            var takeovers = string.Join("\n", Enumerable.Range(0, 3).Where(i => i != 1).SelectMany(i => File.ReadLines(Path.Combine(_dir, $"collector{i}.log"))))
                .Split('\n').Where(line => line.Contains("\"event\":\"leases\"", StringComparison.Ordinal) && line.Contains("tookOver\":[\"", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(takeovers);
        }
        finally
        {
            collectors.ForEach(c => c.Dispose());
        }
    }

    private static IReadOnlyList<RuntimeSample> Samples(IMonitoringStore store, long targetId) =>
        store.RuntimeSamples(targetId, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);

    private static HashSet<string> Holders(IMonitoringStore store) => [.. store.Leases().Select(l => l.Holder)];

    private static bool SplitEvenly(IMonitoringStore store)
    {
        var leases = store.Leases();
        return leases.Count == 6 && leases.GroupBy(l => l.Holder).Count() == 3 && leases.GroupBy(l => l.Holder).All(g => g.Count() == 2);
    }
}
