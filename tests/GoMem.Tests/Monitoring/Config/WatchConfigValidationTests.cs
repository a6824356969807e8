using GoMem.IO;
using GoMem.Monitoring.Config;

namespace GoMem.Tests.Monitoring.Config;

/// <summary>Every invalid configuration is one line naming the file, the line and the key, and says what would be right.</summary>
public sealed class WatchConfigValidationTests : IDisposable
{
    private readonly ConfigFiles files = new();

    public void Dispose() => files.Dispose();

    [Fact]
    public void A_misspelt_key_names_the_known_keys_and_the_likely_one()
    {
        var path = files.Write("c.yaml", "scrape_configs:\n  - job_name: api\n    scrape_intervall: 15s\n");

        var error = ConfigFiles.Fails(() => WatchConfigLoader.Load(path), path, 3, "scrape_configs[0].scrape_intervall");

        Assert.Contains("unknown key \"scrape_intervall\"; did you mean \"scrape_interval\"?", error.Message, StringComparison.Ordinal);
        Assert.Contains("known here: job_name, scrape_interval, scrape_timeout, scheme, static_configs, file_sd_configs, profiling_config, container_memory_limit", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("globl:\n  scrape_interval: 1s\nscrape_configs: [{job_name: a}]\n", 1, "globl", "global")]
    [InlineData("global:\n  scrape-timeout: 1s\nscrape_configs: [{job_name: a}]\n", 2, "global.scrape-timeout", "scrape_timeout")]
    [InlineData("scrape_configs:\n- job_name: a\n  profiling_config:\n    pprof_config:\n      heep: {}\n", 5, "scrape_configs[0].profiling_config.pprof_config.heep", "heap")]
    [InlineData("scrape_configs:\n- job_name: a\n  profiling_config:\n    pprof_config:\n      heap: {enabeld: true}\n", 5, "scrape_configs[0].profiling_config.pprof_config.heap.enabeld", "enabled")]
    [InlineData("scrape_configs:\n- job_name: a\n  static_configs:\n  - target: ['a:1']\n", 4, "scrape_configs[0].static_configs[0].target", "targets")]
    [InlineData("scrape_configs:\n- job_name: a\n  file_sd_configs:\n  - files: [a.json]\n    refresh_intreval: 1m\n", 5, "scrape_configs[0].file_sd_configs[0].refresh_intreval", "refresh_interval")]
    public void Unknown_keys_at_every_level_are_named_with_a_suggestion(string yaml, long line, string keyPath, string meant)
    {
        var path = files.Write("c.yaml", yaml);
        var error = ConfigFiles.Fails(() => WatchConfigLoader.Load(path), path, line, keyPath);
        Assert.Contains($"did you mean \"{meant}\"?", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_from_elsewhere_in_prometheus_is_unknown_without_a_guess()
    {
        var path = files.Write("c.yaml", "scrape_configs:\n- job_name: a\n  relabel_configs: []\n");
        var error = ConfigFiles.Fails(() => WatchConfigLoader.Load(path), path, 3, "scrape_configs[0].relabel_configs");
        Assert.DoesNotContain("did you mean", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_job_timeout_longer_than_its_interval_is_refused()
    {
        var path = files.Write("c.yaml", "scrape_configs:\n  - job_name: api\n    scrape_interval: 15s\n    scrape_timeout: 20s\n");
        var error = ConfigFiles.Fails(() => WatchConfigLoader.Load(path), path, 4, "scrape_configs[0].scrape_timeout");
        Assert.EndsWith("20s is longer than scrape_interval 15s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_global_timeout_longer_than_the_global_interval_is_refused()
    {
        var path = files.Write("c.yaml", "global:\n  scrape_interval: 5s\n  scrape_timeout: 1m\nscrape_configs: [{job_name: a}]\n");
        ConfigFiles.Fails(() => WatchConfigLoader.Load(path), path, 3, "global.scrape_timeout: 1m0s is longer than scrape_interval 5s");
    }

    [Fact]
    public void A_job_timeout_longer_than_the_inherited_interval_is_refused()
    {
        var path = files.Write("c.yaml", "global:\n  scrape_interval: 5s\nscrape_configs:\n  - job_name: a\n    scrape_timeout: 6s\n");
        ConfigFiles.Fails(() => WatchConfigLoader.Load(path), path, 5, "scrape_configs[0].scrape_timeout: 6s is longer than scrape_interval 5s");
    }

    [Fact]
    public void Duplicate_job_names_name_the_first()
    {
        var path = files.Write("c.yaml", "scrape_configs:\n  - job_name: api\n  - job_name: db\n  - job_name: api\n");
        ConfigFiles.Fails(() => WatchConfigLoader.Load(path), path, 4, "scrape_configs[2].job_name: duplicate job name \"api\" (first at line 2)");
    }

    [Theory]
    [InlineData("localhost", "the port is missing")]
    [InlineData("http://localhost:6060", "no scheme here")]
    [InlineData("localhost:6060/debug", "no path here")]
    [InlineData("localhost:0", "the port is not a number from 1 to 65535")]
    [InlineData("localhost:70000", "the port is not a number from 1 to 65535")]
    [InlineData("localhost:http", "the port is not a number")]
    [InlineData(":6060", "the host is not a name")]
    [InlineData("::1:6060", "an IPv6 address needs brackets")]
    [InlineData("[::1]", "needs :port")]
    [InlineData("[nope]:1", "is not an IPv6 address")]
    [InlineData("a b:1", "the host is not a name")]
    public void A_target_that_is_not_host_port_is_refused(string target, string why)
    {
        var path = files.Write("c.yaml", $"scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets:\n          - ok:1\n          - '{target}'\n");
        var error = ConfigFiles.Fails(() => WatchConfigLoader.Load(path), path, 6, "scrape_configs[0].static_configs[0].targets[1]");
        Assert.Contains("is not host:port (", error.Message, StringComparison.Ordinal);
        Assert.Contains(why, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("scrape_interval: 10x", "\"10x\" is not a duration")]
    [InlineData("scrape_interval: -1s", "\"-1s\" is not a duration")]
    [InlineData("scrape_interval: 0s", "\"0s\" must be longer than zero")]
    [InlineData("scrape_interval: ''", "\"\" is not a duration")]
    [InlineData("scrape_interval: 300y", "\"300y\" is not a duration")]
    [InlineData("scrape_interval: [1s]", "expected a value, found a list")]
    [InlineData("scrape_timeout: 1 m", "\"1 m\" is not a duration")]
    public void A_bad_duration_is_named(string line, string problem)
    {
        var path = files.Write("c.yaml", $"scrape_configs:\n  - job_name: a\n    {line}\n");
        var key = line[..line.IndexOf(':', StringComparison.Ordinal)];
        var error = ConfigFiles.Fails(() => WatchConfigLoader.Load(path), path, 3, $"scrape_configs[0].{key}");
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lots", "is not a memory size")]
    [InlineData("512m", "thousandths of a byte in Kubernetes' notation; write 512Mi or 512MiB")]
    [InlineData("-1Gi", "is not a memory size")]
    [InlineData("0", "must be more than zero bytes")]
    [InlineData("99999999999999999999Ei", "is not a memory size")]
    public void A_bad_memory_limit_is_named(string size, string problem)
    {
        var path = files.Write("c.yaml", $"scrape_configs:\n  - job_name: a\n    container_memory_limit: {size}\n");
        var error = ConfigFiles.Fails(() => WatchConfigLoader.Load(path), path, 3, "scrape_configs[0].container_memory_limit");
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_memory_limit_label_is_named()
    {
        var path = files.Write("c.yaml", "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: ['a:1']\n        labels:\n          __memory_limit__: big\n");
        ConfigFiles.Fails(() => WatchConfigLoader.Load(path), path, 6, "scrape_configs[0].static_configs[0].labels.__memory_limit__: \"big\" is not a memory size");
    }

    [Fact]
    public void A_misspelt_reserved_label_gets_a_suggestion_and_others_are_dropped()
    {
        var path = files.Write("c.yaml", "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: ['a:1']\n        labels: {__memory_limt__: 1Gi}\n");
        var error = ConfigFiles.Fails(() => WatchConfigLoader.Load(path), path, 5, "scrape_configs[0].static_configs[0].labels.__memory_limt__");
        Assert.Contains("did you mean \"__memory_limit__\"?", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 1, "the configuration is empty")]
    [InlineData("# only a comment\n", 1, "the configuration is empty")]
    [InlineData("global:\n  scrape_interval: 1s\n", 1, "scrape_configs: no jobs")]
    [InlineData("global: {}\nscrape_configs: []\n", 2, "scrape_configs: no jobs")]
    [InlineData("scrape_configs:\n", 1, "scrape_configs: no jobs")]
    public void An_empty_configuration_is_refused(string yaml, long line, string problem)
    {
        var path = files.Write("c.yaml", yaml);
        ConfigFiles.Fails(() => WatchConfigLoader.Load(path), path, line, problem);
    }

    [Theory]
    [InlineData("scrape_configs:\n  - scrape_interval: 1s\n", 2, "scrape_configs[0]: job_name is missing")]
    [InlineData("scrape_configs:\n  - job_name: ''\n", 2, "scrape_configs[0].job_name: the job name is empty")]
    [InlineData("scrape_configs:\n  - job_name: a\n    scheme: ftp\n", 3, "scrape_configs[0].scheme: \"ftp\" is not a scheme: http or https")]
    [InlineData("scrape_configs: {job_name: a}\n", 1, "scrape_configs: expected a list, found a mapping")]
    [InlineData("- job_name: a\n", 1, "expected a mapping (key: value), found a list")]
    [InlineData("scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: 'a:1'\n", 4, "scrape_configs[0].static_configs[0].targets: expected a list")]
    [InlineData("scrape_configs:\n  - job_name: a\n    static_configs:\n      - labels: {1abc: x}\n", 4, "scrape_configs[0].static_configs[0].labels.1abc: \"1abc\" is not a label name")]
    [InlineData("scrape_configs:\n  - job_name: a\n    static_configs:\n      - labels: {a: [x]}\n", 4, "scrape_configs[0].static_configs[0].labels.a: expected a value, found a list")]
    [InlineData("global:\n  external_labels: {__x__: y}\nscrape_configs: [{job_name: a}]\n", 2, "global.external_labels.__x__: \"__x__\": label names starting with __ are reserved")]
    [InlineData("scrape_configs:\n  - job_name: a\n    profiling_config:\n      runtime_stats: {vars: yes}\n", 4, "scrape_configs[0].profiling_config.runtime_stats.vars: \"yes\" is not true or false")]
    [InlineData("scrape_configs:\n  - job_name: a\n    profiling_config:\n      pprof_config: {heap: {every: 0}}\n", 4, "scrape_configs[0].profiling_config.pprof_config.heap.every: \"0\" is not a whole number from 1 to 10000")]
    [InlineData("scrape_configs:\n  - job_name: a\n    profiling_config:\n      path_prefix: app\n", 4, "scrape_configs[0].profiling_config.path_prefix: \"app\" is not a URL path")]
    [InlineData("scrape_configs:\n  - job_name: a\n    file_sd_configs:\n      - files: [targets.txt]\n", 4, "scrape_configs[0].file_sd_configs[0].files[0]: \"targets.txt\": a file_sd file must end in .json, .yml or .yaml")]
    [InlineData("scrape_configs:\n  - job_name: a\n    file_sd_configs:\n      - files: ['*/t.json']\n", 4, "scrape_configs[0].file_sd_configs[0].files[0]: \"*/t.json\": wildcards are allowed in the file name only")]
    [InlineData("scrape_configs:\n  - job_name: a\n    file_sd_configs:\n      - refresh_interval: 1m\n", 4, "scrape_configs[0].file_sd_configs[0].files: no files")]
    [InlineData("scrape_configs:\n  - job_name: a\n    job_name: b\n", 3, "not valid YAML")]
    [InlineData("scrape_configs:\n  - job_name: a\n    static_configs: [{targets: [unclosed}]\n", 3, "not valid YAML")]
    [InlineData("scrape_configs:\n  - job_name: a\n---\nscrape_configs: []\n", 3, "more than 1 YAML documents")]
    [InlineData("scrape_configs:\n  - job_name: *nowhere\n", 2, "alias *nowhere names no anchor before it")]
    [InlineData("scrape_configs: &loop\n  - *loop\n", 2, "alias *loop is inside the node it names")]
    public void Every_other_mistake_is_one_line_with_its_line_and_key(string yaml, long line, string expected)
    {
        var path = files.Write("c.yaml", yaml);
        ConfigFiles.Fails(() => WatchConfigLoader.Load(path), path, line, expected);
    }

    [Fact]
    public void A_billion_laughs_stops_at_the_alias_budget_without_expanding()
    {
        var yaml = new System.Text.StringBuilder("a0: &a0 ['lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol', 'lol']\n");
        for (var i = 1; i < 10; i++)
        {
            yaml.Append($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        }

        yaml.Append("scrape_configs:\n  - job_name: bomb\n    static_configs: [{targets: *a9}]\n");
        var path = files.Write("c.yaml", yaml.ToString());
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = ConfigFiles.Fails(() => WatchConfigLoader.Load(path), path, 6, "aliases expand to more than 1,000,000 nodes");

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 50L << 20, "the bomb was expanded");
        Assert.Contains("alias bomb", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_deep_enough_to_overflow_the_stack_is_refused_before_it_is_built()
    {
        var path = files.Write("c.yaml", "scrape_configs: " + new string('[', 200_000) + new string(']', 200_000) + "\n");
        ConfigFiles.Fails(() => WatchConfigLoader.Load(path), path, 1, "YAML nested more than 64 levels deep");
    }

    [Fact]
    public void Too_many_targets_are_refused()
    {
        var path = files.Write("c.yaml", "scrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: ['a:1', 'a:2']\n      - targets: ['a:3', 'a:4']\n");
        var limits = new WatchConfigLimits { MaxTargets = 3 };
        ConfigFiles.Fails(() => WatchConfigLoader.Load(path, limits), path, 5, "scrape_configs[0].static_configs[1].targets: 2 more targets would pass the limit of 3 targets");
    }

    [Fact]
    public void Too_many_labels_on_a_target_are_refused()
    {
        var path = files.Write("c.yaml", "global: {external_labels: {a: '1', b: '2'}}\nscrape_configs:\n  - job_name: a\n    static_configs:\n      - targets: ['a:1']\n        labels: {c: '3'}\n");
        var limits = new WatchConfigLimits { MaxLabelsPerTarget = 4 };
        ConfigFiles.Fails(() => WatchConfigLoader.Load(path, limits), path, 5, "targets here would carry 5 labels, more than the limit of 4");
    }

    [Fact]
    public void A_configuration_larger_than_the_limit_is_refused_unread()
    {
        var path = files.Write("c.yaml", "scrape_configs: [{job_name: a}]\n" + new string('#', 2000));
        var error = Assert.Throws<GoMem.IO.BadInputException>(() => WatchConfigLoader.Load(path, new WatchConfigLimits { MaxFileBytes = 1024 }));
        Assert.Contains("larger than", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_configuration_is_an_io_error_not_bad_input()
    {
        var absent = Path.Combine(files.Root, "absent.yaml");
        var e = Assert.Throws<FileProblemException>(() => WatchConfigLoader.Load(absent));
        Assert.Equal($"{absent}: no such file", e.Message);
    }
}
