using System.Text.Json.Nodes;
using GoMem.Dashboard;
using GoMem.Storage.Monitoring;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Dashboard;

/// <summary>The goroutine groups of a stored goroutine profile, held against <c>gomem goroutines</c> on the same profile.</summary>
public abstract partial class DashboardContract
{
    [Storage.Monitoring.ContractFact]
    public void The_goroutine_groups_of_the_latest_profile_come_with_their_share_and_growth_since_the_previous_one()
    {
        var view = DashboardGoroutines.Analyze(Store, "demo.db", Leaking.Id, null);
        var previous = Store.ProfileSnapshots(Leaking.Id, ProfileKinds.Goroutine, DateTimeOffset.UnixEpoch, view.Time.AddMilliseconds(-1))[^1];

        Assert.Equal(Store.NearestProfileSnapshot(Leaking.Id, ProfileKinds.Goroutine, DateTimeOffset.MaxValue)!.Time, view.Time);
        Assert.Equal(previous.Time, view.PreviousTime);
        Assert.NotEmpty(view.Groups);
        Assert.Equal(view.Shown, view.Groups.Sum(g => g.Count));
        Assert.All(view.Groups, g => Assert.Equal(g.Count - g.PreviousCount, g.Growth));
        Assert.All(view.Groups, g => Assert.Equal(100.0 * g.Count / view.Total, g.SharePercent, 9));
        Assert.Equal(view.Groups.Select(g => g.Count).OrderDescending(), view.Groups.Select(g => g.Count));
        Golden.AssertMatches("dashboard/goroutines.json", Json(view));
    }

    [Storage.Monitoring.ContractFact]
    public void A_goroutine_leak_is_the_largest_group_growing_from_one_profile_to_the_next_with_gomem_goroutines_numbers()
    {
        var id = GoroutineLeakTarget.Add(Store);
        var latest = DashboardGoroutines.Analyze(Store, "demo.db", id, null);
        var fourth = DashboardGoroutines.Analyze(Store, "demo.db", id, GoroutineLeakTarget.Time(4).AddSeconds(1));
        var first = DashboardGoroutines.Analyze(Store, "demo.db", id, GoroutineLeakTarget.Time(1));
        var cli = GoMemCli.Run("goroutines", GoroutineLeakTarget.GoroutineProfile(GoroutineLeakTarget.Snapshots), "--format", "json");
        var report = JsonNode.Parse(cli.Stdout)!;

        Assert.Equal(0, cli.ExitCode);
        Assert.Equal(report["total"]!.GetValue<long>(), latest.Total);
        Assert.Equal(report["shown"]!.GetValue<long>(), latest.Shown);
        Assert.Equal((report["hiddenRuntime"]!.GetValue<long>(), report["hiddenIgnored"]!.GetValue<long>()), (latest.HiddenRuntime, latest.HiddenIgnored));
        Assert.Equal(
            report["groups"]!.AsArray().Select(g => (g!["topFunction"]!.GetValue<string>(), g["count"]!.GetValue<long>(), g["labels"]!.GetValue<string>(), string.Join(" ", g["stack"]!.AsArray().Select(f => f!["function"]!.GetValue<string>())))),
            latest.Groups.Select(g => (g.Function, g.Count, g.Labels, string.Join(" ", g.Stack.Select(f => f.Function)))));
        Assert.Equal((GoroutineLeakTarget.LeakingFunction, 400L, 350L, 50L), (latest.Groups[0].Function, latest.Groups[0].Count, latest.Groups[0].PreviousCount, latest.Groups[0].Growth));
        Assert.Equal((GoroutineLeakTarget.Time(8), GoroutineLeakTarget.Time(7)), (latest.Time, latest.PreviousTime!.Value));
        Assert.Equal(100.0 * 400 / latest.Total, latest.Groups[0].SharePercent, 9);
        Assert.Equal((GoroutineLeakTarget.Time(4), GoroutineLeakTarget.Time(3), 200L, 50L), (fourth.Time, fourth.PreviousTime!.Value, fourth.Groups[0].Count, fourth.Groups[0].Growth!.Value));
        Assert.Equal(latest.PreviousTotal, DashboardGoroutines.Analyze(Store, "demo.db", id, GoroutineLeakTarget.Time(7)).Total);
        Assert.Null(first.PreviousTime);
        Assert.Null(first.PreviousTotal);
        Assert.All(first.Groups, g => Assert.Equal((null, null), (g.PreviousCount, g.Growth)));
        Assert.Equal([GoroutineLeakTarget.LeakingFunction], DashboardGoroutines.Analyze(Store, "demo.db", id, null, top: 1).Groups.Select(g => g.Function));
        Assert.Equal(latest.Groups.Count - 1, DashboardGoroutines.Analyze(Store, "demo.db", id, null, top: 1).OmittedGroups);
    }

    [Storage.Monitoring.ContractFact]
    public void Goroutine_groups_refuse_a_target_without_goroutine_profiles_and_a_negative_top()
    {
        var bare = Store.UpsertTarget("bare", "127.0.0.1:1", GoMem.Monitoring.LabelSet.Of(("service", "bare")));

        Assert.Contains("no goroutine profile of bare/127.0.0.1:1 is stored", Assert.Throws<GoMem.IO.BadInputException>(() => DashboardGoroutines.Analyze(Store, "demo.db", bare, null)).Message, StringComparison.Ordinal);
        Assert.Contains("must be 0 (all) or more", Assert.Throws<GoMem.IO.InvalidSettingException>(() => DashboardGoroutines.Analyze(Store, "demo.db", Leaking.Id, null, top: -1)).Message, StringComparison.Ordinal);
        Assert.Equal("no target 99 in demo.db", Assert.Throws<KeyNotFoundException>(() => DashboardGoroutines.Analyze(Store, "demo.db", 99, null)).Message);
    }
}
