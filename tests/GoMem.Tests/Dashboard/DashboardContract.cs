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
public abstract class DashboardContract : IDisposable
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
