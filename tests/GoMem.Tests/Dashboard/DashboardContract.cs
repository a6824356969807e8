using System.Text.Json;
using System.Text.Json.Nodes;
using GoMem.Dashboard;
using GoMem.Output.Dashboard;
using GoMem.Storage.Monitoring;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Dashboard;

/// <summary>
/// The dashboard's queries over each store engine, written once: the demo store (testdata/watch/demo.db, a real
/// gomem watch run of a leaking service and its healthy twin) copied into a fresh store of the engine, then the same
/// views, byte for byte, from every engine (one set of golden files).
/// </summary>
public abstract partial class DashboardContract : IDisposable
{
    private static readonly DateTimeOffset From = DateTimeOffset.Parse("2026-12-05T02:11:28Z", System.Globalization.CultureInfo.InvariantCulture);
    private static readonly DateTimeOffset To = DateTimeOffset.Parse("2026-12-05T02:11:45Z", System.Globalization.CultureInfo.InvariantCulture);
    private readonly Lazy<IMonitoringStore> _store;

    protected DashboardContract()
    {
        _store = new(() =>
        {
            var store = OpenStore();
            using var demo = SqliteMonitoringStore.Open(DemoCopy.Make(TempDirectory));
            StoreCopy.Copy(demo, store);
            return store;
        });
    }

    protected string TempDirectory { get; } = Directory.CreateTempSubdirectory("gomem-dashboard-").FullName;

    /// <summary>A fresh, empty store of the engine under test.</summary>
    protected abstract IMonitoringStore OpenStore();

    private IMonitoringStore Store => _store.Value;

    /// <summary>The leaking service of the demo store (the overview lists it first).</summary>
    private TargetOverview Leaking => DashboardQueries.Overview(Store, "demo.db").Targets[0];

    [Storage.Monitoring.ContractFact]
    public void The_overview_lists_the_leaking_target_first_with_its_findings_and_latest_figures()
    {
        var overview = DashboardQueries.Overview(Store, "demo.db");

        Assert.Equal(["leakymap", "boundedcache"], overview.Targets.Select(t => t.Labels["service"]));
        Assert.Equal(["heap-leak", "heap-leak", "rss-growth"], overview.Targets[0].OpenFindings.Select(f => f.Code).Order());
        Assert.Empty(overview.Targets[1].OpenFindings);
        Assert.Equal(67735552, overview.Targets[0].RssBytes);
        Golden.AssertMatches("dashboard/overview.json", Json(overview));
    }

    [Storage.Monitoring.ContractFact]
    public void A_series_has_a_column_per_figure_and_the_numbers_history_prints()
    {
        var target = DashboardQueries.Overview(Store, "demo.db").Targets[0];
        var series = DashboardQueries.Series(Store, "demo.db", target.Id, From, To);

        Assert.Equal(8, series.Times.Count);
        Assert.All(series.Figures.Values, column => Assert.Equal(8, column.Count));
        Assert.Equal(12161024, series.Figures["rssBytes"][0]);
        Golden.AssertMatches("dashboard/series.json", Json(series));
    }

    [Storage.Monitoring.ContractFact]
    public void A_stored_profile_comes_with_the_top_rows_and_flame_tree_of_its_snapshot()
    {
        var target = DashboardQueries.Overview(Store, "demo.db").Targets[0];
        var view = DashboardQueries.Profile(Store, "demo.db", target.Id, ProfileKinds.Heap, DateTimeOffset.Parse("2026-12-05T02:12:32Z", System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal("main.recordSession", view.Top.Rows[0].Name);
        Assert.Equal(view.Top.Total, view.Flame.Total);
        using var body = new MemoryStream();
        ProfileViewJsonRenderer.Write(body, view);
        var node = JsonNode.Parse(body.ToArray())!;
        node["snapshot"]!["id"] = 0;
        Golden.AssertMatches("dashboard/profile.json", node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }

    [Storage.Monitoring.ContractFact]
    public void The_overview_shows_each_targets_firing_alerts_and_keeps_the_targets_a_filter_names()
    {
        var all = DashboardQueries.Overview(Store, "demo.db");
        var byLabel = DashboardQueries.Overview(Store, "demo.db", OverviewFilter.Parse(null, ["service=boundedcache"]));
        var byJobAndLabels = DashboardQueries.Overview(Store, "demo.db", OverviewFilter.Parse("shop", ["service=leakymap", "instance=127.0.0.1:7101"]));
        var none = DashboardQueries.Overview(Store, "demo.db", OverviewFilter.Parse("api", []));

        Assert.Equal(["GoMemHeapLeak", "GoMemHeapLeak"], all.Targets[0].Alerts.Select(a => a.Rule));
        Assert.All(all.Targets[0].Alerts, a => Assert.Equal(("firing", "warning"), (a.State, a.Severity)));
        Assert.Equal(["main.recordSession", null], all.Targets[0].Alerts.Select(a => a.Labels.GetValueOrDefault("function")));
        Assert.Empty(all.Targets[1].Alerts);
        Assert.Equal(["shop"], all.Jobs);
        Assert.Equal(2, all.TargetsInStore);
        Assert.Equal(["boundedcache"], byLabel.Targets.Select(t => t.Labels["service"]));
        Assert.Equal(["leakymap"], byJobAndLabels.Targets.Select(t => t.Labels["service"]));
        Assert.Equal(("shop", 2), (byJobAndLabels.Filter.Job, byJobAndLabels.Filter.Labels.Count));
        Assert.Empty(none.Targets);
        Assert.Equal(2, none.TargetsInStore);
        Assert.Equal("label: \"service\" is not name=value (such as service=api)", Assert.Throws<GoMem.IO.InvalidSettingException>(() => OverviewFilter.Parse(null, ["service"])).Message);
        Assert.Contains("service is given twice", Assert.Throws<GoMem.IO.InvalidSettingException>(() => OverviewFilter.Parse(null, ["service=a", "service=b"])).Message, StringComparison.Ordinal);
    }

    [Storage.Monitoring.ContractFact]
    public void A_series_carries_the_alerts_active_in_its_span_and_the_profile_kinds_stored()
    {
        var early = DashboardQueries.Series(Store, "demo.db", Leaking.Id, From, To);
        var whole = DashboardQueries.Series(Store, "demo.db", Leaking.Id, null, null);

        Assert.Empty(early.Alerts);
        Assert.Equal(2, whole.Alerts.Count);
        Assert.All(whole.Alerts, a => Assert.Equal(DateTimeOffset.Parse("2026-12-05T02:12:00.060Z", System.Globalization.CultureInfo.InvariantCulture), a.ActiveSince));
        Assert.Contains("Heap in use at main.recordSession grows", whole.Alerts[0].Summary ?? whole.Alerts[1].Summary, StringComparison.Ordinal);
        Assert.Equal([ProfileKinds.Heap, ProfileKinds.Goroutine], whole.ProfileKinds);
        Assert.All(whole.Figures["containerLimitBytes"], v => Assert.Equal(256 << 20, v));
    }

    [Storage.Monitoring.ContractFact]
    public void A_stored_profile_shows_another_sample_type_and_a_focus_as_gomem_top_does()
    {
        var at = DateTimeOffset.Parse("2026-12-05T02:12:32Z", System.Globalization.CultureInfo.InvariantCulture);
        var view = DashboardQueries.Profile(Store, "demo.db", Leaking.Id, ProfileKinds.Heap, at, new ProfileSelection("alloc_objects", "compress/flate"));
        var profile = GoMem.Sources.StoredProfileSource.Read(Store, "demo.db", "shop/127.0.0.1:7101", ProfileKinds.Heap, at);
        var expected = GoMem.Profiles.Analysis.TopReport.Analyze(profile, new GoMem.Profiles.Analysis.ReportOptions { SampleIndex = "alloc_objects", Focus = "compress/flate" });

        Assert.Equal("alloc_objects", view.Top.Summary.SampleType);
        Assert.Equal(["focus=compress/flate"], view.Top.ActiveFilters);
        Assert.Equal(expected.Rows, view.Top.Rows);
        Assert.Equal(expected.Total, view.Flame.Total);
        Assert.All(view.Top.Rows.Where(r => r.Flat != 0), r => Assert.DoesNotContain("recordSession", r.Name, StringComparison.Ordinal));
        Assert.Contains("\"nope\" must be one of", Assert.Throws<GoMem.IO.InvalidSettingException>(() => DashboardQueries.Profile(Store, "demo.db", Leaking.Id, ProfileKinds.Heap, at, new ProfileSelection("nope"))).Message, StringComparison.Ordinal);
    }

    [Storage.Monitoring.ContractFact]
    public void The_diff_of_two_ranges_puts_the_leaking_function_on_top()
    {
        var view = DashboardDiff.Analyze(Store, "demo.db", Leaking.Id, ProfileKinds.Heap, (Time("02:11:40"), Time("02:11:56")), (Time("02:12:12"), Time("02:12:28.1")));

        Assert.Equal(4, view.Base.Snapshots.Count);
        Assert.Equal(5, view.New.Snapshots.Count);
        Assert.True(view.Top.IsDiff && view.Flame.IsDiff);
        Assert.Equal("main.recordSession", view.Top.Rows[0].Name);
        Assert.True(view.Top.Rows[0].Flat > 20 << 20, "the leak grew by more than 20 MiB between the ranges");
        Assert.Equal(view.Top.Total, view.Flame.Total);
        Assert.Equal(view.Flame.Root.Value, view.Flame.Root.New - view.Flame.Root.Base);
        using var body = new MemoryStream();
        DiffViewJsonRenderer.Write(body, view);
        Golden.AssertMatches("dashboard/diff.json", JsonNode.Parse(body.ToArray())!.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        Assert.Contains("no heap profile of shop/127.0.0.1:7101 is stored between 2026-12-05T01:00:00Z and 2026-12-05T02:00:00Z (the base range)", Assert.Throws<GoMem.IO.BadInputException>(() => DashboardDiff.Analyze(Store, "demo.db", Leaking.Id, ProfileKinds.Heap, (Time("01:00:00"), Time("02:00:00")), (Time("02:12:12"), Time("02:12:28")))).Message, StringComparison.Ordinal);
        Assert.Contains("the range starts (2026-12-05T02:12:28Z) after it ends", Assert.Throws<GoMem.IO.InvalidSettingException>(() => DashboardDiff.Analyze(Store, "demo.db", Leaking.Id, ProfileKinds.Heap, (Time("02:11:40"), Time("02:11:56")), (Time("02:12:28"), Time("02:12:12")))).Message, StringComparison.Ordinal);
    }

    [Storage.Monitoring.ContractFact]
    public void A_leak_finding_has_gomem_leaks_stack_and_growth_and_links_to_a_diff_with_the_leak_on_top()
    {
        var findings = DashboardFindings.Analyze(Store, "demo.db", Leaking.Id);
        var site = findings.Findings.Single(f => f.Verdict?.Site == "main.recordSession");
        var link = site.Diff!;
        var diff = DashboardDiff.Analyze(Store, "demo.db", Leaking.Id, link.Kind, (link.BaseFrom, link.BaseTo), (link.NewFrom, link.NewTo));

        Assert.Equal(["heap-leak", "heap-leak", "rss-growth"], findings.Findings.Select(f => f.Code).Order());
        Assert.All(findings.Findings, f => Assert.NotNull(f.Verdict));
        Assert.Equal(12, site.Verdict!.Snapshots);
        Assert.Equal(("main.recordSession", "gomem.example/examples/leakymap/main.go", 52L), (site.Verdict.Stack[0].Function, site.Verdict.Stack[0].File, site.Verdict.Stack[0].Line));
        Assert.Equal("main.work", site.Verdict.Stack[1].Function);
        Assert.Contains($"grows by {GoMem.Output.Text.HumanText.Bytes((long)Math.Round(site.Verdict.GrowthPerMinute))}/min", site.Title, StringComparison.Ordinal);
        Assert.Equal(site.Verdict.To, site.LastSeen);
        Assert.Equal((ProfileKinds.Heap, "main.recordSession"), (link.Kind, link.Search));
        Assert.Equal("main.recordSession", diff.Top.Rows[0].Name);
        Assert.True(diff.Top.Rows[0].Flat > 0, "the leaking function grew");
        Golden.AssertMatches("dashboard/findings.json", Json(findings));
        Assert.Empty(DashboardFindings.Analyze(Store, "demo.db", DashboardQueries.Overview(Store, "demo.db").Targets[1].Id).Findings);
    }

    [Storage.Monitoring.ContractFact]
    public void Unknown_targets_and_kinds_are_refused_by_name()
    {
        Assert.Equal("no target 99 in demo.db", Assert.Throws<KeyNotFoundException>(() => DashboardQueries.Series(Store, "demo.db", 99, null, null)).Message);
        Assert.Contains("\"cpu\" is not a stored profile kind", Assert.Throws<GoMem.IO.InvalidSettingException>(() => DashboardQueries.Profile(Store, "demo.db", Leaking.Id, "cpu", null)).Message, StringComparison.Ordinal);
        Assert.Contains("no allocs profile of shop/127.0.0.1:7101 is stored", Assert.Throws<GoMem.IO.BadInputException>(() => DashboardQueries.Profile(Store, "demo.db", Leaking.Id, ProfileKinds.Allocs, null)).Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (_store.IsValueCreated)
        {
            _store.Value.Dispose();
        }

        Dispose(true);
        Directory.Delete(TempDirectory, recursive: true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    private static DateTimeOffset Time(string clock) => DateTimeOffset.Parse("2026-12-05T" + clock + "Z", System.Globalization.CultureInfo.InvariantCulture);

    private static string Json<T>(T view) =>
        JsonSerializer.Serialize(view, new JsonSerializerOptions(DashboardJson.Options) { WriteIndented = true }) + "\n";
}

/// <summary>A copy of the demo store in a folder of the test's (opening a store may migrate it).</summary>
internal static class DemoCopy
{
    public static string Make(string directory)
    {
        var path = Path.Combine(directory, "demo.db");
        File.Copy(Path.Combine(RepoPaths.TestData, "watch", "demo.db"), path, overwrite: true);
        return path;
    }
}
