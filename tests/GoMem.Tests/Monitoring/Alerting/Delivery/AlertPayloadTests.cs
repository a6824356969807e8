using System.Text;
using System.Text.Json;
using GoMem.Monitoring;
using GoMem.Monitoring.Alerting.Delivery;
using GoMem.Tests.TestSupport;

namespace GoMem.Tests.Monitoring.Alerting.Delivery;

/// <summary>The three payloads byte for byte (golden files, shown in docs/ALERTS.md), and the rules behind their fields.</summary>
public sealed class AlertPayloadTests
{
    private static readonly Uri External = new("http://grafana.example/d/gomem/");

    private static string Pretty(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }).ReplaceLineEndings("\n") + "\n";
    }

    [Fact]
    public void The_payloads_match_their_golden_files()
    {
        var firing = Notifications.Firing(generatorUrl: "?var-instance=10.0.0.5:6060");
        var resolved = Notifications.Resolved(firing, Notifications.Start.AddMinutes(7.5));

        Golden.AssertMatches(Path.Combine("monitoring", "alert-webhook.firing.json"), Pretty(AlertPayloads.Webhook(firing, External)));
        Golden.AssertMatches(Path.Combine("monitoring", "alert-webhook.resolved.json"), Pretty(AlertPayloads.Webhook(resolved, External)));
        Golden.AssertMatches(Path.Combine("monitoring", "alert-alertmanager.json"), Pretty(AlertPayloads.Alertmanager([firing, resolved], External)));
        Golden.AssertMatches(Path.Combine("monitoring", "alert-log.jsonl"), Encoding.UTF8.GetString(AlertPayloads.LogLine(firing, External)) + "\n" + Encoding.UTF8.GetString(AlertPayloads.LogLine(resolved, null)) + "\n");
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData(null, "http://grafana.example/d/gomem/", "http://grafana.example/d/gomem/")]
    [InlineData("/targets/api", null, null)]
    [InlineData("targets/api", "http://gomem.example/ui/", "http://gomem.example/ui/targets/api")]
    [InlineData("https://elsewhere.example/alert/1", "http://gomem.example/", "https://elsewhere.example/alert/1")]
    public void The_generator_url_is_the_alerts_own_resolved_against_the_external_url(string? own, string? external, string? expected)
    {
        var alert = Notifications.Firing(generatorUrl: own);
        Assert.Equal(expected, AlertJson.GeneratorUrl(alert, external is null ? null : new Uri(external)));
    }

    [Fact]
    public void Times_are_utc_with_z_and_no_trailing_zeros_as_alertmanager_writes_them()
    {
        Assert.Equal("2026-12-01T10:00:00Z", AlertJson.Time(Notifications.Start));
        Assert.Equal("2026-12-01T09:00:00.25Z", AlertJson.Time(new DateTimeOffset(2026, 12, 1, 10, 0, 0, 250, TimeSpan.FromHours(1))));
    }

    [Fact]
    public void The_fingerprint_depends_on_every_label_and_on_nothing_else()
    {
        var labels = LabelSet.Of(("alertname", "A"), ("instance", "x:1"));
        Assert.Equal(AlertJson.Fingerprint(labels), AlertJson.Fingerprint(LabelSet.Of(("instance", "x:1"), ("alertname", "A"))));
        Assert.NotEqual(AlertJson.Fingerprint(labels), AlertJson.Fingerprint(LabelSet.Of(("alertname", "A"), ("instance", "x:2"))));
        Assert.NotEqual(AlertJson.Fingerprint(LabelSet.Of(("a", "bc"))), AlertJson.Fingerprint(LabelSet.Of(("ab", "c"))));
        Assert.Matches("^[0-9a-f]{16}$", AlertJson.Fingerprint(labels));
    }
}
