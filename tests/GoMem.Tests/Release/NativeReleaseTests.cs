using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using GoMem.Dashboard;
using GoMem.Storage.Monitoring;
using GoMem.Tests.Cli.Monitoring;
using GoMem.Tests.Dashboard;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Release;

/// <summary>
/// scripts/release.sh run for real: the archive with the native binary, the .NET tool package with its readme, the
/// checksums; and the native binary run on the inputs of the JIT build's golden-file tests, where its output must be
/// the same bytes (so ahead-of-time compilation and trimming changed nothing a user sees), gomem serve's API included.
/// </summary>
public sealed class NativeReleaseTests(NativeRelease release) : IClassFixture<NativeRelease>
{
    [NativeFact]
    public void The_archive_holds_the_binary_and_the_readme_and_the_sums_check()
    {
        Assert.Null(release.Problem);
        var folder = Path.Combine(release.Extracted, $"gomem-{NativeRelease.Version}-linux-x64");
        Assert.True(File.Exists(release.Binary));
        Assert.True(OperatingSystem.IsWindows() || File.GetUnixFileMode(release.Binary).HasFlag(UnixFileMode.UserExecute));
        Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")), File.ReadAllText(Path.Combine(folder, "README.md")));
        Assert.Equal(File.Exists(Path.Combine(RepoPaths.Root, "LICENSE")), File.Exists(Path.Combine(folder, "LICENSE")));

        var sums = File.ReadAllLines(Path.Combine(release.Out, "SHA256SUMS"));
        Assert.Equal(
            new[] { $"GoMem.Tool.{NativeRelease.Version}.nupkg", $"gomem-{NativeRelease.Version}-linux-x64.tar.gz" }.Order(StringComparer.Ordinal),
            sums.Select(l => l.Split("  ")[1]).Order(StringComparer.Ordinal));
        var check = NativeRelease.Run(release.Out, ["sha256sum", "-c", "SHA256SUMS"]);
        Assert.True(check.Exit == 0, check.Stdout + check.Stderr);
    }

    [NativeFact]
    public void The_native_build_has_no_trimming_or_AOT_warning()
    {
        Assert.Null(release.Problem);
        Assert.DoesNotContain(": warning ", release.ScriptStderr, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("publish-native.sh: building the native gomem", release.ScriptStderr, StringComparison.Ordinal);
    }

    [NativeFact]
    public void The_tool_package_carries_the_readme_and_the_gomem_command()
    {
        Assert.Null(release.Problem);
        using var package = ZipFile.OpenRead(Path.Combine(release.Out, $"GoMem.Tool.{NativeRelease.Version}.nupkg"));
        var names = package.Entries.Select(e => e.FullName).ToList();
        Assert.Contains("README.md", names);
        Assert.Contains("tools/net10.0/any/GoMem.Cli.dll", names);
        using var nuspec = new StreamReader(package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        var text = nuspec.ReadToEnd();
        Assert.Contains("<readme>README.md</readme>", text, StringComparison.Ordinal);
        Assert.Contains($"<version>{NativeRelease.Version}</version>", text, StringComparison.Ordinal);
        using var settings = new StreamReader(package.Entries.Single(e => e.FullName == "tools/net10.0/any/DotnetToolSettings.xml").Open());
        Assert.Contains("<Command Name=\"gomem\"", settings.ReadToEnd(), StringComparison.Ordinal);
    }

    [NativeFact]
    public void The_native_binary_names_its_version_and_commit()
    {
        Assert.Null(release.Problem);
        var head = release.BuiltFrom;
        Assert.True(head == release.HeadAfterBuild, $"HEAD moved from {head} to {release.HeadAfterBuild} while release.sh built the binary: the commit it names is whichever the build read; run the test again without committing meanwhile");

        var (exit, stdout, stderr) = Native(RepoPaths.Root, "--version");

        Assert.Equal((0, ""), (exit, stderr));
        Assert.Equal($"gomem {NativeRelease.Version} (commit {(head is null ? "unknown" : head[..12])})\n", stdout);
    }

    public static TheoryData<string, string, string> GoldenRuns()
    {
        var testdata = RepoPaths.TestData;
        var data = new TheoryData<string, string, string>
        {
            { "profiles/top.leakymap.json", testdata, "top|--format|json|--nodecount|8|leakymap/heap.2.pb.gz" },
            { "profiles/top.leakymap.debug1.txt", testdata, "top|-n|10|leakymap/heap.2.debug1.txt" },
            { "profiles/compare-alloc.churn.txt", testdata, "top|--compare-alloc|-n|10|churn/heap.2.pb.gz" },
            { "profiles/diff.leakymap.json", testdata, "diff|--format|json|--nodecount|6|--base|leakymap/heap.1.pb.gz|leakymap/heap.2.pb.gz" },
            { "gc/stats.gogc100.txt", Path.Combine(testdata, "gc"), "gc|stats|gogc100.run1.log" },
            { "gc/stats.forced.json", Path.Combine(testdata, "gc"), "gc|stats|--format|json|forced.log" },
            { "goroutines/goroutines.goroutineleak.debug2.txt", testdata, "goroutines|goroutineleak/goroutine.2.debug2.txt" },
            { "goroutines/goroutines.sigquit.top.json", testdata, "goroutines|goroutines/sigquit.crash.log|--by|top|--format|json" },
            { "leaks/leak.leakymap.txt", testdata, "leak|leakymap-series" },
            { "leaks/leak.goroutineleak.json", testdata, "leak|goroutineleak-series|--format|json" },
            { "help/pprof-vs-rss.txt", testdata, "help|pprof-vs-rss" },
        };
        if (ConformanceCorpus.SkipReason is null)
        {
            var benchstat = Path.Combine(RepoPaths.Conformance, "perf", "cmd", "benchstat", "testdata");
            data.Add("benchmarks/compare-oldnew.txt", testdata, $"bench|compare|old.txt={benchstat}/old.txt|new.txt={benchstat}/new.txt|--format|text");
        }

        return data;
    }

    [NativeTheory]
    [MemberData(nameof(GoldenRuns))]
    public void The_native_binary_prints_the_golden_bytes(string golden, string directory, string commandLine)
    {
        Assert.Null(release.Problem);

        var (exit, stdout, stderr) = Native(directory, commandLine.Split('|'));

        Assert.Equal("", stderr);
        Assert.True(exit is 0 or 1, $"exit {exit}");
        Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Golden, golden)), stdout);
    }

    [NativeFact]
    public void The_native_binary_checks_a_watch_config_as_the_golden_says()
    {
        Assert.Null(release.Problem);
        var dir = Directory.CreateTempSubdirectory("gomem-native-watch-").FullName;
        try
        {
            // The configuration and options of WatchRetentionTests.Check_config_prints_the_effective_retention_with_the_option_over_the_file.
            var config = Path.Combine(dir, "targets.yaml");
            File.WriteAllText(config, "scrape_configs:\n  - job_name: api\n    static_configs: [{targets: ['127.0.0.1:6060']}]\nretention:\n  events: 30d\n  runtime: 12h,1m:3d\n");

            var (exit, stdout, stderr) = Native(dir, "watch", "--config", config, "--check-config", "--retention", "runtime=48h,1m:14d,1h:1y", "--retention", "findings=1w");

            Assert.Equal((0, ""), (exit, stderr));
            Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Golden, "monitoring", "watch-check.retention.txt")), stdout.Replace(dir, "DIR", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [NativeFact]
    public void The_native_binary_reads_a_SQLite_store_as_the_golden_says()
    {
        Assert.Null(release.Problem);
        var dir = Directory.CreateTempSubdirectory("gomem-native-history-").FullName;
        try
        {
            var store = Path.Combine(dir, "watch.db");
            HistoryRollupsTests.WriteStore(store);
            var now = HistoryRollupsTests.Now;

            var (exit, stdout, stderr) = Native(dir, "history", "--store", store, "--since", now.AddDays(-9).ToString("O"), "--until", now.ToString("O"));

            Assert.Equal((0, ""), (exit, stderr));
            Assert.Equal(File.ReadAllText(Path.Combine(RepoPaths.Golden, "monitoring", "history.rollups.txt")), stdout);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [NativeFact]
    public async Task The_native_binary_serves_the_dashboard_api_and_its_openapi_document_as_the_JIT_build_does()
    {
        Assert.Null(release.Problem);
        var dir = Directory.CreateTempSubdirectory("gomem-native-serve-").FullName;
        var expectedDir = Directory.CreateTempSubdirectory("gomem-native-serve-expected-").FullName;
        DemoCopy.Make(dir);
        var start = new ProcessStartInfo(release.Binary, ["serve", "--store", "demo.db", "--listen", "127.0.0.1:" + GoService.FreePort()])
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        try
        {
            // The line saying where it serves comes once the server listens.
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(1));
            Assert.True(line?.StartsWith("gomem serve: the dashboard of demo.db at http://127.0.0.1:", StringComparison.Ordinal), $"{line}\n{(process.HasExited ? await process.StandardError.ReadToEndAsync() : "")}");
            var url = new Uri(line!.Split(" at ")[1].Split(' ')[0]);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

            var openapi = await http.GetStringAsync(new Uri(url, "api/openapi.json"));
            var targets = await http.GetStringAsync(new Uri(url, "api/targets"));

            Golden.AssertMatches("dashboard/openapi.json", JsonNode.Parse(openapi)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            using var store = MonitoringStores.Open(DemoCopy.Make(expectedDir));
            Assert.Equal(JsonSerializer.Serialize(DashboardQueries.Overview(store, "demo.db"), DashboardJson.Options), targets);
        }
        finally
        {
            ReadyProcess.Stop(process);
            Directory.Delete(dir, recursive: true);
            Directory.Delete(expectedDir, recursive: true);
        }
    }

    [NativeFact]
    public void The_native_binary_completes_and_reports_usage_errors_in_one_line()
    {
        Assert.Null(release.Problem);

        var completion = Native(RepoPaths.Root, "__complete", "gc", "st");
        var usage = Native(RepoPaths.Root, "tpo");

        Assert.Equal((0, "stats\n"), (completion.Exit, completion.Stdout));
        Assert.Equal((2, "", "gomem: unknown command \"tpo\"; did you mean \"top\"? (see gomem --help)\n"), (usage.Exit, usage.Stdout, usage.Stderr));
    }

    /// <summary>Runs the native gomem in <paramref name="directory"/>, times in UTC as the golden files have them.</summary>
    private (int Exit, string Stdout, string Stderr) Native(string directory, params string[] args) =>
        NativeRelease.Run(directory, [release.Binary, .. args], ("GOMEM_TZ", "UTC"));
}
