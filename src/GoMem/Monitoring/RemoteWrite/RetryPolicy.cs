using System.Net;

namespace GoMem.Monitoring.RemoteWrite;

/// <summary>What to do with a batch after one attempt to send it.</summary>
internal enum SendVerdict
{
    /// <summary>A 2xx: the receiver has the samples.</summary>
    Delivered,

    /// <summary>A 4xx other than 429: the receiver refuses these samples and would refuse them again; they are dropped.</summary>
    Rejected,

    /// <summary>A 5xx, a 429, a timeout or a network error: the same batch is sent again after a backoff.</summary>
    Retry,
}

/// <summary>
/// Remote-write's retry rules (the 1.0 specification's): retry on 5xx and 429 and when no answer came, never on other
/// 4xx; wait <c>min_backoff</c> before the first retry, doubling up to <c>max_backoff</c>, each wait jittered (between
/// half and all of it) so collectors that lost the same receiver do not come back in step. A 429's Retry-After is
/// honoured up to <c>max_backoff</c>.
/// </summary>
internal sealed class RetryPolicy(TimeSpan minBackoff, TimeSpan maxBackoff, Func<double> random)
{
    public static SendVerdict Classify(HttpStatusCode status)
    {
        var code = (int)status;
        return code switch
        {
            >= 200 and < 300 => SendVerdict.Delivered,
            429 or >= 500 => SendVerdict.Retry,
            _ => SendVerdict.Rejected,
        };
    }

    /// <summary>The wait before retry number <paramref name="retry"/> (1 for the first), or Retry-After's when the receiver gave one.</summary>
    public TimeSpan Delay(int retry, TimeSpan? retryAfter = null)
    {
        if (retryAfter is { } asked && asked > TimeSpan.Zero)
        {
            return asked < maxBackoff ? asked : maxBackoff;
        }

        var full = minBackoff.Ticks * Math.Pow(2, Math.Min(retry - 1, 40));
        var capped = Math.Min(full, maxBackoff.Ticks);
        return TimeSpan.FromTicks((long)(capped / 2 + (capped / 2 * random())));
    }
}
