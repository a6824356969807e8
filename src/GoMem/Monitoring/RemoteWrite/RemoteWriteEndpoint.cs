namespace GoMem.Monitoring.RemoteWrite;

/// <summary>
/// One remote-write receiver and how samples are queued for it, as Prometheus' own <c>remote_write</c> entry says it
/// (<c>url</c>, <c>remote_timeout</c>, <c>queue_config</c>), with Prometheus' defaults.
/// </summary>
/// <param name="Url">Where WriteRequests are POSTed (http or https, any host).</param>
/// <param name="RemoteTimeout">How long one request may take, connecting included.</param>
/// <param name="Capacity">Samples the buffer holds; past it the oldest are dropped (and counted).</param>
/// <param name="MaxSamplesPerSend">Most samples in one request.</param>
/// <param name="BatchSendDeadline">Longest a sample waits for its request to fill before it is sent anyway.</param>
/// <param name="MinBackoff">Wait before the first retry; doubled for each one after it.</param>
/// <param name="MaxBackoff">Longest wait between retries.</param>
public sealed record RemoteWriteEndpoint(
    Uri Url,
    TimeSpan RemoteTimeout,
    int Capacity,
    int MaxSamplesPerSend,
    TimeSpan BatchSendDeadline,
    TimeSpan MinBackoff,
    TimeSpan MaxBackoff)
{
    public static readonly TimeSpan DefaultRemoteTimeout = TimeSpan.FromSeconds(30);
    public const int DefaultCapacity = 10_000;
    public const int DefaultMaxSamplesPerSend = 2_000;
    public static readonly TimeSpan DefaultBatchSendDeadline = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan DefaultMinBackoff = TimeSpan.FromMilliseconds(30);
    public static readonly TimeSpan DefaultMaxBackoff = TimeSpan.FromSeconds(5);

    /// <summary>The largest buffer one receiver may have: 10 million samples, 240 MB.</summary>
    public const int MaxCapacity = 10_000_000;

    /// <summary>A receiver with every queue setting at its default.</summary>
    public static RemoteWriteEndpoint For(Uri url) =>
        new(url, DefaultRemoteTimeout, DefaultCapacity, DefaultMaxSamplesPerSend, DefaultBatchSendDeadline, DefaultMinBackoff, DefaultMaxBackoff);

    /// <summary>The URL as logs and the <c>url</c> label show it: without a user or password it may carry.</summary>
    public string DisplayUrl => Display(Url);

    /// <summary><paramref name="url"/> without its user information.</summary>
    public static string Display(Uri url) =>
        url.UserInfo.Length == 0 ? url.AbsoluteUri : new UriBuilder(url) { UserName = "", Password = "" }.Uri.AbsoluteUri;

    /// <summary>
    /// Reads a receiver's URL: absolute, http or https, with a host. False with the problem in one line otherwise.
    /// </summary>
    public static bool TryParseUrl(string text, out Uri? url, out string problem)
    {
        url = null;
        problem = "";
        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed) || parsed.Host.Length == 0)
        {
            problem = $"\"{text}\" is not a URL; give the receiver's, like http://127.0.0.1:9090/api/v1/write";
            return false;
        }

        if (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps)
        {
            problem = $"\"{text}\": remote-write is sent over http or https, not {parsed.Scheme}";
            return false;
        }

        url = parsed;
        return true;
    }
}
