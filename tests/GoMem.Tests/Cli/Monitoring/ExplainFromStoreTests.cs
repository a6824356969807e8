using System.Text.Json;
using System.Text.Json.Nodes;
using GoMem.Cli;
using GoMem.RuntimeStats.Breakdown;
using GoMem.RuntimeStats.Expvar;
using GoMem.RuntimeStats.GoMetrics;
using GoMem.RuntimeStats.Prometheus.Parsing;
using GoMem.Storage.Monitoring;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Cli.Monitoring;

/// <summary>
/// <c>gomem explain --store</c> against the real thing: moments of a real Go service (leakymap under load) are
/// collected by a real <c>gomem watch</c> into a store, and the breakdown explain makes of each stored moment must
/// be the one it makes of the service's endpoints at that moment, number for number.
/// </summary>
public sealed class ExplainFromStoreTests : IDisposable
{
    private const int Moments = 4;

    private readonly string _dir = Directory.CreateTempSubdirectory("gomem-explain-store-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Explain_of_a_stored_moment_equals_explain_of_the_live_service_at_that_moment()
    {
        // The moments: the service's /debug/vars, /metrics and heap profile, read back to back after each load step.
        var moments = CaptureMoments();

        // A replay of those moments stands in for the service, one moment per scrape of each endpoint, so the
        // collector reads exactly what explain is later given live (the last moment repeats after the 4th scrape).
        using var replay = LoopbackServer.StartSequence(new Dictionary<string, byte[][]>
        {
            ["/debug/vars"] = [.. moments.Select(m => m.Vars)],
            ["/metrics"] = [.. moments.Select(m => m.Metrics)],
            ["/debug/pprof/heap"] = [.. moments.Select(m => m.Heap)],
        });
        var authority = new Uri(replay.BaseUrl).Authority;
        var config = Path.Combine(_dir, "targets.yaml");
        File.WriteAllText(config, $$"""
            scrape_configs:
              - job_name: shop
                scrape_interval: 1s
                static_configs:
                  - targets: ['{{authority}}']
                    labels: {service: leakymap}
                profiling_config:
                  pprof_config:
                    heap: {every: 1}
                    goroutine: {enabled: false}
            """);
        var store = Path.Combine(_dir, "watch.db");
        var stdout = new StringWriter { NewLine = "\n" };
        var stderr = new StringWriter { NewLine = "\n" };
        var exit = GoMemCommandLine.Run(["watch", "--config", config, "--store", store, "--for", "5500ms", "--format", "json"], stdout, stderr, TimeZoneInfo.Utc);
        Assert.True(exit == 0, $"watch exit {exit}: {stderr}");

        IReadOnlyList<RuntimeSample> samples;
        using (var opened = SqliteMonitoringStore.Open(store))
        {
            samples = opened.RuntimeSamples(Assert.Single(opened.Targets()).Id, DateTimeOffset.MinValue, DateTimeOffset.MaxValue);
        }

        Assert.True(samples.Count >= Moments, $"{samples.Count} samples stored:\n{stdout}");
        var compared = 0;
        for (var i = 0; i < Moments; i++)
        {
            // Which moment each sample is: TotalAlloc only grows between moments.
            var moment = moments.FindIndex(m => m.TotalAlloc == samples[i].TotalAllocBytes);
            Assert.Equal(i, moment);
            var at = samples[i].Time.ToString("O");
            var fromStore = GoMemCli.Run("explain", "--store", store, "--target", "leakymap", "--at", at, "--format", "json");
            using var frozen = LoopbackServer.Start(new Dictionary<string, byte[]>
            {
                ["/debug/vars"] = moments[i].Vars,
                ["/metrics"] = moments[i].Metrics,
                ["/debug/pprof/heap"] = moments[i].Heap,
            });
            var live = GoMemCli.Run("explain", frozen.BaseUrl, "--format", "json");
            Assert.True(fromStore.ExitCode == 0, fromStore.Stderr);
            Assert.Equal(0, live.ExitCode);

            var stored = JsonNode.Parse(fromStore.Stdout)!.AsObject();
            var expected = JsonNode.Parse(live.Stdout)!.AsObject();
            Assert.Equal(3, expected["sources"]!.AsArray().Count);
            Assert.Equal(2, stored["sources"]!.AsArray().Count);
            AssertRates(stored, samples, i, moments);

            // Everything but where the figures came from and the rates (a live explain of one moment has none).
            foreach (var json in new[] { stored, expected })
            {
                json.Remove("sources");
                json.Remove("rates");
                var missing = json["missingInputs"]!.AsArray();
                foreach (var rates in missing.Where(m => m!.GetValue<string>().StartsWith("rates:", StringComparison.Ordinal)).ToList())
                {
                    missing.Remove(rates);
                }
            }

            Assert.Equal(expected.ToJsonString(), stored.ToJsonString());
            compared++;
            if (i == Moments - 1)
            {
                // By the last moment the service has collected garbage: the pauses and size classes are there too.
                Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(stored["pauses"]!.ToJsonString()).RootElement.ValueKind);
                Assert.NotEmpty(stored["sizeClasses"]!.AsArray());
            }
        }

        Assert.Equal(Moments, compared);
    }

    /// <summary>The rates at sample <paramref name="i"/> are those of the live evidence of every moment up to it, at the stored times.</summary>
    private static void AssertRates(JsonObject stored, IReadOnlyList<RuntimeSample> samples, int i, List<Moment> moments)
    {
        if (i == 0)
        {
            Assert.Null(stored["rates"]);
            Assert.Contains(stored["missingInputs"]!.AsArray(), m => m!.GetValue<string>().StartsWith("rates: no other runtime sample", StringComparison.Ordinal));
            return;
        }

        var series = Enumerable.Range(0, i + 1).Select(k => new MemorySnapshot(samples[k].Time, moments[k].Evidence.Runtime, moments[k].Evidence.RssBytes, "")).ToList();
        var expected = MemoryRates.Analyze(series)!;
        var rates = stored["rates"]!;
        Assert.Equal(i + 1, rates["snapshots"]!.GetValue<int>());
        Assert.Equal(expected.SpanSeconds, rates["spanSeconds"]!.GetValue<double>());
        Assert.Equal(expected.AllocBytesPerSecond, rates["allocBytesPerSecond"]!.GetValue<double>());
        Assert.Equal(expected.GcPerMinute, rates["gcPerMinute"]!.GetValue<double>());
        Assert.Equal(expected.HeapAllocGrowthBytesPerMinute, rates["heapAllocGrowthBytesPerMinute"]!.GetValue<double>());
        Assert.Equal(expected.RssGrowthBytesPerMinute, rates["rssGrowthBytesPerMinute"]!.GetValue<double>());
        Assert.True(expected.AllocBytesPerSecond > 0 && expected.RssGrowthBytesPerMinute is not null);
    }

    private List<Moment> CaptureMoments()
    {
        using var service = GoService.Start("leakymap");
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        byte[] Get(string path) => http.GetByteArrayAsync(new Uri(service.Url, path)).GetAwaiter().GetResult();
        var moments = new List<Moment>();
        for (var k = 0; k < Moments; k++)
        {
            service.Drive(400, k * 400);
            moments.Add(new Moment(Get("/debug/vars"), Get("/metrics"), Get("/debug/pprof/heap")));
        }

        return moments;
    }

    private sealed record Moment(byte[] Vars, byte[] Metrics, byte[] Heap)
    {
        public MemoryEvidence Evidence { get; } = new MemoryEvidenceBuilder()
            .AddExpvar(ExpvarParser.Parse(new MemoryStream(Vars), "vars"), "vars")
            .AddMetrics(GoMetricsView.Create(PrometheusTextParser.Parse(new MemoryStream(Metrics), "metrics")), "metrics")
            .Build();

        public long? TotalAlloc => Evidence.Runtime.TotalAlloc;
    }
}
