using System.Globalization;
using System.Net.Http.Headers;
using GoMem.IO;
using GoMem.Monitoring.Collection;
using Prometheus;

namespace GoMem.Monitoring.RemoteWrite;

/// <summary>
/// Sends one receiver its samples: a loop of its own takes a batch from the <see cref="SampleQueue"/> when
/// <c>max_samples_per_send</c> are waiting or <c>batch_send_deadline</c> has passed, encodes it, and POSTs it with the
/// headers remote-write 1.0 requires, each attempt cut at <c>remote_timeout</c>. A batch is retried per the
/// <see cref="RetryPolicy"/> until it is delivered or refused; meanwhile the collector keeps adding to the buffer,
/// which drops its oldest samples when full. Each change of state is one log line: the first failure of a streak and
/// the recovery, a refusal, the start and the end of a burst of drops.
/// </summary>
internal sealed class RemoteWriteQueue : IDisposable
{
    private readonly RemoteWriteEndpoint _endpoint;
    private readonly ICollectorLog _log;
    private readonly TimeProvider _clock;
    private readonly HttpClient _http;
    private readonly RetryPolicy _retry;
    private readonly WriteRequestEncoder _encoder = new();
    private readonly PendingSample[] _batch;
    private readonly Counter.Child _sent;
    private readonly Counter.Child _droppedFull;
    private readonly Counter.Child _rejected;
    private readonly Counter.Child _droppedAtShutdown;
    private readonly Counter.Child _retries;
    private readonly Gauge.Child _pending;
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;
    private int _batchCount;
    private int _dropping;
    private long _droppedAtBurstStart;
    private int _failedAttempts;
    private bool _refusing;

    public RemoteWriteQueue(RemoteWriteEndpoint endpoint, IMetricFactory metrics, ICollectorLog log, TimeProvider clock, HttpMessageHandler handler, Func<double> random)
    {
        _endpoint = endpoint;
        _log = log;
        _clock = clock;
        _http = new HttpClient(handler, disposeHandler: false) { Timeout = Timeout.InfiniteTimeSpan };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("gomem", typeof(RemoteWriteQueue).Assembly.GetName().Version?.ToString(3) ?? "0"));
        _retry = new RetryPolicy(endpoint.MinBackoff, endpoint.MaxBackoff, random);
        Queue = new SampleQueue(endpoint.Capacity, endpoint.MaxSamplesPerSend);
        _batch = new PendingSample[Math.Min(endpoint.MaxSamplesPerSend, endpoint.Capacity)];
        var url = endpoint.DisplayUrl;
        _sent = RemoteWriteMetrics.Sent(metrics).WithLabels(url);
        var dropped = RemoteWriteMetrics.Dropped(metrics);
        _droppedFull = dropped.WithLabels(url, "queue_full");
        _rejected = dropped.WithLabels(url, "rejected");
        _droppedAtShutdown = dropped.WithLabels(url, "shutdown");
        _retries = RemoteWriteMetrics.Retries(metrics).WithLabels(url);
        _pending = RemoteWriteMetrics.Pending(metrics).WithLabels(url);
    }

    public SampleQueue Queue { get; }

    public RemoteWriteEndpoint Endpoint => _endpoint;

    /// <summary>Queues a sample; never waits. The first drop of a burst is said in the log.</summary>
    public void Add(in PendingSample sample)
    {
        if (!Queue.Add(sample))
        {
            return;
        }

        _droppedFull.Inc();
        if (Interlocked.Exchange(ref _dropping, 1) == 0)
        {
            _log.Problem(_clock.GetUtcNow(), $"remote-write {_endpoint.DisplayUrl}: the buffer of {Queue.Capacity.ToString("N0", CultureInfo.InvariantCulture)} samples is full: dropping the oldest until the receiver catches up");
        }
    }

    /// <summary>Sets the pending gauge to the buffer's count: called before each collection of the registry.</summary>
    public void UpdatePending() => _pending.Set(Queue.Count + _batchCount);

    public void Start() => _loop = Task.Run(() => RunAsync(_stop.Token));

    /// <summary>
    /// Stops the loop, then sends what is left within <paramref name="within"/> (the batch being retried first):
    /// what is not delivered by then is dropped, counted and said in one line.
    /// </summary>
    public async Task StopAsync(TimeSpan within)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        using var deadline = new CancellationTokenSource(within, _clock);
        while (!deadline.IsCancellationRequested)
        {
            if (_batchCount == 0)
            {
                _batchCount = Queue.Take(_batch);
                if (_batchCount == 0)
                {
                    break;
                }
            }

            await DeliverAsync(deadline.Token).ConfigureAwait(false);
        }

        var left = _batchCount;
        _batchCount = 0;
        for (int taken; (taken = Queue.Take(_batch)) > 0;)
        {
            left += taken;
        }

        UpdatePending();
        if (left > 0)
        {
            _droppedAtShutdown.Inc(left);
            _log.Problem(_clock.GetUtcNow(), $"remote-write {_endpoint.DisplayUrl}: {left.ToString("N0", CultureInfo.InvariantCulture)} samples not sent within {GoDuration.Format(within)} of stopping: dropped");
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _http.Dispose();
    }

    private async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (Queue.Count < _batch.Length)
            {
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(stop);
                var deadline = Task.Delay(_endpoint.BatchSendDeadline, _clock, wait.Token);
                await Task.WhenAny(Queue.BatchReady, deadline).ConfigureAwait(false);
                await wait.CancelAsync().ConfigureAwait(false);
            }

            if (stop.IsCancellationRequested)
            {
                return;
            }

            _batchCount = Queue.Take(_batch);
            if (_batchCount > 0)
            {
                await DeliverAsync(stop).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Sends the batch in hand until it is delivered or refused, or <paramref name="stop"/> (then it stays in hand).</summary>
    private async Task DeliverAsync(CancellationToken stop)
    {
        var body = _encoder.Body(_batch.AsSpan(0, _batchCount));
        var retries = 0;
        while (true)
        {
            var (verdict, problem, retryAfter) = await SendAsync(body, stop).ConfigureAwait(false);
            if (stop.IsCancellationRequested && verdict == SendVerdict.Retry)
            {
                return;
            }

            switch (verdict)
            {
                case SendVerdict.Delivered:
                    _sent.Inc(_batchCount);
                    Delivered();
                    _batchCount = 0;
                    return;
                case SendVerdict.Rejected:
                    _rejected.Inc(_batchCount);
                    if (!_refusing)
                    {
                        _refusing = true;
                        _log.Problem(_clock.GetUtcNow(), $"remote-write {_endpoint.DisplayUrl}: {problem}: {_batchCount.ToString("N0", CultureInfo.InvariantCulture)} samples dropped, not retried (a 4xx means the receiver would refuse them again)");
                    }

                    _batchCount = 0;
                    return;
            }

            _retries.Inc();
            if (_failedAttempts++ == 0)
            {
                _log.Problem(_clock.GetUtcNow(), $"remote-write {_endpoint.DisplayUrl}: {problem}; retrying with backoff (at most {GoDuration.Format(_endpoint.MaxBackoff)} apart), new samples wait in the buffer");
            }

            try
            {
                await Task.Delay(_retry.Delay(++retries, retryAfter), _clock, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>A delivery after failures or drops ends them: each end is one line.</summary>
    private void Delivered()
    {
        _refusing = false;
        if (_failedAttempts > 0)
        {
            _log.Problem(_clock.GetUtcNow(), $"remote-write {_endpoint.DisplayUrl}: delivering again after {_failedAttempts.ToString(CultureInfo.InvariantCulture)} failed attempts");
            _failedAttempts = 0;
        }

        if (Volatile.Read(ref _dropping) == 1 && Queue.Count < Queue.Capacity)
        {
            var dropped = Queue.Dropped;
            Interlocked.Exchange(ref _dropping, 0);
            _log.Problem(_clock.GetUtcNow(), $"remote-write {_endpoint.DisplayUrl}: the buffer has room again; {(dropped - _droppedAtBurstStart).ToString("N0", CultureInfo.InvariantCulture)} samples were dropped while it was full");
            _droppedAtBurstStart = dropped;
        }
    }

    /// <summary>One POST, cut at remote_timeout: the verdict, what went wrong in a few words, and a 429's Retry-After.</summary>
    private async Task<(SendVerdict Verdict, string Problem, TimeSpan? RetryAfter)> SendAsync(ReadOnlyMemory<byte> body, CancellationToken stop)
    {
        using var timeout = new CancellationTokenSource(_endpoint.RemoteTimeout, _clock);
        using var both = CancellationTokenSource.CreateLinkedTokenSource(stop, timeout.Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint.Url) { Content = new ReadOnlyMemoryContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        request.Content.Headers.ContentEncoding.Add("snappy");
        request.Headers.Add("X-Prometheus-Remote-Write-Version", "0.1.0");
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, both.Token).ConfigureAwait(false);
            var verdict = RetryPolicy.Classify(response.StatusCode);
            if (verdict == SendVerdict.Delivered)
            {
                return (verdict, "", null);
            }

            var text = await ReadSomeAsync(response, both.Token).ConfigureAwait(false);
            var status = $"{((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)} {response.ReasonPhrase}".TrimEnd();
            return (verdict, text.Length == 0 ? status : $"{status} ({text})", RetryAfter(response));
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            return (SendVerdict.Retry, $"no answer within {GoDuration.Format(_endpoint.RemoteTimeout)} (remote_timeout)", null);
        }
        catch (OperationCanceledException)
        {
            return (SendVerdict.Retry, "stopping", null);
        }
        catch (HttpRequestException e)
        {
            return (SendVerdict.Retry, Reason(e), null);
        }
    }

    /// <summary>The first line of what the receiver said, at most 200 characters (Prometheus says why it refused).</summary>
    private static async Task<string> ReadSomeAsync(HttpResponseMessage response, CancellationToken cancel)
    {
        try
        {
            var buffer = new char[200];
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancel).ConfigureAwait(false));
            var read = await reader.ReadBlockAsync(buffer, cancel).ConfigureAwait(false);
            var text = new string(buffer, 0, read);
            var newline = text.IndexOfAny(['\r', '\n']);
            return (newline < 0 ? text : text[..newline]).Trim();
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            return "";
        }
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - _clock.GetUtcNow(),
        _ => null,
    };

    /// <summary>The socket's own words (connection refused, no route to host), not HttpClient's wrapping.</summary>
    private static string Reason(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Net.Sockets.SocketException socket)
            {
                return socket.Message.ToLowerInvariant();
            }
        }

        return e.Message.ReplaceLineEndings(" ");
    }
}
