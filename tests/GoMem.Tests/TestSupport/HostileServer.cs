using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace GoMem.Tests.TestSupport;

/// <summary>How a <see cref="HostileServer"/> misbehaves.</summary>
internal enum Hostility
{
    /// <summary>Accepts the connection and never answers.</summary>
    Hang,

    /// <summary>Sends headers, then one byte of body every 200 ms.</summary>
    Trickle,

    /// <summary>HTTP 500 on every path.</summary>
    ServerError,

    /// <summary>A login page (text/html) on every path.</summary>
    HtmlPage,

    /// <summary>200 with bytes that are no Go artifact on every path.</summary>
    Garbage,

    /// <summary>Closes every connection as soon as it is accepted.</summary>
    Reset,

    /// <summary>Real /debug/vars and /metrics, but a gzip bomb as the heap profile and a truncated goroutine profile.</summary>
    BadProfiles,
}

/// <summary>
/// A loopback HTTP server that misbehaves on purpose, over raw sockets so it can hang, trickle and reset as a broken
/// service or proxy does. Bound to 127.0.0.1 only; stops when disposed.
/// </summary>
internal sealed class HostileServer : IDisposable
{
    private static readonly Lazy<byte[]> Bomb = new(() =>
    {
        // 300 MiB of a valid protobuf field (number 100, varint 0) repeated: the decoder skips it as unknown and keeps
        // reading, so only the cap on inflated size (256 MiB in the collector) stops it. A few hundred KiB of gzip.
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            var chunk = new byte[3 << 20];
            for (var i = 0; i < chunk.Length; i += 3)
            {
                (chunk[i], chunk[i + 1], chunk[i + 2]) = ((byte)0xa0, (byte)0x06, (byte)0x00);
            }

            for (var i = 0; i < 100; i++)
            {
                gzip.Write(chunk);
            }
        }

        return buffer.ToArray();
    });

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Hostility _hostility;
    private readonly Task _loop;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _requests = new(StringComparer.Ordinal);

    public HostileServer(Hostility hostility)
    {
        _hostility = hostility;
        if (hostility == Hostility.BadProfiles)
        {
            _ = Bomb.Value;
        }

        _listener.Start();
        Address = $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";
        _loop = Task.Run(AcceptLoop);
    }

    public string Address { get; }

    /// <summary>How many requests for <paramref name="path"/> arrived.</summary>
    public int Requests(string path) => _requests.GetValueOrDefault(path);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _loop.Wait(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }

    private async Task AcceptLoop()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => Serve(client));
        }
    }

    private async Task Serve(TcpClient client)
    {
        using (client)
        {
            try
            {
                if (_hostility == Hostility.Reset)
                {
                    client.LingerState = new LingerOption(true, 0);
                    return;
                }

                var stream = client.GetStream();
                var path = await ReadRequestPath(stream);
                _requests.AddOrUpdate(path, 1, (_, n) => n + 1);
                switch (_hostility)
                {
                    case Hostility.Hang:
                        await Task.Delay(Timeout.Infinite, _stop.Token);
                        break;
                    case Hostility.Trickle:
                        await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n"), _stop.Token);
                        for (var i = 0; i < 100_000; i++)
                        {
                            await stream.WriteAsync("x"u8.ToArray(), _stop.Token);
                            await Task.Delay(200, _stop.Token);
                        }

                        break;
                    case Hostility.ServerError:
                        await Respond(stream, "500 Internal Server Error", "text/plain", "boom"u8.ToArray());
                        break;
                    case Hostility.HtmlPage:
                        await Respond(stream, "200 OK", "text/html", "<!DOCTYPE html><html><body>Sign in</body></html>"u8.ToArray());
                        break;
                    case Hostility.Garbage:
                        await Respond(stream, "200 OK", "application/octet-stream", [.. Enumerable.Range(0, 4096).Select(i => (byte)((i * 7919) ^ 0x5a))]);
                        break;
                    case Hostility.BadProfiles:
                        await Respond(stream, "200 OK", "application/octet-stream", BadProfileBody(path));
                        break;
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // The client gave up (its timeout) or the server is stopping.
            }
        }
    }

    private static byte[] BadProfileBody(string path)
    {
        var captured = Path.Combine(RepoPaths.TestData, "leakymap-explain");
        return path switch
        {
            _ when path.StartsWith("/debug/vars", StringComparison.Ordinal) => File.ReadAllBytes(Path.Combine(captured, "vars.1.json")),
            _ when path.StartsWith("/metrics", StringComparison.Ordinal) => File.ReadAllBytes(Path.Combine(captured, "metrics.1.txt")),
            _ when path.StartsWith("/debug/pprof/heap", StringComparison.Ordinal) => Bomb.Value,
            _ => File.ReadAllBytes(Path.Combine(captured, "goroutine.1.pb.gz"))[..200],
        };
    }

    private async Task Respond(NetworkStream stream, string status, string type, byte[] body)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Type: {type}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"), _stop.Token);
        await stream.WriteAsync(body, _stop.Token);
    }

    private async Task<string> ReadRequestPath(NetworkStream stream)
    {
        var request = new StringBuilder();
        var buffer = new byte[4096];
        while (!request.ToString().Contains("\r\n\r\n", StringComparison.Ordinal) && request.Length < 65536)
        {
            var read = await stream.ReadAsync(buffer, _stop.Token);
            if (read == 0)
            {
                break;
            }

            request.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        var line = request.ToString().Split("\r\n")[0].Split(' ');
        return line.Length > 1 ? line[1] : "/";
    }
}
