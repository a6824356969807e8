using GoMem.IO;
using GoMem.Monitoring.Config;

namespace GoMem.Tests.Monitoring.Config;

/// <summary>
/// File-based discovery followed step by step on a hand-moved clock: files added, removed and modified are seen at
/// the next refresh_interval, and a broken file keeps its previous targets with one error line.
/// </summary>
public sealed class TargetWatcherTests : IDisposable
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMinutes(1);

    private readonly ConfigFiles files = new();
    private readonly ManualClock clock = new();

    public void Dispose() => files.Dispose();

    private TargetWatcher Watch(string patterns = "['sd/*.json', 'sd/*.yaml']")
    {
        var path = files.Write("watch.yaml", $$"""
            scrape_configs:
              - job_name: static
                static_configs: [{targets: ['s:1']}]
              - job_name: api
                file_sd_configs:
                  - files: {{patterns}}
                    refresh_interval: 1m
            """);
        return new TargetWatcher(WatchConfigLoader.Load(path), clock);
    }

    private static string[] Addresses(IReadOnlyList<ResolvedTarget> targets) => [.. targets.Select(t => $"{t.Job}/{t.Address}")];

    [Fact]
    public void The_first_refresh_reads_everything_and_reports_a_change()
    {
        files.Write("sd/a.json", """[{"targets": ["a:1", "a:2"], "labels": {"zone": "z1"}}]""");
        files.Write("sd/b.yaml", "- targets: ['b:1']\n  labels: {zone: z2}\n");
        var watcher = Watch();

        Assert.Empty(watcher.Targets);
        Assert.True(watcher.TryRefresh(out var targets));

        Assert.Equal(["static/s:1", "api/a:1", "api/a:2", "api/b:1"], Addresses(targets));
        Assert.Equal("""{instance="b:1", job="api", zone="z2"}""", targets[3].Labels.ToString());
        Assert.Empty(watcher.Errors);
        Assert.Equal(clock.Now + Refresh, watcher.NextRefreshAt);
    }

    [Fact]
    public void Nothing_is_looked_at_again_before_the_refresh_interval()
    {
        files.Write("sd/a.json", """[{"targets": ["a:1"]}]""");
        var watcher = Watch();
        watcher.TryRefresh(out _);

        files.Write("sd/a.json", """[{"targets": ["a:9"]}]""");
        clock.Advance(Refresh - TimeSpan.FromSeconds(1));
        Assert.False(watcher.TryRefresh(out var unchanged));
        Assert.Equal(["static/s:1", "api/a:1"], Addresses(unchanged));

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(watcher.TryRefresh(out var changed));
        Assert.Equal(["static/s:1", "api/a:9"], Addresses(changed));
    }

    [Fact]
    public void Added_removed_and_modified_files_are_seen_at_the_next_refresh()
    {
        files.Write("sd/a.json", """[{"targets": ["a:1"]}]""");
        files.Write("sd/b.json", """[{"targets": ["b:1"]}]""");
        var watcher = Watch();
        watcher.TryRefresh(out _);

        files.Write("sd/c.yaml", "- targets: ['c:1']\n");
        clock.Advance(Refresh);
        Assert.True(watcher.TryRefresh(out var added));
        Assert.Equal(["static/s:1", "api/a:1", "api/b:1", "api/c:1"], Addresses(added));

        files.Delete("sd/a.json");
        clock.Advance(Refresh);
        Assert.True(watcher.TryRefresh(out var removed));
        Assert.Equal(["static/s:1", "api/b:1", "api/c:1"], Addresses(removed));

        // Same size, same second: a content hash sees what a timestamp and size might not.
        files.Write("sd/b.json", """[{"targets": ["b:2"]}]""");
        clock.Advance(Refresh);
        Assert.True(watcher.TryRefresh(out var modified));
        Assert.Equal(["static/s:1", "api/b:2", "api/c:1"], Addresses(modified));

        clock.Advance(Refresh);
        Assert.False(watcher.TryRefresh(out var same));
        Assert.Same(modified, same);
        Assert.Empty(watcher.Errors);
    }

    [Fact]
    public void A_rewrite_with_the_same_targets_is_no_change()
    {
        files.Write("sd/a.json", """[{"targets": ["a:1"], "labels": {"x": "1"}}]""");
        var watcher = Watch();
        watcher.TryRefresh(out _);

        files.Write("sd/a.json", "[\n  {\"labels\": {\"x\": \"1\"},\n   \"targets\": [\"a:1\"]}\n]\n");
        clock.Advance(Refresh);

        Assert.False(watcher.TryRefresh(out _));
    }

    [Fact]
    public void A_broken_file_keeps_its_previous_targets_and_is_reported_once()
    {
        files.Write("sd/a.json", """[{"targets": ["a:1"]}]""");
        files.Write("sd/b.json", """[{"targets": ["b:1"]}]""");
        var watcher = Watch();
        watcher.TryRefresh(out var before);

        var broken = files.Write("sd/a.json", "[{\"targets\": [\"a:1\",\n  \"not-a-target\"]}]");
        files.Write("sd/b.json", """[{"targets": ["b:2"]}]""");
        clock.Advance(Refresh);
        Assert.True(watcher.TryRefresh(out var after));

        Assert.Equal(["static/s:1", "api/a:1", "api/b:2"], Addresses(after));
        var error = Assert.Single(watcher.Errors);
        Assert.StartsWith($"{broken}:2: [0].targets[1]: \"not-a-target\" is not host:port", error, StringComparison.Ordinal);
        Assert.EndsWith("(keeping its previous targets)", error, StringComparison.Ordinal);

        clock.Advance(Refresh);
        Assert.False(watcher.TryRefresh(out _));
        Assert.Empty(watcher.Errors);

        files.Write("sd/a.json", """[{"targets": ["a:3"]}]""");
        clock.Advance(Refresh);
        Assert.True(watcher.TryRefresh(out var repaired));
        Assert.Equal(["static/s:1", "api/a:3", "api/b:2"], Addresses(repaired));
        Assert.Empty(watcher.Errors);
        Assert.NotEqual(before, repaired);
    }

    [Fact]
    public void A_file_broken_again_after_a_repair_is_reported_again()
    {
        const string good = """[{"targets": ["a:1"]}]""";
        const string bad = """[{"targets": ["a"]}]""";
        files.Write("sd/a.json", good);
        var watcher = Watch();
        watcher.TryRefresh(out _);

        foreach (var (content, errors) in new[] { (bad, 1), (good, 0), (bad, 1), (bad, 0) })
        {
            files.Write("sd/a.json", content);
            clock.Advance(Refresh);
            Assert.False(watcher.TryRefresh(out var targets));
            Assert.Equal(["static/s:1", "api/a:1"], Addresses(targets));
            Assert.Equal(errors, watcher.Errors.Count);
        }
    }

    [Theory]
    [InlineData("", 1, "the file is empty (being written?)")]
    [InlineData("[{\"targets\": [\"a:1\"", 1, "not valid YAML")]
    [InlineData("{\"targets\": [\"a:1\"]}", 1, "expected a list, found a mapping")]
    [InlineData("[{\"targets\": [\"a:1\"], \"lables\": {}}]", 1, "[0].lables: unknown key \"lables\"; did you mean \"labels\"?")]
    [InlineData("[{\"targets\": [\"a:1\"], \"labels\": {\"__memory_limit__\": \"512m\"}}]", 1, "[0].labels.__memory_limit__: \"512m\" is 512 thousandths of a byte")]
    public void A_file_that_is_broken_from_the_start_gives_no_targets_and_one_line(string content, long line, string problem)
    {
        var path = files.Write("sd/a.json", content);
        var watcher = Watch();

        Assert.True(watcher.TryRefresh(out var targets));

        Assert.Equal(["static/s:1"], Addresses(targets));
        Assert.StartsWith($"{path}:{line}: {problem}", Assert.Single(watcher.Errors), StringComparison.Ordinal);
        Assert.EndsWith("(no targets from it yet)", watcher.Errors[0], StringComparison.Ordinal);
        Assert.Throws<BadInputException>(() => WatchConfigLoader.Check(Path.Combine(files.Root, "watch.yaml")));
    }

    [Fact]
    public void A_folder_that_appears_later_is_picked_up()
    {
        var watcher = Watch();
        Assert.True(watcher.TryRefresh(out var none));
        Assert.Equal(["static/s:1"], Addresses(none));

        files.Write("sd/late.yaml", "- targets: ['late:1']\n");
        clock.Advance(Refresh);

        Assert.True(watcher.TryRefresh(out var later));
        Assert.Equal(["static/s:1", "api/late:1"], Addresses(later));
    }

    [Fact]
    public void Patterns_matching_too_many_files_keep_the_files_found_before()
    {
        files.Write("sd/a.json", """[{"targets": ["a:1"]}]""");
        var path = files.Write("watch.yaml", "scrape_configs:\n  - job_name: api\n    file_sd_configs:\n      - files: ['sd/*.json']\n");
        var watcher = new TargetWatcher(WatchConfigLoader.Load(path, new WatchConfigLimits { MaxFileSdFiles = 2 }), clock);
        watcher.TryRefresh(out _);

        files.Write("sd/b.json", """[{"targets": ["b:1"]}]""");
        files.Write("sd/c.json", """[{"targets": ["c:1"]}]""");
        clock.Advance(FileSdConfig.DefaultRefreshInterval);

        Assert.False(watcher.TryRefresh(out var targets));
        Assert.Equal(["api/a:1"], Addresses(targets));
        Assert.Equal($"{path}:4: file_sd_configs: the patterns match more than the 2 files allowed in all (at {Path.Combine(files.Root, "sd", "*.json")}) (keeping the files found before)", Assert.Single(watcher.Errors));
    }

    [Fact]
    public void Going_over_the_target_limit_keeps_the_previous_targets()
    {
        files.Write("sd/a.json", """[{"targets": ["a:1"]}]""");
        var path = files.Write("watch.yaml", "scrape_configs:\n  - job_name: api\n    file_sd_configs:\n      - files: ['sd/*.json']\n");
        var watcher = new TargetWatcher(WatchConfigLoader.Load(path, new WatchConfigLimits { MaxTargets = 2 }), clock);
        watcher.TryRefresh(out _);

        files.Write("sd/b.json", """[{"targets": ["b:1", "b:2"]}]""");
        clock.Advance(FileSdConfig.DefaultRefreshInterval);

        Assert.False(watcher.TryRefresh(out var targets));
        Assert.Equal(["api/a:1"], Addresses(targets));
        Assert.StartsWith($"{path}: more than 2 targets", Assert.Single(watcher.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_static_targets_need_no_refreshing()
    {
        var path = files.Write("watch.yaml", "scrape_configs:\n  - job_name: a\n    static_configs: [{targets: ['a:1']}]\n");
        var watcher = new TargetWatcher(WatchConfigLoader.Load(path), clock);

        Assert.True(watcher.TryRefresh(out var targets));
        Assert.Single(targets);
        Assert.Equal(DateTimeOffset.MaxValue, watcher.NextRefreshAt);
        clock.Advance(TimeSpan.FromDays(1));
        Assert.False(watcher.TryRefresh(out _));
    }

    [Fact]
    public void Glob_matching_is_shell_style_in_the_file_name()
    {
        files.Write("sd/api-1.json", """[{"targets": ["a:1"]}]""");
        files.Write("sd/api-22.json", """[{"targets": ["a:22"]}]""");
        files.Write("sd/db-1.json", """[{"targets": ["d:1"]}]""");
        var watcher = Watch("['sd/api-?.json', 'sd/db-*.json', 'sd/db-1.json']");

        watcher.TryRefresh(out var targets);

        Assert.Equal(["static/s:1", "api/a:1", "api/d:1"], Addresses(targets));
    }
}
