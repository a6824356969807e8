using System.Net.Sockets;
using Prometheus;

namespace GoMem.Monitoring.Exposition;

/// <summary>
/// Serves a registry at <c>http://ADDRESS/metrics</c> in Prometheus' text exposition (OpenMetrics to a scraper that
/// asks for it), with prometheus-net's Kestrel server: it binds exactly the address given and answers whatever Host
/// header the scraper sends. Anything but <c>/metrics</c> is a 404.
/// </summary>
public sealed class MetricsListener : IDisposable
{
    private readonly KestrelMetricServer _server;

    private MetricsListener(KestrelMetricServer server, ListenAddress address)
    {
        _server = server;
        Url = new Uri($"http://{address}/metrics");
    }

    /// <summary>Where the series are served.</summary>
    public Uri Url { get; }

    /// <summary>Starts serving; an address that cannot be bound (in use, not this machine's, a privileged port) is an <see cref="IOException"/> of one line.</summary>
    public static MetricsListener Start(ListenAddress address, CollectorRegistry registry)
    {
        var server = new KestrelMetricServer(address.Host, address.Port, "/metrics", registry);
        try
        {
            server.Start();
        }
        catch (Exception e) when (e is IOException or SocketException or UnauthorizedAccessException)
        {
            server.Dispose();
            throw new IOException($"cannot serve /metrics on {address}: {Reason(e)}", e);
        }

        return new MetricsListener(server, address);
    }

    /// <summary>Stops serving: the port is free when this returns.</summary>
    public void Dispose()
    {
        _server.Stop();
        _server.Dispose();
    }

    /// <summary>The socket's own words (address already in use, cannot assign requested address, permission denied), not Kestrel's wrapping.</summary>
    internal static string Reason(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.Message.ToLowerInvariant();
            }
        }

        return e.Message.ReplaceLineEndings(" ");
    }
}
