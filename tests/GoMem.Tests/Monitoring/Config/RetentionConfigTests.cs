using GoMem.Monitoring.Config;
using GoMem.Monitoring.Retention;

namespace GoMem.Tests.Monitoring.Config;

/// <summary>The configuration's <c>retention</c> section: each key optional, and every mistake one line with file, line and key.</summary>
public sealed class RetentionConfigTests : IDisposable
{
    private const string Jobs = "scrape_configs:\n  - job_name: api\n    static_configs: [{targets: ['127.0.0.1:6060']}]\n";

    private readonly ConfigFiles files = new();

    public void Dispose() => files.Dispose();

    [Fact]
    public void Without_a_section_the_defaults_apply()
    {
        var config = WatchConfigLoader.Load(files.Write("c.yaml", Jobs));
        Assert.Equal(RetentionPolicy.Default, config.Retention);
    }

    [Fact]
    public void The_keys_written_replace_their_defaults_and_the_others_stay()
    {
        var path = files.Write("c.yaml", Jobs + "retention:\n  profiles: 48h, 30m:14d, 6h:1y\n  findings: 30d\n");
        var config = WatchConfigLoader.Load(path);
        Assert.Equal("profiles=2d,30m:14d,6h:365d;runtime=24h,1m:7d,1h:90d;events=90d;findings=30d", config.Retention.ToString());
    }

    [Fact]
    public void An_empty_section_is_the_defaults()
    {
        var config = WatchConfigLoader.Load(files.Write("c.yaml", Jobs + "retention:\n"));
        Assert.Equal(RetentionPolicy.Default, config.Retention);
    }

    [Theory]
    [InlineData("retention:\n  profile: 24h\n", 5, "retention.profile", "unknown key \"profile\"; did you mean \"profiles\"?")]
    [InlineData("retention:\n  runtime: 24h,1m\n", 5, "retention.runtime", "\"1m\" is not a step RESOLUTION:UNTIL")]
    [InlineData("retention:\n  profiles: 24h,1h:7d,10m:90d\n", 5, "retention.profiles", "the resolution 10m must be coarser than 1h and a multiple of it")]
    [InlineData("retention:\n  events: 90 days\n", 5, "retention.events", "\"90 days\" is not a duration")]
    [InlineData("retention:\n  events: [90d]\n", 5, "retention.events", "expected a value, found a list")]
    [InlineData("retention: 90d\n", 4, "retention", "expected a mapping")]
    public void A_bad_setting_is_one_line_naming_the_file_line_and_key(string section, long line, string keyPath, string problem)
    {
        var path = files.Write("c.yaml", Jobs + section);
        var error = ConfigFiles.Fails(() => WatchConfigLoader.Load(path), path, line, keyPath);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }
}
