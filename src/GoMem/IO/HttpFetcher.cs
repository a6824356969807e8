using System.Net;

namespace GoMem.IO;

/// <summary>A fetch that failed at the network or HTTP level (exit code 4), with the status when the server answered.</summary>
public sealed class HttpFetchException(string message, HttpStatusCode? status = null, Exception? inner = null) : IOException(message, inner)
{
    public HttpStatusCode? Status { get; } = status;

    public bool IsNotFound => Status == HttpStatusCode.NotFound;
}

/// <summary>
/// Fetches an endpoint of a live Go service (/debug/vars, /metrics, /debug/pprof/...) with a timeout and a cap on the
/// body size, so a slow or hostile target can neither hang the command nor exhaust memory; and posts alerts to their
/// receivers (<see cref="PostAsync"/>) through the same client, with the same timeout and failure wording.
/// </summary>
public static class HttpFetcher
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler
    {
        AutomaticDecompression = DecompressionMethods.None,
        AllowAutoRedirect = true,
        MaxAutomaticRedirections = 3,
        ConnectTimeout = TimeSpan.FromSeconds(5),

        // Each kept-alive connection holds its read and write buffers: a collector fetching a target's four
        // endpoints at once kept four per target (about 64 MiB at 1,000 targets). Two let a hanging endpoint delay
        // none of the others for long, as Prometheus keeps one per target.
        MaxConnectionsPerServer = 2,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public static FetchedBody Get(Uri url, TimeSpan timeout, long maxBytes, string? accept = null) =>
        GetAsync(url, timeout, maxBytes, accept, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>
    /// The one fetch: the timeout covers connecting, headers and the whole body, so a server that trickles bytes
    /// is cut off like one that hangs; <paramref name="cancel"/> stops it early (a collector shutting down).
    /// </summary>
    public static async Task<FetchedBody> GetAsync(Uri url, TimeSpan timeout, long maxBytes, string? accept, CancellationToken cancel)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (accept is not null)
            {
                request.Headers.TryAddWithoutValidation("Accept", accept);
            }

            using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpFetchException($"{url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}", response.StatusCode);
            }

            if (response.Content.Headers.ContentLength is { } length && length > maxBytes)
            {
                throw new BadInputException(url.ToString(), $"response is larger than {maxBytes} bytes (limit)");
            }

            using var body = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            var content = await ReadBodyAsync(body, url, maxBytes, response.Content.Headers.ContentLength, deadline.Token).ConfigureAwait(false);
            return new FetchedBody(url, content, response.Content.Headers.ContentType?.MediaType ?? "");
        }
        catch (Exception e) when (Failure(e, url, timeout, cancel) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>
    /// Posts <paramref name="body"/> (alerts to a receiver) under the same rules as <see cref="GetAsync"/>: the timeout
    /// covers the whole exchange, failures are <see cref="HttpFetchException"/> with the status when the server
    /// answered, and the start of a refusal's body is kept in the message (a receiver says there what it refused).
    /// </summary>
    public static async Task PostAsync(Uri url, byte[] body, string mediaType, TimeSpan timeout, CancellationToken cancel)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
            using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            using var answer = await response.Content.ReadAsStreamAsync(deadline.Token).ConfigureAwait(false);
            var start = new byte[512];
            var length = 0;
            for (int read; length < start.Length && (read = await answer.ReadAsync(start.AsMemory(length), deadline.Token).ConfigureAwait(false)) > 0;)
            {
                length += read;
            }

            if (!response.IsSuccessStatusCode)
            {
                var said = System.Text.Encoding.UTF8.GetString(start, 0, length).ReplaceLineEndings(" ").Trim();
                throw new HttpFetchException($"{url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}{(said.Length > 0 ? ": " + said : "")}", response.StatusCode);
            }
        }
        catch (Exception e) when (Failure(e, url, timeout, cancel) is { } failure)
        {
            throw failure;
        }
    }

    /// <summary>What a failed exchange throws: no answer in time, a network failure, a connection reset while reading; null for anything else.</summary>
    private static HttpFetchException? Failure(Exception e, Uri url, TimeSpan timeout, CancellationToken cancel) => e switch
    {
        OperationCanceledException when !cancel.IsCancellationRequested => new HttpFetchException($"{url}: no answer within {timeout.TotalSeconds:0.#} s", inner: e),

        // "An error occurred while sending the request" says nothing; the innermost cause says what happened.
        HttpRequestException request => new HttpFetchException($"{url}: {(request.InnerException is { } inner ? inner.GetBaseException().Message : request.Message)}", request.StatusCode, request),

        // A connection reset while reading the body.
        IOException io when io is not HttpFetchException => new HttpFetchException($"{url}: {io.Message}", inner: io),
        _ => null,
    };

    /// <summary>
    /// The body as one array of its exact size: read into a buffer from the shared pool (grown by renting a larger
    /// one), so a collector reading a hundred bodies a second allocates each body once, not its chunk buffer and
    /// every doubling of a growing stream as well.
    /// </summary>
    private static async Task<byte[]> ReadBodyAsync(Stream body, Uri url, long maxBytes, long? declaredLength, CancellationToken cancel)
    {
        var pool = System.Buffers.ArrayPool<byte>.Shared;
        var buffer = pool.Rent((int)Math.Clamp(declaredLength ?? 0, 16 << 10, Math.Min(maxBytes + 1, 1 << 20)));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var larger = pool.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    pool.Return(buffer);
                    buffer = larger;
                }

                var read = await body.ReadAsync(buffer.AsMemory(length), cancel).ConfigureAwait(false);
                if (read == 0)
                {
                    return buffer.AsSpan(0, length).ToArray();
                }

                length += read;
                if (length > maxBytes)
                {
                    throw new BadInputException(url.ToString(), $"response is larger than {maxBytes} bytes (limit)");
                }
            }
        }
        finally
        {
            pool.Return(buffer);
        }
    }
}

/// <summary>An HTTP response body with its media type.</summary>
public sealed record FetchedBody(Uri Url, byte[] Body, string MediaType)
{
    /// <summary>True when the body is an HTML page (a proxy, a login page, a non-Go server), never what we asked for.</summary>
    public bool LooksLikeHtml
    {
        get
        {
            if (MediaType.Contains("html", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            var head = System.Text.Encoding.ASCII.GetString(Body, 0, Math.Min(Body.Length, 256)).TrimStart();
            return head.StartsWith("<!DOCTYPE html", StringComparison.OrdinalIgnoreCase) || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
        }
    }
}
