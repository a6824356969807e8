using System.Net;
using System.Threading.Channels;
using GoMem.Tests.Monitoring.RemoteWrite.Prompb;
using Snappier;

namespace GoMem.Tests.TestSupport;

/// <summary>
/// A remote-write receiver inside the test: each request is decoded (Snappier, then the generated WriteRequest parser)
/// and kept with its headers, and answered with the next status of its script (200 once the script is used up).
/// </summary>
internal sealed class ScriptedReceiver(params HttpStatusCode[] script) : HttpMessageHandler
{
    private readonly Queue<HttpStatusCode> _script = new(script);
    private readonly Channel<Received> _received = Channel.CreateUnbounded<Received>();

    /// <summary>One request: its headers and its body decoded.</summary>
    public sealed record Received(HttpRequestMessage Request, WriteRequest Body, HttpStatusCode Answer);

    public int Count { get; private set; }

    /// <summary>The next request that arrives, within 30 s.</summary>
    public async Task<Received> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await _received.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>Whether a request is waiting to be read (none should be, when nothing is to be retried).</summary>
    public bool HasMore => _received.Reader.TryPeek(out _);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var compressed = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
        var body = WriteRequest.Parser.ParseFrom(Snappy.DecompressToArray(compressed));
        HttpStatusCode answer;
        lock (_script)
        {
            answer = _script.Count > 0 ? _script.Dequeue() : HttpStatusCode.OK;
            Count++;
        }

        await _received.Writer.WriteAsync(new Received(request, body, answer), cancellationToken);
        return new HttpResponseMessage(answer) { Content = new StringContent(answer == HttpStatusCode.OK ? "" : "scripted answer\nsecond line") };
    }
}
