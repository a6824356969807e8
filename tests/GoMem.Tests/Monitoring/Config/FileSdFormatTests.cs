using GoMem.Monitoring.Config;

namespace GoMem.Tests.Monitoring.Config;

/// <summary>Prometheus file_sd files as tools write them: JSON (any indentation, escapes) and YAML, in .json, .yml and .yaml files.</summary>
public sealed class FileSdFormatTests : IDisposable
{
    private readonly ConfigFiles files = new();

    public void Dispose() => files.Dispose();

    private IReadOnlyList<ResolvedTarget> Resolve(string pattern)
    {
        var path = files.Write("c.yaml", $"scrape_configs:\n  - job_name: j\n    file_sd_configs:\n      - files: ['{pattern}']\n");
        return WatchConfigLoader.Load(path).ResolveTargets();
    }

    [Fact]
    public void Json_indented_with_tabs_and_escaped_strings_reads_as_json()
    {
        files.Write("sd.json", "[\n\t{\n\t\t\"targets\": [\"10.0.0.1:6060\"],\n\t\t\"labels\": {\"path\": \"a\\/b\", \"name\": \"caf\\u00e9\", \"quote\": \"say \\\"hi\\\"\"}\n\t}\n]\n");

        var target = Assert.Single(Resolve("sd.json"));

        Assert.Equal(("a/b", "café", "say \"hi\""), (target.Labels["path"], target.Labels["name"], target.Labels["quote"]));
    }

    [Fact]
    public void Json_on_one_line_with_a_byte_order_mark_reads()
    {
        File.WriteAllBytes(Path.Combine(files.Root, "sd.JSON"), [0xEF, 0xBB, 0xBF, .. "[{\"targets\":[\"a:1\"],\"labels\":{}}]"u8]);
        Assert.Equal("a:1", Assert.Single(Resolve("*.JSON")).Address);
    }

    [Fact]
    public void Yaml_groups_may_have_no_labels_or_no_targets()
    {
        files.Write("sd.yml", """
            # written by a tool
            - targets: ['a:1']
              labels:
            - targets: []
              labels: {unused: x}
            - labels: {alone: x}
            - targets: ['b:1']
            """);

        Assert.Equal(["a:1", "b:1"], Resolve("*.yml").Select(t => t.Address));
    }

    [Fact]
    public void An_empty_list_means_no_targets()
    {
        files.Write("sd.json", "[]");
        Assert.Empty(Resolve("sd.json"));
    }

    [Fact]
    public void A_missing_file_or_folder_is_no_targets_yet()
    {
        Assert.Empty(Resolve("absent.json"));
        Assert.Empty(Resolve("absent/*.json"));
    }

    [Fact]
    public void Relative_patterns_are_relative_to_the_configuration_s_folder()
    {
        files.Write("conf/sd/a.yaml", "- targets: ['a:1']\n");
        var path = files.Write("conf/watch.yaml", "scrape_configs:\n  - job_name: j\n    file_sd_configs: [{files: ['sd/*.yaml']}]\n");

        var config = WatchConfigLoader.Load(path);

        Assert.Equal(Path.Combine(files.Root, "conf", "sd", "*.yaml"), Assert.Single(Assert.Single(config.Jobs).FileSdConfigs).Files[0]);
        Assert.Equal(FileSdConfig.DefaultRefreshInterval, config.Jobs[0].FileSdConfigs[0].RefreshInterval);
        Assert.Equal("a:1", Assert.Single(config.ResolveTargets()).Address);
    }

    [Fact]
    public void A_yaml_alias_bomb_in_a_file_sd_file_is_refused()
    {
        var bomb = new System.Text.StringBuilder("- targets: &t0 ['a:1', 'a:2', 'a:3', 'a:4', 'a:5', 'a:6', 'a:7', 'a:8', 'a:9', 'a:10']\n");
        for (var i = 1; i < 8; i++)
        {
            bomb.Append($"- labels: {{}}\n  targets: &t{i} [{string.Join(", ", Enumerable.Repeat($"*t{i - 1}", 10))}]\n");
        }

        var path = files.Write("sd.yaml", bomb.ToString());

        var error = Assert.Throws<GoMem.IO.BadInputException>(() => Resolve("sd.yaml"));

        Assert.Equal(path, error.Source);
        Assert.Contains("alias", error.Message, StringComparison.Ordinal);
    }
}
