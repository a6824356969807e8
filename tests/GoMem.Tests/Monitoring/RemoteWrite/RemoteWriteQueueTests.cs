using System.Net;
using GoMem.Monitoring.Exposition;
using GoMem.Monitoring.RemoteWrite;
using GoMem.RuntimeStats.Prometheus;
using GoMem.RuntimeStats.Prometheus.Parsing;
using GoMem.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace GoMem.Tests.Monitoring.RemoteWrite;

/// <summary>
/// One receiver's buffer and sender, on a fake clock: what is dropped when the buffer is full, when a batch leaves,
/// which answers are retried and after how long, and what is counted on /metrics and said in the log.
/// </summary>
public sealed class RemoteWriteQueueTests : IDisposable
{
    private static readonly Uri Url = new("http://user:secret@127.0.0.1:9/api/v1/write");
    private static readonly RemoteSeries Series = new("gomem_target_up", ["job", "instance"], ["api", "127.0.0.1:6060"]);

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly CollectorExposition _exposition = new();
    private readonly RecordingCollectorLog _log = new();
    private RemoteWriteQueue? _queue;

    public void Dispose() => _queue?.Dispose();

    [Fact]
    public void A_full_buffer_drops_its_oldest_samples_and_counts_them()
    {
        var queue = new SampleQueue(capacity: 5, batchSize: 2);
        var dropped = Enumerable.Range(1, 8).Count(i => queue.Add(new PendingSample(Series, i, i)));

        Assert.Equal(3, dropped);
        Assert.Equal(3, queue.Dropped);
        var taken = new PendingSample[10];
        Assert.Equal(5, queue.Take(taken));
        Assert.Equal([4L, 5, 6, 7, 8], taken[..5].Select(s => s.TimestampMs));
        Assert.Equal(0, queue.Take(taken));
    }

    [Fact]
    public void Drops_are_counted_on_metrics_per_url_without_its_password_and_said_once_per_burst()
    {
        var receiver = new ScriptedReceiver();
        var queue = Start(receiver, capacity: 4, perSend: 4, start: false);
        for (var i = 1; i <= 10; i++)
        {
            queue.Add(new PendingSample(Series, i, i));
        }

        Assert.Equal(6, Counter(MetricNames.RemoteWriteDropped, "queue_full"));
        queue.UpdatePending(); // the writer does this before each collection of the registry
        Assert.Equal(4, Counter(MetricNames.RemoteWritePending));
        var line = Assert.Single(_log.Problems);
        Assert.Contains("http://127.0.0.1:9/api/v1/write: the buffer of 4 samples is full", line, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_leaves_when_full_or_at_the_deadline_with_the_headers_remote_write_requires()
    {
        var receiver = new ScriptedReceiver();
        var queue = Start(receiver, capacity: 100, perSend: 3);
        Add(queue, 1, 3);
        var full = await receiver.NextAsync();
        Assert.Equal([1L, 2, 3], full.Body.Timeseries.Single().Samples.Select(s => s.Timestamp));
        Assert.Equal(HttpMethod.Post, full.Request.Method);
        Assert.Equal("application/x-protobuf", full.Request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal(["snappy"], full.Request.Content.Headers.ContentEncoding);
        Assert.Equal(["0.1.0"], full.Request.Headers.GetValues("X-Prometheus-Remote-Write-Version"));
        Assert.StartsWith("gomem/", full.Request.Headers.UserAgent.ToString(), StringComparison.Ordinal);

        await WaitUntil(() => Counter(MetricNames.RemoteWriteSent) == 3);
        Add(queue, 4, 1);
        await Task.Delay(100);
        Assert.False(receiver.HasMore); // one sample waits for the deadline
        _clock.Advance(RemoteWriteEndpoint.DefaultBatchSendDeadline);
        Assert.Equal([4L], (await receiver.NextAsync()).Body.Timeseries.Single().Samples.Select(s => s.Timestamp));
        await WaitUntil(() => Counter(MetricNames.RemoteWriteSent) == 4);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task A_5xx_or_429_is_retried_after_a_backoff_with_the_same_samples(HttpStatusCode status)
    {
        var receiver = new ScriptedReceiver(status, status);
        var queue = Start(receiver, capacity: 100, perSend: 2);
        Add(queue, 1, 2);
        var first = await receiver.NextAsync();
        Assert.Equal(status, first.Answer);
        await WaitUntil(() => Counter(MetricNames.RemoteWriteRetries) == 1);
        await Task.Delay(100);
        Assert.False(receiver.HasMore); // waiting for the fake clock: min_backoff (30ms) jittered up to all of it
        _clock.Advance(TimeSpan.FromMilliseconds(30));
        var second = await receiver.NextAsync();
        Assert.Equal(first.Body, second.Body);
        await WaitUntil(() => Counter(MetricNames.RemoteWriteRetries) == 2);
        await Task.Delay(100);
        Assert.False(receiver.HasMore); // the second retry waits twice as long
        _clock.Advance(TimeSpan.FromMilliseconds(30));
        await Task.Delay(100);
        Assert.False(receiver.HasMore);
        _clock.Advance(TimeSpan.FromMilliseconds(30));
        var third = await receiver.NextAsync();
        Assert.Equal(HttpStatusCode.OK, third.Answer);
        Assert.Equal(first.Body, third.Body);

        await WaitUntil(() => Counter(MetricNames.RemoteWriteSent) == 2);
        Assert.Equal(2, Counter(MetricNames.RemoteWriteRetries));
        Assert.Equal(2, _log.Problems.Count);
        Assert.Contains($"{(int)status}", _log.Problems[0], StringComparison.Ordinal);
        Assert.Contains("retrying with backoff", _log.Problems[0], StringComparison.Ordinal);
        Assert.Contains("delivering again after 2 failed attempts", _log.Problems[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_400_is_not_retried_its_samples_are_dropped_and_counted_and_said_once()
    {
        var receiver = new ScriptedReceiver(HttpStatusCode.BadRequest, HttpStatusCode.BadRequest);
        var queue = Start(receiver, capacity: 100, perSend: 2);
        Add(queue, 1, 2);
        Assert.Equal(HttpStatusCode.BadRequest, (await receiver.NextAsync()).Answer);
        Add(queue, 3, 2);
        var next = await receiver.NextAsync();
        Assert.Equal([3L, 4], next.Body.Timeseries.Single().Samples.Select(s => s.Timestamp)); // the next batch, not the first again
        Add(queue, 5, 2);
        Assert.Equal(HttpStatusCode.OK, (await receiver.NextAsync()).Answer);

        await WaitUntil(() => Counter(MetricNames.RemoteWriteSent) == 2);
        Assert.Equal(4, Counter(MetricNames.RemoteWriteDropped, "rejected"));
        Assert.Equal(0, Counter(MetricNames.RemoteWriteRetries));
        var line = Assert.Single(_log.Problems);
        Assert.Contains("400 Bad Request (scripted answer): 2 samples dropped, not retried", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_sends_what_is_left_and_drops_what_the_receiver_does_not_take_in_time()
    {
        var taken = new ScriptedReceiver();
        var queue = Start(taken, capacity: 100, perSend: 10);
        Add(queue, 1, 3);
        await queue.StopAsync(TimeSpan.FromSeconds(5));
        Assert.Equal([1L, 2, 3], (await taken.NextAsync()).Body.Timeseries.Single().Samples.Select(s => s.Timestamp));
        Assert.Equal(3, Counter(MetricNames.RemoteWriteSent));
        Assert.Empty(_log.Problems);
    }

    [Fact]
    public async Task Stopping_gives_up_on_a_failing_receiver_when_the_flush_time_is_over()
    {
        var failing = new ScriptedReceiver([.. Enumerable.Repeat(HttpStatusCode.ServiceUnavailable, 1000)]);
        var queue = Start(failing, capacity: 100, perSend: 10, clock: TimeProvider.System);
        Add(queue, 1, 25);
        await failing.NextAsync();
        await queue.StopAsync(TimeSpan.FromMilliseconds(300));

        Assert.Equal(25, Counter(MetricNames.RemoteWriteDropped, "shutdown"));
        Assert.Equal(0, Counter(MetricNames.RemoteWriteSent));
        Assert.Contains(_log.Problems, p => p.EndsWith("25 samples not sent within 300ms of stopping: dropped", StringComparison.Ordinal));
    }

    private RemoteWriteQueue Start(ScriptedReceiver receiver, int capacity, int perSend, bool start = true, TimeProvider? clock = null)
    {
        var endpoint = RemoteWriteEndpoint.For(Url) with { Capacity = capacity, MaxSamplesPerSend = perSend };
        _queue = new RemoteWriteQueue(endpoint, _exposition.Factory, _log, clock ?? _clock, receiver, () => 1);
        if (start)
        {
            _queue.Start();
        }

        return _queue;
    }

    private static void Add(RemoteWriteQueue queue, long first, int count)
    {
        for (var t = first; t < first + count; t++)
        {
            queue.Add(new PendingSample(Series, t, t * 10));
        }
    }

    private double Counter(string name, string? reason = null)
    {
        using var buffer = new MemoryStream();
        _exposition.WriteAsync(buffer).GetAwaiter().GetResult();
        buffer.Position = 0;
        var samples = PrometheusTextParser.Parse(buffer, "/metrics").Families.SelectMany(f => f.Samples);
        return samples
            .Where(s => s.Name == name && (reason is null || s.GetLabel(MetricNames.ReasonLabel) == reason))
            .Select(s => { Assert.Equal("http://127.0.0.1:9/api/v1/write", s.GetLabel(MetricNames.UrlLabel)); return s.Value; })
            .DefaultIfEmpty(0)
            .Sum();
    }

    private static async Task WaitUntil(Func<bool> done)
    {
        for (var i = 0; i < 300 && !done(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(done());
    }
}
