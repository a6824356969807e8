using System.Net;
using System.Net.Sockets;

namespace GoMem.Tests.TestSupport;

/// <summary>
/// A real HTTP server on 127.0.0.1 serving fixed bodies (captured files), standing in for a live Go service so the
/// live mode is tested over real sockets. Unknown paths answer 404, like net/http's mux.
/// </summary>
internal sealed class LoopbackServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Dictionary<string, byte[][]> _bodies;
    private readonly Dictionary<string, int> _served = [];
    private readonly string _contentType;
    private readonly Task _loop;

    private LoopbackServer(Dictionary<string, byte[][]> bodies, string contentType, int port)
    {
        _bodies = bodies;
        _contentType = contentType;
        BaseUrl = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add(BaseUrl + "/");
        _listener.Start();
        _loop = Task.Run(Serve);
    }

    public string BaseUrl { get; }

    public static LoopbackServer Start(Dictionary<string, byte[]> bodies, string contentType = "text/plain") =>
        StartSequence(bodies.ToDictionary(kv => kv.Key, kv => new[] { kv.Value }), contentType);

    /// <summary>Each request to a path gets the next body of its sequence (the last one repeats): a service that changes.</summary>
    public static LoopbackServer StartSequence(Dictionary<string, byte[][]> bodies, string contentType = "text/plain")
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new LoopbackServer(bodies, contentType, FreePort());
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // The port was taken between choosing and binding it; try another.
            }
        }
    }

    /// <summary>A port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    private async Task Serve()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var response = context.Response;
            // A key with a query (/debug/pprof/goroutine?debug=2) is served only to that query; a plain path to any.
            var path = _bodies.ContainsKey(context.Request.Url!.PathAndQuery) ? context.Request.Url.PathAndQuery : context.Request.Url.AbsolutePath;
            if (_bodies.TryGetValue(path, out var sequence))
            {
                var served = _served.GetValueOrDefault(path);
                _served[path] = served + 1;
                var body = sequence[Math.Min(served, sequence.Length - 1)];
                response.ContentType = _contentType;
                response.ContentLength64 = body.Length;
                await response.OutputStream.WriteAsync(body).ConfigureAwait(false);
            }
            else
            {
                response.StatusCode = 404;
            }
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        try
        {
            _listener.Close();
        }
        catch (HttpListenerException)
        {
            // On Linux, Close after Stop binds the port again to remove the prefix Stop already removed; on a machine
            // shared with other test runs another process may hold the port by then ("Address already in use").
            // The listener is closed either way.
        }

        _loop.Wait(TimeSpan.FromSeconds(5));
    }
}
