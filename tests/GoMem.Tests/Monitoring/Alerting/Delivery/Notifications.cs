using System.Globalization;
using GoMem.Monitoring;
using GoMem.Monitoring.Alerting;
using GoMem.Monitoring.Exposition;
using GoMem.RuntimeStats.Prometheus.Parsing;

namespace GoMem.Tests.Monitoring.Alerting.Delivery;

/// <summary>Notifications as the evaluator will give them, and reading the delivery counters off a real exposition.</summary>
internal static class Notifications
{
    public static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-12-01T10:00:00Z", CultureInfo.InvariantCulture);

    public static AlertNotification Firing(string rule = "GoMemHeapLeak", string instance = "10.0.0.5:6060", DateTimeOffset? startsAt = null, bool resend = false, string? generatorUrl = null) => new(
        rule,
        LabelSet.Of(("alertname", rule), ("severity", "warning"), ("job", "api"), ("instance", instance), ("function", "main.recordSession")),
        new Dictionary<string, string>
        {
            ["summary"] = "Heap in use at main.recordSession grows",
            ["description"] = "main.recordSession (main.go:42) holds 1.2 MiB more every minute since 10:00.",
        },
        AlertState.Firing,
        startsAt ?? Start,
        null,
        generatorUrl,
        resend);

    public static AlertNotification Resolved(AlertNotification firing, DateTimeOffset endsAt) => firing with { State = AlertState.Resolved, EndsAt = endsAt, IsResend = false };

    /// <summary>The value of a delivery counter with these labels on the exposition's /metrics, 0 when absent.</summary>
    public static double Counter(CollectorExposition exposition, string name, string sink, string receiver, string? reason = null)
    {
        using var buffer = new MemoryStream();
        exposition.WriteAsync(buffer).GetAwaiter().GetResult();
        buffer.Position = 0;
        return PrometheusTextParser.Parse(buffer, "/metrics").Families.SelectMany(f => f.Samples)
            .Where(s => s.Name == name && s.GetLabel("sink") == sink && s.GetLabel("receiver") == receiver && (reason is null || s.GetLabel("reason") == reason))
            .Sum(s => s.Value);
    }

    /// <summary>Waits until <paramref name="condition"/> holds, for at most 20 s (a bound on a hang, not a timing assertion).</summary>
    public static bool Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            Thread.Sleep(20);
        }

        return true;
    }
}
