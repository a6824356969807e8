using System.Globalization;
using System.Text;
using System.Text.Json;
using GoMem.Monitoring;
using GoMem.Monitoring.Collection;
using GoMem.Profiles;
using GoMem.RuntimeStats.Breakdown;
using GoMem.RuntimeStats.Expvar;
using GoMem.RuntimeStats.GoMetrics;
using GoMem.RuntimeStats.Prometheus.Parsing;
using GoMem.Storage.Monitoring;
using GoMem.Tests.Storage.Monitoring;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli.Monitoring;

/// <summary>
/// <c>gomem explain --store</c> on a store holding a real captured series (cgoleak: C memory the runtime cannot see,
/// growing), written as the collector writes a cycle: the report's formats, the moment and window chosen, the target
/// named as the other store commands name it, and every way of asking wrongly.
/// </summary>
public sealed class ExplainStoreCommandTests : IDisposable
{
    private const string Target = "shop/127.0.0.1:7103";

    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-explain-store-").FullName;
    private readonly string _store;
    private readonly DateTimeOffset[] _times;

    public ExplainStoreCommandTests()
    {
        _store = Path.Combine(_dir, "gomem.db");
        _times = [.. File.ReadAllLines(Series("extra/snapshots.tsv")).Skip(1).Select(l => DateTimeOffset.Parse(l.Split('\t')[1], CultureInfo.InvariantCulture))];
        using var store = SqliteMonitoringStore.Open(_store);
        Fill(store, _times);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Three targets; the first holds the cgoleak series as collector cycles wrote it, at its capture times.</summary>
    private static void Fill(IMonitoringStore store, DateTimeOffset[] times)
    {
        var id = store.UpsertTarget("shop", "127.0.0.1:7103", LabelSet.Of(("instance", "127.0.0.1:7103"), ("job", "shop"), ("service", "cgoleak")));
        store.UpsertTarget("shop", "127.0.0.1:7104", LabelSet.Of(("instance", "127.0.0.1:7104"), ("job", "shop"), ("service", "down"), ("team", "core")));
        store.UpsertTarget("batch", "127.0.0.1:7105", LabelSet.Of(("instance", "127.0.0.1:7105"), ("job", "batch"), ("team", "core")));
        for (var k = 1; k <= times.Length; k++)
        {
            // What a collector cycle writes: /debug/vars and /metrics merged into one sample, and the heap profile.
            var view = GoMetricsView.Create(PrometheusTextParser.ParseFile(Series($"metrics.{k}.txt")));
            var evidence = new MemoryEvidenceBuilder().AddExpvar(ExpvarParser.ParseFile(Series($"vars.{k}.json")), "vars").AddMetrics(view, "metrics").Build();
            store.AddRuntimeSample(id, RuntimeSampleReader.From(times[k - 1], evidence, RuntimeSampleSources.DebugVars | RuntimeSampleSources.Metrics, view.ProcessStartTimeSeconds, 256L << 20));
            store.AddProfile(id, ProfileKinds.Heap, times[k - 1], ProfileReader.ReadFile(Series($"heap.{k}.pb.gz")));
        }
    }

    [Theory]
    [InlineData("explain.store.txt", "text")]
    [InlineData("explain.store.json", "json")]
    public void The_report_of_the_last_moment_matches_golden(string golden, string format)
    {
        var result = Explain("--target", "cgoleak", "--format", format);

        Assert.Equal("", result.Stderr);
        Assert.Equal(0, result.ExitCode);
        Golden.AssertMatches(Path.Combine("runtimestats", golden), result.Stdout.Replace(_dir + "/", "", StringComparison.Ordinal));
    }

    /// <summary>The same store on PostgreSQL gives the same report, but for the store's name in the sources.</summary>
    [PostgresFact]
    public void A_postgres_store_gives_the_same_report()
    {
        var url = PostgresServer.Instance.CreateDatabase();
        try
        {
            using (var store = PostgresMonitoringStore.Open(url))
            {
                Fill(store, _times);
            }

            var at = _times[6].ToString("O", CultureInfo.InvariantCulture);
            var fromPostgres = GoMemCli.Run("explain", "--store", url, "--target", "cgoleak", "--at", at, "-f", "json");
            Assert.True(fromPostgres.ExitCode == 0, fromPostgres.Stderr);
            Assert.Equal(Explain("--target", "cgoleak", "--at", at, "-f", "json").Stdout.Replace(_store, url, StringComparison.Ordinal), fromPostgres.Stdout);
            Assert.Equal(2, GoMemCli.Run("explain", "--store", url, "--target", "nobody").ExitCode);
        }
        finally
        {
            PostgresServer.Instance.DropDatabase(url);
        }
    }

    [Fact]
    public void The_sample_nearest_at_is_explained_with_rates_over_the_window_before_it()
    {
        var at = _times[4].AddSeconds(1).ToString("O", CultureInfo.InvariantCulture);
        var json = Json(Explain("--target", Target, "--at", at, "--window", "9s", "-f", "json"));

        Assert.Contains($"runtime sample of {Target} at 2026-11-23T07:24:54Z", json.GetProperty("sources")[0].GetString(), StringComparison.Ordinal);
        Assert.EndsWith("heap profile at 2026-11-23T07:24:54Z", json.GetProperty("sources")[1].GetString(), StringComparison.Ordinal);
        var rates = json.GetProperty("rates");
        Assert.Equal(3, rates.GetProperty("snapshots").GetInt32());
        Assert.Equal((_times[4] - _times[2]).TotalSeconds, rates.GetProperty("spanSeconds").GetDouble());

        // The same moment from the files: everything but the sources and the rates is what the captured endpoints give.
        var files = GoMemCli.Run("explain", Series("vars.5.json"), Series("metrics.5.txt"), Series("heap.5.pb.gz"), "--limit", "256MiB", "-f", "json");
        Assert.Equal(Without(files.Stdout, "sources", "rates"), Without(Explain("--target", Target, "--at", at, "--window", "9s", "-f", "json").Stdout, "sources", "rates"));
        Assert.Contains("nonGoBytes", files.Stdout, StringComparison.Ordinal);
    }

    private static string Without(string json, params string[] properties)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        foreach (var property in properties)
        {
            node.Remove(property);
        }

        return node.ToJsonString();
    }

    [Fact]
    public void Rates_start_after_a_restart_within_the_window()
    {
        using (var store = SqliteMonitoringStore.Open(_store))
        {
            store.AddEvent(1, _times[5], TargetEventKinds.Restart, "process start time changed");
        }

        var text = Explain("--target", "cgoleak");
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("Rates over 3 snapshots", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("Restart: at 2026-11-23T07:24:58Z: process start time changed (the rates start there)", text.Stdout, StringComparison.Ordinal);

        var first = Explain("--target", "cgoleak", "--at", _times[5].ToString("O", CultureInfo.InvariantCulture));
        Assert.DoesNotContain("Rates over", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("rates: no other runtime sample of shop/127.0.0.1:7103 is stored since the restart at 2026-11-23T07:24:58Z", first.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_heap_profile_farther_than_the_window_is_not_compared()
    {
        using (var store = SqliteMonitoringStore.Open(_store))
        {
            var evidence = new MemoryEvidenceBuilder().AddExpvar(ExpvarParser.ParseFile(Series("vars.8.json")), "vars").Build();
            store.AddRuntimeSample(1, RuntimeSampleReader.From(_times[7].AddHours(1), evidence, RuntimeSampleSources.DebugVars, null, null));
        }

        var json = Json(Explain("--target", "cgoleak", "-f", "json"));
        Assert.Equal(JsonValueKind.Null, json.GetProperty("profileInuseBytes").ValueKind);
        var missing = json.GetProperty("missingInputs").EnumerateArray().Select(m => m.GetString()!).ToList();
        Assert.Contains(missing, m => m.StartsWith("the stored heap profile nearest the sample (2026-11-23T07:25:07Z) is more than 10m0s from it", StringComparison.Ordinal));
        Assert.Contains(missing, m => m.StartsWith("rates: no other runtime sample", StringComparison.Ordinal));
    }

    [Fact]
    public void The_overrides_apply_to_a_stored_moment()
    {
        var json = Json(Explain("--target", "cgoleak", "--limit", "1GiB", "--gogc", "50", "--gomemlimit", "900MiB", "-f", "json"));
        Assert.Equal(1L << 30, json.GetProperty("limitBytes").GetInt64());
        Assert.DoesNotContain(json.GetProperty("findings").EnumerateArray(), f => f.GetProperty("code").GetString() == "gomemlimit-unset");
    }

    [Theory]
    [InlineData(2, "--target", "nobody")]
    [InlineData(2, "--target", "core")]
    [InlineData(2)]
    [InlineData(2, "--target", "cgoleak", "--target", "down")]
    [InlineData(2, "--target", "cgoleak", "{vars}")]
    [InlineData(2, "--target", "cgoleak", "http://127.0.0.1:6060")]
    [InlineData(2, "--target", "cgoleak", "--pid", "1")]
    [InlineData(2, "--target", "cgoleak", "--count", "3")]
    [InlineData(2, "--target", "cgoleak", "--every", "1m")]
    [InlineData(2, "--target", "cgoleak", "--interval", "60")]
    [InlineData(2, "--target", "cgoleak", "--timeout", "5")]
    [InlineData(2, "--target", "cgoleak", "--at", "yesterday")]
    [InlineData(2, "--target", "cgoleak", "--window", "soon")]
    [InlineData(2, "--target", "cgoleak", "--window", "0s")]
    [InlineData(3, "--target", "down")]
    public void Wrong_asks_fail_in_one_line(int exit, params string[] args)
    {
        var result = Explain([.. args.Select(a => a.Replace("{vars}", Series("vars.1.json"), StringComparison.Ordinal))]);

        Assert.True(exit == result.ExitCode, $"exit {result.ExitCode}: {result.Stderr}");
        Assert.Equal("", result.Stdout);
        var line = Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.DoesNotContain("   at ", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_and_ambiguous_targets_name_the_candidates()
    {
        Assert.Contains("known: shop/127.0.0.1:7103, shop/127.0.0.1:7104, batch/127.0.0.1:7105", Explain("--target", "nobody").Stderr, StringComparison.Ordinal);
        Assert.Contains("\"core\" names 2 targets", Explain("--target", "core").Stderr, StringComparison.Ordinal);
        Assert.Contains("holds 3 targets; name one", Explain().Stderr, StringComparison.Ordinal);
        Assert.Contains("no runtime sample of shop/127.0.0.1:7104 is stored", Explain("--target", "down").Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4, "{missing}")]
    [InlineData(3, "{corrupt}")]
    public void A_store_that_is_not_there_or_not_a_store_fails_in_one_line(int exit, string store)
    {
        var corrupt = Path.Combine(_dir, "corrupt.db");
        File.WriteAllText(corrupt, "not an SQLite database at all, just text long enough to have a header.............................");
        var path = store.Replace("{missing}", Path.Combine(_dir, "none.db"), StringComparison.Ordinal).Replace("{corrupt}", corrupt, StringComparison.Ordinal);

        var result = GoMemCli.Run("explain", "--store", path);
        Assert.Equal(exit, result.ExitCode);
        Assert.Contains(Path.GetFileName(path), Assert.Single(result.Stderr.TrimEnd('\n').Split('\n')), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--at", "-1h")]
    [InlineData("--window", "5m")]
    public void Store_options_without_store_are_usage_errors(string option, string value)
    {
        var result = GoMemCli.Run("explain", Series("vars.1.json"), option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{option} is for --store", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Without --store, --target still picks one process of a /metrics page that holds several, by label.</summary>
    [Fact]
    public void Target_still_selects_a_process_of_a_metrics_page_by_label()
    {
        var page = Path.Combine(_dir, "federate.txt");
        File.WriteAllText(page, WithLabels(Series("metrics.8.txt"), "job=\"cgoleak\",instance=\"127.0.0.1:1\"") + WithLabels(RepoPaths.Scenario("leakymap-explain", "metrics.2.txt"), "job=\"leakymap\",instance=\"127.0.0.1:2\""));

        var chosen = Json(GoMemCli.Run("explain", page, "--target", "instance=127.0.0.1:1", "-f", "json"));
        var alone = Json(GoMemCli.Run("explain", Series("metrics.8.txt"), "-f", "json"));
        Assert.Equal(alone.GetProperty("heapAllocBytes").GetInt64(), chosen.GetProperty("heapAllocBytes").GetInt64());
        Assert.Equal(alone.GetProperty("rssBytes").GetInt64(), chosen.GetProperty("rssBytes").GetInt64());

        var ambiguous = GoMemCli.Run("explain", page);
        Assert.Equal(2, ambiguous.ExitCode);
        Assert.Contains("holds 2 processes", ambiguous.Stderr, StringComparison.Ordinal);
        var notAPair = GoMemCli.Run("explain", page, "--target", "cgoleak");
        Assert.Equal(2, notAPair.ExitCode);
        Assert.Contains("a stored target's name is for --store", notAPair.Stderr, StringComparison.Ordinal);
    }

    private CliResult Explain(params string[] args) => GoMemCli.Run(["explain", "--store", _store, .. args]);

    private static JsonElement Json(CliResult result)
    {
        Assert.True(result.ExitCode == 0, result.Stderr);
        return JsonDocument.Parse(result.Stdout).RootElement.Clone();
    }

    private static string Series(string file) => Path.Combine(RepoPaths.TestData, "cgoleak-series", file);

    /// <summary>A federation-style page: every sample line of a real capture gets its process's labels.</summary>
    private static string WithLabels(string file, string labels)
    {
        var page = new StringBuilder();
        foreach (var line in File.ReadAllLines(file))
        {
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (line.StartsWith('#') || space < 0)
            {
                page.Append(line).Append('\n');
                continue;
            }

            var head = line[..space];
            page.Append(head.EndsWith('}') ? $"{head[..^1]},{labels}}}" : $"{head}{{{labels}}}").Append(line[space..]).Append('\n');
        }

        return page.ToString();
    }
}
