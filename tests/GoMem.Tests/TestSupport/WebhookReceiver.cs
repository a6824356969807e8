using System.Net;

namespace GoMem.Tests.TestSupport;

/// <summary>
/// A real HTTP receiver of alerts on 127.0.0.1: records every request's body and answers each with the next status of
/// a script (the last one repeats); a status of 0 hangs, answering nothing until the receiver is disposed. Each
/// request is served on its own, so a hung one delays no other.
/// </summary>
internal sealed class WebhookReceiver : IDisposable
{
    public const int Hang = 0;

    private readonly HttpListener _listener = new();
    private readonly int[] _script;
    private readonly List<string> _bodies = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _answered;

    private WebhookReceiver(int port, int[] script)
    {
        _script = script.Length == 0 ? [200] : script;
        Url = new Uri($"http://127.0.0.1:{port}/hook");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(Serve);
    }

    public Uri Url { get; }

    /// <summary>Every body received, in order.</summary>
    public IReadOnlyList<string> Bodies
    {
        get
        {
            lock (_bodies)
            {
                return [.. _bodies];
            }
        }
    }

    /// <summary>Requests answered (hung ones are not).</summary>
    public int Answered => Volatile.Read(ref _answered);

    public static WebhookReceiver Start(params int[] script)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new WebhookReceiver(LoopbackServer.FreePort(), script);
            }
            catch (HttpListenerException) when (attempt < 5)
            {
                // The port was taken between choosing and binding it; try another.
            }
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> requests came, for at most <paramref name="within"/>; the bodies then.</summary>
    public IReadOnlyList<string> WaitFor(int count, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(20));
        while (Bodies.Count < count && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }

        return Bodies;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
        _stop.Dispose();
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

            _ = Task.Run(() => Answer(context));
        }
    }

    private async Task Answer(HttpListenerContext context)
    {
        using var reader = new StreamReader(context.Request.InputStream);
        var body = await reader.ReadToEndAsync().ConfigureAwait(false);
        int index;
        lock (_bodies)
        {
            index = _bodies.Count;
            _bodies.Add(body);
        }

        var status = _script[Math.Min(index, _script.Length - 1)];
        if (status == Hang)
        {
            try
            {
                await Task.Delay(Timeout.Infinite, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        try
        {
            context.Response.StatusCode = status;
            context.Response.Close();
            Interlocked.Increment(ref _answered);
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
        {
            // Disposed meanwhile.
        }
    }
}
