using System.Diagnostics;
using System.Net;
using GoMem.Dashboard;
using GoMem.Monitoring;
using GoMem.Monitoring.Exposition;
using GoMem.Profiles;
using GoMem.Storage;
using GoMem.Storage.Monitoring;
using GoMem.Tests.TestSupport;
using Xunit.Abstractions;

namespace GoMem.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser: Debian's chromium driven by playwright-core (web/tests/dashboard.browser.mjs)
/// against the server over a copy of the demo store with benchmark runs recorded in it, plus a target that leaks
/// goroutines (<see cref="GoroutineLeakTarget"/>: the demo store's services leak memory only), a target whose label,
/// heap and goroutine profiles' function name, restart and alert are markup, and a benchmark whose name is markup.
/// UPDATE_SCREENSHOTS=1 writes the screenshots to docs/images/ (for the README).
/// </summary>
public sealed class DashboardBrowserTests(ITestOutputHelper output)
{
    private const string HostileLabel = "<script>window.__pwned=1</script>";
    private const string HostileFunction = "<img src=x onerror=\"window.__pwned=2\">main.recordSession";
    private const string HostileText = "<img src=x onerror=\"window.__pwned=4\">";
    private const string HostileBenchmark = "Evil<img/src=x/onerror=window.__pwned=3>";

    [BrowserFact]
    public async Task Overview_filter_target_charts_zoom_moment_focus_diff_findings_and_bench_work_in_chromium_and_markup_stays_text()
    {
        var dir = Directory.CreateTempSubdirectory("gomem-browser-").FullName;
        try
        {
            var path = DemoCopy.Make(dir);
            RecordBenchmarks(dir, path);
            using var store = MonitoringStores.Open(path);
            using var bench = SqliteBenchmarkStore.Open(path);
            GoroutineLeakTarget.Add(store);
            AddHostileTarget(store);
            await using var server = await DashboardServer.StartAsync(store, "demo.db", new ListenAddress(IPAddress.Loopback, GoService.FreePort()), token: null, bench);
            var shots = Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") == "1" ? Path.Combine(RepoPaths.Root, "docs", "images") : dir;
            var (code, text) = await Node(RepoPaths.Web, "tests/dashboard.browser.mjs", server.Url.ToString(), shots, "leakymap", GoroutineLeakTarget.Instance, HostileLabel, HostileFunction, HostileText, HostileBenchmark);
            output.WriteLine(text);

            Assert.True(code == 0, "the browser test failed:\n" + text);
            Assert.True(File.Exists(Path.Combine(shots, "dashboard-diff.png")), "the diff's screenshot");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    [BrowserFact]
    public async Task The_flame_page_of_gomem_flame_draws_searches_and_zooms_with_the_shared_flame_code()
    {
        var dir = Directory.CreateTempSubdirectory("gomem-flame-page-").FullName;
        try
        {
            var page = Path.Combine(dir, "heap.html");
            Assert.Equal(0, GoMemCli.Run("flame", RepoPaths.Scenario("leakymap", "heap.2.pb.gz"), "-o", page).ExitCode);
            var (code, text) = await Node(RepoPaths.Web, "tests/flame-page.browser.mjs", page, "main.recordSession");
            output.WriteLine(text);

            Assert.True(code == 0, "the flame page failed in the browser:\n" + text);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// A target whose service label is markup, with samples, two heap profiles whose leaking function's name is markup,
    /// two goroutine profiles whose parked-in function's name is, a restart whose detail is markup and a pending alert
    /// whose labels and summary are.
    /// </summary>
    private static void AddHostileTarget(IMonitoringStore store)
    {
        var id = store.UpsertTarget("evil", "127.0.0.1:9999", LabelSet.Of(("service", HostileLabel)));
        var t0 = DateTimeOffset.Parse("2026-12-04T23:15:40Z", System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < 10; i++)
        {
            store.AddRuntimeSample(id, new RuntimeSample { Time = t0.AddSeconds(2 * i), RssBytes = (10 + i) << 20, HeapInuseBytes = (5 + i) << 20, Goroutines = 7 });
        }

        store.RecordHealth(id, t0.AddSeconds(18), null);
        foreach (var (k, seconds) in new[] { (1, 2), (2, 16) })
        {
            var heap = ProfileReader.ReadFile(RepoPaths.Scenario("leakymap", $"heap.{k}.pb.gz"));
            var functions = (Function[])heap.Functions;
            var leak = Array.FindIndex(functions, f => f.Name == "main.recordSession");
            functions[leak] = functions[leak] with { Name = HostileFunction };
            store.AddProfile(id, ProfileKinds.Heap, t0.AddSeconds(seconds), heap);
            store.AddProfile(id, ProfileKinds.Goroutine, t0.AddSeconds(seconds), GoroutineLeakTarget.Capture(ProfileKinds.Goroutine, 6 + k, HostileFunction));
        }

        store.AddEvent(id, t0.AddSeconds(8), TargetEventKinds.Restart, "pid 1 → 2 " + HostileText);
        store.UpsertAlert(new MonitoringAlert(
            id,
            "GoMemHeapLeak",
            LabelSet.Of(("alertname", "GoMemHeapLeak"), ("function", HostileFunction), ("severity", "critical")),
            [KeyValuePair.Create("summary", "grows " + HostileText)],
            GoMem.Monitoring.Alerting.AlertState.Pending,
            t0.AddSeconds(12),
            null,
            null,
            t0.AddSeconds(18),
            null));
    }

    /// <summary>bench-alloc's v1 at two commits then v2 at a third (allocations added), and a benchmark whose name is markup.</summary>
    private static void RecordBenchmarks(string dir, string store)
    {
        foreach (var (version, commit, time) in new[] { ("v1", "1111111aaaa", "2026-11-01T10:00:00Z"), ("v1", "2222222bbbb", "2026-11-02T10:00:00Z"), ("v2", "3333333cccc", "2026-11-03T10:00:00Z") })
        {
            Assert.Equal(0, GoMemCli.Run("bench", "record", RepoPaths.Scenario("bench-alloc", version + ".txt"), "--commit", commit, "--time", time, "--store", store).ExitCode);
        }

        var evil = Path.Combine(dir, "evil.txt");
        File.WriteAllText(evil, $"pkg: example.com/evil\nBenchmark{HostileBenchmark}-2   1000   123 ns/op   64 B/op   2 allocs/op\nBenchmark{HostileBenchmark}-2   1000   125 ns/op   64 B/op   2 allocs/op\n");
        Assert.Equal(0, GoMemCli.Run("bench", "record", evil, "--commit", "4444444dddd", "--time", "2026-11-04T10:00:00Z", "--store", store).ExitCode);
    }

    private static async Task<(int Code, string Output)> Node(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out after 3 minutes\n" + await stdout + await stderr);
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}

/// <summary>A browser test: skipped, with the reason, without Debian's chromium, web/'s packages or the built page.</summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (!File.Exists("/usr/bin/chromium"))
        {
            Skip = "needs Debian's chromium at /usr/bin/chromium (test.sh installs it: apt-get install -y chromium)";
        }
        else if (!Directory.Exists(Path.Combine(RepoPaths.Web, "node_modules", "playwright-core")))
        {
            Skip = "needs web/'s packages (test.sh runs npm ci in web/)";
        }
        else if (DashboardAssets.Missing is { } missing)
        {
            Skip = missing;
        }
    }
}
