using System.Diagnostics;
using System.Net;
using GoMem.Dashboard;
using GoMem.Monitoring;
using GoMem.Monitoring.Exposition;
using GoMem.Profiles;
using GoMem.Storage.Monitoring;
using GoMem.Tests.TestSupport;
using Xunit.Abstractions;

namespace GoMem.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser: Debian's chromium driven by playwright-core (web/tests/dashboard.browser.mjs)
/// against the server over a copy of the demo store, with a target whose label and heap profile's function name are
/// markup. UPDATE_SCREENSHOTS=1 writes the screenshots to docs/images/ (for the README).
/// </summary>
public sealed class DashboardBrowserTests(ITestOutputHelper output)
{
    private const string HostileLabel = "<script>window.__pwned=1</script>";
    private const string HostileFunction = "<img src=x onerror=\"window.__pwned=2\">main.recordSession";

    [BrowserFact]
    public async Task Overview_target_chart_moment_flame_graph_and_search_work_in_chromium_and_markup_stays_text()
    {
        var dir = Directory.CreateTempSubdirectory("gomem-browser-").FullName;
        try
        {
            using var store = MonitoringStores.Open(DemoCopy.Make(dir));
            AddHostileTarget(store);
            await using var server = await DashboardServer.StartAsync(store, "demo.db", new ListenAddress(IPAddress.Loopback, GoService.FreePort()), token: null);
            var shots = Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") == "1" ? Path.Combine(RepoPaths.Root, "docs", "images") : dir;
            var (code, text) = await Node(RepoPaths.Web, "tests/dashboard.browser.mjs", server.Url.ToString(), shots, "leakymap", HostileLabel, HostileFunction);
            output.WriteLine(text);

            Assert.True(code == 0, "the browser test failed:\n" + text);
            Assert.True(File.Exists(Path.Combine(shots, "dashboard-target.png")), "the target page's screenshot");
        }
        finally
        {
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

    /// <summary>A target whose service label is markup, with samples and a heap profile whose leaking function's name is markup.</summary>
    private static void AddHostileTarget(IMonitoringStore store)
    {
        var id = store.UpsertTarget("evil", "127.0.0.1:9999", LabelSet.Of(("service", HostileLabel)));
        var t0 = DateTimeOffset.Parse("2026-12-04T23:15:40Z", System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < 10; i++)
        {
            store.AddRuntimeSample(id, new RuntimeSample { Time = t0.AddSeconds(2 * i), RssBytes = (10 + i) << 20, HeapInuseBytes = (5 + i) << 20, Goroutines = 7 });
        }

        store.RecordHealth(id, t0.AddSeconds(18), null);
        var heap = ProfileReader.ReadFile(RepoPaths.Scenario("leakymap", "heap.1.pb.gz"));
        var functions = (Function[])heap.Functions;
        var leak = Array.FindIndex(functions, f => f.Name == "main.recordSession");
        functions[leak] = functions[leak] with { Name = HostileFunction };
        store.AddProfile(id, ProfileKinds.Heap, t0.AddSeconds(10), heap);
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
