using GoMem.IO;
using GoMem.Monitoring.Retention;

namespace GoMem.Tests.Monitoring.Retention;

/// <summary>The retention policy's written forms: what they mean, what they print as, and every way to get one wrong.</summary>
public sealed class RetentionPolicyTests
{
    [Fact]
    public void The_defaults_are_the_documented_ones()
    {
        var policy = RetentionPolicy.Default;
        Assert.Equal("profiles=24h,10m:7d,1h:90d;runtime=24h,1m:7d,1h:90d;events=90d;findings=90d", policy.ToString());
        Assert.Equal(TimeSpan.FromHours(24), policy.Profiles.Raw);
        Assert.Equal([new RetentionTier(TimeSpan.FromMinutes(10), TimeSpan.FromDays(7)), new RetentionTier(TimeSpan.FromHours(1), TimeSpan.FromDays(90))], policy.Profiles.Tiers);
        Assert.Equal([new RetentionTier(TimeSpan.FromMinutes(1), TimeSpan.FromDays(7)), new RetentionTier(TimeSpan.FromHours(1), TimeSpan.FromDays(90))], policy.Runtime.Tiers);
        Assert.Equal((TimeSpan.FromDays(90), TimeSpan.FromDays(90)), (policy.Events, policy.Findings));
        Assert.Equal(
            "every snapshot for 24h, then one per 10m until 7d old, one per 1h until 90d old",
            policy.Profiles.Describe("every snapshot", "one per"));
    }

    [Theory]
    [InlineData("24h,10m:7d,1h:90d", "24h,10m:7d,1h:90d")]
    [InlineData(" 24h , 10m:7d , 1h:90d ", "24h,10m:7d,1h:90d")]
    [InlineData("1d,1m:1w,1h:1y", "24h,1m:7d,1h:365d")]
    [InlineData("36h,90s:3d", "36h,90s:3d")]
    [InlineData("7d", "7d")]
    [InlineData("1h30m,5m:2d", "90m,5m:2d")]
    public void Tiers_read_in_go_or_prometheus_durations_and_print_in_the_shortest_exact_form(string text, string printed)
    {
        var tiers = RetentionTiers.Parse(text);
        Assert.Equal(printed, tiers.ToString());
        Assert.Equal(tiers, RetentionTiers.Parse(printed));
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("10m:7d,1h:90d", "starts with a step: first write how long to keep everything (like 24h,10m:7d)")]
    [InlineData("24h,10m", "\"10m\" is not a step RESOLUTION:UNTIL")]
    [InlineData("24h,10m:7d,1h:3d", "\"1h:3d\": 3d must be longer than the 7d before it")]
    [InlineData("24h,1h:7d,10m:90d", "\"10m:90d\": the resolution 10m must be coarser than 1h and a multiple of it")]
    [InlineData("24h,10m:7d,25m:90d", "the resolution 25m must be coarser than 10m and a multiple of it")]
    [InlineData("24h,1500ms:7d", "the resolution 1.5s is not a whole number of seconds")]
    [InlineData("24h,3d:3d", "one per 3d for the 2d from 24h to 3d old keeps less than one")]
    [InlineData("forever", "\"forever\" is not a duration")]
    [InlineData("0s", "must be longer than zero")]
    [InlineData("24h,10m:200y", "at most 100 years")]
    public void Bad_tiers_say_what_is_wrong(string text, string problem)
    {
        Assert.False(RetentionTiers.TryParse(text, out _, out var message));
        Assert.Contains(problem, message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_spec_changes_only_the_keys_it_names_and_later_ones_win()
    {
        var policy = RetentionPolicy.Default.With("runtime=48h,1m:14d,1h:1y; events=30d").With("events=7d");
        Assert.Equal("profiles=24h,10m:7d,1h:90d;runtime=2d,1m:14d,1h:365d;events=7d;findings=90d", policy.ToString());
        Assert.Equal(RetentionPolicy.Default, RetentionPolicy.Default.With(""));
    }

    [Theory]
    [InlineData("profile=24h", "unknown key \"profile\"; did you mean \"profiles\"? (known: profiles, runtime, events, findings)")]
    [InlineData("runtime", "\"runtime\" is not KEY=VALUE")]
    [InlineData("events=soon", "events: \"soon\" is not a duration")]
    [InlineData("runtime=24h,10m:1h", "runtime: \"10m:1h\": 1h must be longer than the 24h before it")]
    public void A_bad_spec_is_a_refused_setting_named_retention(string spec, string problem)
    {
        var e = Assert.Throws<InvalidSettingException>(() => RetentionPolicy.Default.With(spec));
        Assert.Equal("Retention", e.Setting);
        Assert.Contains(problem, e.Problem, StringComparison.Ordinal);
    }
}
