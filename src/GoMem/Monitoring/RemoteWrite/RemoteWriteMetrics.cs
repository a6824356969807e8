using GoMem.Monitoring.Exposition;
using Prometheus;

namespace GoMem.Monitoring.RemoteWrite;

/// <summary>The collector's remote-write series, per receiver (<c>url</c>), in the exposition's registry: on /metrics, and pushed with the rest of its health.</summary>
internal static class RemoteWriteMetrics
{
    public static Counter Sent(IMetricFactory factory) =>
        factory.CreateCounter(MetricNames.RemoteWriteSent, "Samples the remote-write receiver accepted.", [MetricNames.UrlLabel]);

    public static Counter Dropped(IMetricFactory factory) =>
        factory.CreateCounter(
            MetricNames.RemoteWriteDropped,
            "Samples never delivered to the remote-write receiver, by reason: queue_full (the buffer was full, the oldest went), rejected (a 4xx other than 429), shutdown (not sent in time at stop).",
            [MetricNames.UrlLabel, MetricNames.ReasonLabel]);

    public static Counter Retries(IMetricFactory factory) =>
        factory.CreateCounter(MetricNames.RemoteWriteRetries, "Remote-write requests sent again after a 5xx, a 429, a timeout or a network error.", [MetricNames.UrlLabel]);

    public static Gauge Pending(IMetricFactory factory) =>
        factory.CreateGauge(MetricNames.RemoteWritePending, "Samples waiting in the remote-write buffer.", [MetricNames.UrlLabel]);
}
