using System.Net;
using GoMem.Monitoring.RemoteWrite;

namespace GoMem.Tests.Monitoring.RemoteWrite;

/// <summary>The remote-write specification's retry rules, and the backoff between retries.</summary>
public sealed class RetryPolicyTests
{
    [Theory]
    [InlineData(200, "Delivered")]
    [InlineData(204, "Delivered")]
    [InlineData(400, "Rejected")]
    [InlineData(401, "Rejected")]
    [InlineData(404, "Rejected")]
    [InlineData(413, "Rejected")]
    [InlineData(429, "Retry")]
    [InlineData(500, "Retry")]
    [InlineData(503, "Retry")]
    public void Only_5xx_and_429_are_retried(int status, string verdict) => Assert.Equal(verdict, RetryPolicy.Classify((HttpStatusCode)status).ToString());

    [Fact]
    public void The_wait_doubles_from_min_backoff_to_max_backoff_jittered_between_half_and_all_of_it()
    {
        var low = new RetryPolicy(TimeSpan.FromMilliseconds(30), TimeSpan.FromSeconds(5), () => 0);
        var high = new RetryPolicy(TimeSpan.FromMilliseconds(30), TimeSpan.FromSeconds(5), () => 1);

        Assert.Equal([15, 30, 60, 120, 240, 480, 960, 1920, 2500, 2500], Enumerable.Range(1, 10).Select(r => low.Delay(r).TotalMilliseconds));
        Assert.Equal([30, 60, 120, 240, 480, 960, 1920, 3840, 5000, 5000], Enumerable.Range(1, 10).Select(r => high.Delay(r).TotalMilliseconds));
        Assert.Equal(5000, high.Delay(1_000_000).TotalMilliseconds);
    }

    [Fact]
    public void Retry_after_is_honoured_up_to_max_backoff()
    {
        var policy = new RetryPolicy(TimeSpan.FromMilliseconds(30), TimeSpan.FromSeconds(5), () => 0.5);

        Assert.Equal(TimeSpan.FromSeconds(2), policy.Delay(1, TimeSpan.FromSeconds(2)));
        Assert.Equal(TimeSpan.FromSeconds(5), policy.Delay(1, TimeSpan.FromMinutes(10)));
        Assert.Equal(TimeSpan.FromMilliseconds(22.5), policy.Delay(1, TimeSpan.Zero));
    }
}
