using GoMem.Monitoring.RemoteWrite;
using YamlDotNet.RepresentationModel;

namespace GoMem.Monitoring.Config;

/// <summary>
/// The configuration's <c>remote_write</c> section, as Prometheus' own (without relabelling): a list of receivers,
/// each with its queue settings, every one optional but the URL.
/// <code>
/// remote_write:
///   - url: http://prometheus.internal:9090/api/v1/write
///     remote_timeout: 30s          # one request, connecting included
///     queue_config:
///       capacity: 10000            # samples buffered; past it the oldest are dropped (and counted)
///       max_samples_per_send: 2000
///       batch_send_deadline: 5s    # the longest a sample waits for its request to fill
///       min_backoff: 30ms          # the first retry's wait, doubled each retry
///       max_backoff: 5s
/// </code>
/// </summary>
internal static class RemoteWriteConfigReader
{
    private static readonly string[] EntryKeys = ["url", "remote_timeout", "queue_config"];
    private static readonly string[] QueueKeys = ["capacity", "max_samples_per_send", "batch_send_deadline", "min_backoff", "max_backoff"];

    public static IReadOnlyList<RemoteWriteEndpoint> Read(ConfigYaml yaml, YamlNode? node)
    {
        if (node is null)
        {
            return [];
        }

        var entries = yaml.Sequence(node, "remote_write");
        var endpoints = new List<RemoteWriteEndpoint>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            endpoints.Add(ReadEntry(yaml, entries[i], $"remote_write[{i}]"));
        }

        return endpoints;
    }

    private static RemoteWriteEndpoint ReadEntry(ConfigYaml yaml, YamlNode node, string path)
    {
        var fields = yaml.Mapping(node, path, EntryKeys);
        if (!fields.TryGetValue("url", out var urlEntry) || ConfigYaml.IsNull(urlEntry.Value))
        {
            throw yaml.Error(node, path, "url is missing: where should the samples go?");
        }

        if (!RemoteWriteEndpoint.TryParseUrl(yaml.Scalar(urlEntry.Value, $"{path}.url"), out var url, out var problem))
        {
            throw yaml.Error(urlEntry.Value, $"{path}.url", problem);
        }

        var endpoint = RemoteWriteEndpoint.For(url!);
        if (fields.TryGetValue("remote_timeout", out var timeout) && !ConfigYaml.IsNull(timeout.Value))
        {
            endpoint = endpoint with { RemoteTimeout = yaml.Duration(timeout.Value, $"{path}.remote_timeout") };
        }

        if (!fields.TryGetValue("queue_config", out var queueEntry) || ConfigYaml.IsNull(queueEntry.Value))
        {
            return endpoint;
        }

        var queuePath = $"{path}.queue_config";
        var queue = yaml.Mapping(queueEntry.Value, queuePath, QueueKeys);
        YamlNode? Field(string key) => queue.TryGetValue(key, out var entry) && !ConfigYaml.IsNull(entry.Value) ? entry.Value : null;
        if (Field("capacity") is { } capacity)
        {
            endpoint = endpoint with { Capacity = yaml.Int(capacity, $"{queuePath}.capacity", 1, RemoteWriteEndpoint.MaxCapacity) };
        }

        if (Field("max_samples_per_send") is { } perSend)
        {
            endpoint = endpoint with { MaxSamplesPerSend = yaml.Int(perSend, $"{queuePath}.max_samples_per_send", 1, RemoteWriteEndpoint.MaxCapacity) };
        }

        if (Field("batch_send_deadline") is { } deadline)
        {
            endpoint = endpoint with { BatchSendDeadline = yaml.Duration(deadline, $"{queuePath}.batch_send_deadline") };
        }

        if (Field("min_backoff") is { } min)
        {
            endpoint = endpoint with { MinBackoff = yaml.Duration(min, $"{queuePath}.min_backoff") };
        }

        if (Field("max_backoff") is { } max)
        {
            endpoint = endpoint with { MaxBackoff = yaml.Duration(max, $"{queuePath}.max_backoff") };
        }

        if (endpoint.MaxSamplesPerSend > endpoint.Capacity)
        {
            throw yaml.Error(Field("max_samples_per_send") ?? Field("capacity")!, $"{queuePath}.max_samples_per_send", $"{endpoint.MaxSamplesPerSend} is more than the capacity ({endpoint.Capacity}): a request could never fill");
        }

        if (endpoint.MinBackoff > endpoint.MaxBackoff)
        {
            throw yaml.Error(Field("min_backoff") ?? Field("max_backoff")!, $"{queuePath}.min_backoff", $"{GoMem.IO.GoDuration.Format(endpoint.MinBackoff)} is longer than max_backoff ({GoMem.IO.GoDuration.Format(endpoint.MaxBackoff)})");
        }

        return endpoint;
    }
}
