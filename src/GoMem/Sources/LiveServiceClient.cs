using GoMem.IO;

namespace GoMem.Sources;

/// <summary>
/// The one client for a live Go service's endpoints (/debug/pprof/..., /debug/vars, /metrics): a timeout and a body
/// cap on every fetch, an HTML page (a proxy, a login page, the wrong port) refused as bad input, and a missing
/// optional endpoint reported once through <paramref name="note"/> and skipped.
/// </summary>
public sealed class LiveServiceClient(TimeSpan timeout, long maxBodyBytes, Action<string>? note = null)
{
    /// <summary>How long a fetch may take by default (pprof's own default for a heap profile is 60 s too).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The default cap on one response body.</summary>
    public const long DefaultMaxBodyBytes = 512L << 20;

    public TimeSpan Timeout { get; } = timeout;

    /// <summary>Fetches an endpoint that must be there: 404 is an I/O failure like any other HTTP error.</summary>
    /// <param name="what">What the endpoint serves, for the HTML-page message (e.g. "a Go profile").</param>
    public FetchedBody Get(Uri url, string what, string? accept = null) =>
        GetAsync(url, what, accept, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>Fetches an endpoint the service may not serve: null (and a note) when it answers 404.</summary>
    public FetchedBody? GetOptional(Uri url, string what, string? accept = null) =>
        GetOptionalAsync(url, what, accept, CancellationToken.None).GetAwaiter().GetResult();

    /// <inheritdoc cref="Get"/>
    public async Task<FetchedBody> GetAsync(Uri url, string what, string? accept, CancellationToken cancel)
    {
        var body = await HttpFetcher.GetAsync(url, Timeout, maxBodyBytes, accept, cancel).ConfigureAwait(false);
        return body.LooksLikeHtml
            ? throw new BadInputException(url.ToString(), $"the server answered with an HTML page, not {what} (wrong port or path, or a proxy in the way?)")
            : body;
    }

    /// <inheritdoc cref="GetOptional"/>
    public async Task<FetchedBody?> GetOptionalAsync(Uri url, string what, string? accept, CancellationToken cancel)
    {
        try
        {
            return await GetAsync(url, what, accept, cancel).ConfigureAwait(false);
        }
        catch (HttpFetchException e) when (e.IsNotFound)
        {
            note?.Invoke($"{url}: not served (404); continuing without it");
            return null;
        }
    }
}
