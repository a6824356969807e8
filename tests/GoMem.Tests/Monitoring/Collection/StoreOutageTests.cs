using System.Diagnostics;
using GoMem.Monitoring.Collection;
using GoMem.Monitoring.Config;
using GoMem.Storage.Monitoring;
using GoMem.Tests.Storage.Monitoring;
using GoMem.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Xunit.Abstractions;

namespace GoMem.Tests.Monitoring.Collection;

/// <summary>
/// The store goes away under a running collector and comes back: the disk of an SQLite store fills up (a small
/// tmpfs) and space returns; the PostgreSQL server is restarted. Each time the collector says so in one line when
/// the outage starts and one when it ends, corrupts nothing, stores no cycle twice, and resumes by itself.
/// </summary>
public sealed class StoreOutageTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);

    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-outage-").FullName;

    public void Dispose()
    {
        Run("umount", Path.Combine(_dir, "fs"));
        Directory.Delete(_dir, recursive: true);
    }

    [TmpfsFact]
    public async Task A_full_disk_stops_the_writes_without_harm_and_collection_resumes_when_space_returns()
    {
        var fs = Directory.CreateDirectory(Path.Combine(_dir, "fs")).FullName;
        Assert.Equal(0, Run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", fs));
        using var service = CapturedService.Start();
        var path = Path.Combine(fs, "full.db");
        var log = new RecordingCollectorLog();
        using var store = SqliteMonitoringStore.Open(path);
        using var gate = new StoreGate(store);
        using var stop = new CancellationTokenSource();
        var collecting = new Collector(Watcher(service), gate, new CollectorOptions(), log, TimeProvider.System).RunAsync(stop.Token);

        var filler = Path.Combine(fs, "filler");
        await WaitForAsync(() => Samples(path) >= 4, "four cycles stored");
        var key = store.Leases().Single().TargetKey;
        FillUp(filler);
        await WaitForAsync(() => log.Problems.Any(p => p.Contains("cannot be written", StringComparison.Ordinal)), "the full disk reported");
        await Task.Delay(Interval * 4);
        var beforeSpace = Samples(path);
        File.Delete(filler);
        await WaitForAsync(() => Samples(path) >= beforeSpace + 4, "four more cycles stored once space returned");
        await stop.CancelAsync();
        await collecting;

        output.WriteLine(string.Join("\n", log.Problems));
        Assert.Single(log.Problems, p => p.Contains("cannot be written", StringComparison.Ordinal) && p.Contains("full", StringComparison.OrdinalIgnoreCase));
        Assert.Single(log.Problems, p => p.Contains("answers again", StringComparison.Ordinal));
        Assert.All(log.Problems, p => Assert.DoesNotContain('\n', p));
        Assert.Equal("ok", StoreFile.Scalar(path, "PRAGMA integrity_check;"));

        // One transaction per cycle: every stored cycle has its sample and both profiles, none has part of them.
        var target = Assert.Single(store.Targets());
        var samples = store.RuntimeSamples(target.Id, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        Assert.Equal(samples.Count, store.ProfileSnapshots(target.Id, ProfileKinds.Heap, DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Count);
        Assert.Equal(samples.Count, store.ProfileSnapshots(target.Id, ProfileKinds.Goroutine, DateTimeOffset.MinValue, DateTimeOffset.MaxValue).Count);
        var slots = CycleSlots.Of(samples, key, Interval);
        Assert.Equal(slots.Count, slots.Distinct().Count());
    }

    [PostgresFact]
    public async Task A_restarted_postgres_server_costs_the_cycles_it_was_down_for_and_no_more()
    {
        using var server = PostgresServer.StartPrivate();
        var url = server.CreateDatabase();
        using var service = CapturedService.Start();
        var log = new RecordingCollectorLog();
        using var store = PostgresMonitoringStore.Open(url);
        using var gate = new StoreGate(store);
        using var stop = new CancellationTokenSource();
        var collecting = new Collector(Watcher(service), gate, new CollectorOptions(), log, TimeProvider.System).RunAsync(stop.Token);

        using var reader = PostgresMonitoringStore.Open(url);
        await WaitForAsync(() => Samples(reader) >= 4, "four cycles stored");
        var key = reader.Leases().Single().TargetKey;
        var down = Stopwatch.StartNew();
        await Task.Run(() => server.Restart(TimeSpan.FromSeconds(2)));
        var downFor = down.Elapsed;
        var restartedAt = DateTimeOffset.UtcNow;
        await WaitForAsync(() => Samples(reader, after: restartedAt) >= 4, "four cycles stored after the restart");
        await stop.CancelAsync();
        await collecting;

        output.WriteLine($"server down {downFor.TotalSeconds:0.0} s\n" + string.Join("\n", log.Problems));
        Assert.Single(log.Problems, p => p.Contains("cannot be written", StringComparison.Ordinal));
        Assert.Single(log.Problems, p => p.Contains("answers again", StringComparison.Ordinal));
        Assert.All(log.Problems, p => Assert.DoesNotContain('\n', p));
        var target = Assert.Single(reader.Targets());
        var samples = reader.RuntimeSamples(target.Id, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        var slots = CycleSlots.Of(samples, key, Interval);
        Assert.Equal(slots.Count, slots.Distinct().Count());

        // The cycles lost are those while the server was down (and the one in flight as it went), not more.
        var lost = CycleSlots.Steps(slots).Sum(step => step - 1);
        output.WriteLine($"{samples.Count} cycles stored, {lost} lost");
        Assert.InRange(lost, 1, (long)Math.Ceiling(downFor / Interval) + 2);
    }

    private TargetWatcher Watcher(LoopbackServer service)
    {
        var config = Path.Combine(_dir, "targets.yaml");
        File.WriteAllText(config, $"scrape_configs:\n  - job_name: outage\n    scrape_interval: {Interval.TotalMilliseconds}ms\n    static_configs:\n      - targets: ['{new Uri(service.BaseUrl).Authority}']\n    profiling_config:\n      pprof_config:\n        heap: {{every: 1}}\n        goroutine: {{every: 1}}\n");
        return new TargetWatcher(WatchConfigLoader.Load(config));
    }

    /// <summary>Writes zeros into <paramref name="path"/> until the file system is full.</summary>
    private static void FillUp(string path)
    {
        using var file = File.Create(path);
        var block = new byte[64 << 10];
        try
        {
            while (true)
            {
                file.Write(block);
                file.Flush();
            }
        }
        catch (IOException)
        {
            // No space left: that is the point.
        }
    }

    private static long Samples(string path) => StoreFile.Count(path, "SELECT count(*) FROM runtime_samples;");

    private static long Samples(IMonitoringStore store, DateTimeOffset? after = null) =>
        store.Targets().Sum(t => store.RuntimeSamples(t.Id, (after ?? DateTimeOffset.MinValue).AddTicks(1), DateTimeOffset.MaxValue).Count);


    private static async Task WaitForAsync(Func<bool> done, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!done())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"not {what} within 60 s");
            await Task.Delay(50);
        }
    }

    private static int Run(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true })!;
        process.WaitForExit();
        return process.ExitCode;
    }
}

/// <summary>A test that mounts a small tmpfs to fill up: skipped (with the reason) where this process may not mount one.</summary>
public sealed class TmpfsFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Unavailable = new(Probe);

    public TmpfsFactAttribute()
    {
        if (Unavailable.Value is { } reason)
        {
            Skip = reason;
        }
    }

    /// <summary>Mounts and unmounts a tiny tmpfs: a container without the capability refuses even root.</summary>
    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux() || Environment.UserName != "root")
        {
            return "mounting a small tmpfs to fill up needs root on Linux";
        }

        var probe = Directory.CreateTempSubdirectory("gomem-tmpfs-probe-").FullName;
        try
        {
            using var mount = Process.Start(new ProcessStartInfo("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", probe]) { UseShellExecute = false, RedirectStandardError = true })!;
            mount.WaitForExit();
            if (mount.ExitCode != 0)
            {
                return "this machine refuses to mount a tmpfs (a container without CAP_SYS_ADMIN?)";
            }

            using var umount = Process.Start(new ProcessStartInfo("umount", [probe]) { UseShellExecute = false })!;
            umount.WaitForExit();
            return null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "no mount command here";
        }
        finally
        {
            Directory.Delete(probe);
        }
    }
}
