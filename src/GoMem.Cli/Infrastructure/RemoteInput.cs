using GoMem.IO;

namespace GoMem.Cli.Infrastructure;

/// <summary>
/// A profile or dump given as a URL, as `go tool pprof http://host:6060/debug/pprof/heap` takes one: fetched over
/// HTTP into memory (capped like a file's inflated size), then read like a file. A URL with no path gets the
/// endpoint the command needs (/debug/pprof/heap, or the goroutine dump).
/// </summary>
internal static class RemoteInput
{
    /// <summary>How long a fetch may take (pprof's own default for a heap profile is 60 s too).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static bool IsUrl(string argument) =>
        argument.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || argument.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Fetches <paramref name="argument"/> and opens the body as an input named by its URL.</summary>
    public static OpenedInput Open(string argument, string defaultPath, InputLimits limits)
    {
        if (!Uri.TryCreate(argument, UriKind.Absolute, out var url) || url.Host.Length == 0)
        {
            throw new UsageException($"'{argument}' is not a URL (e.g. http://127.0.0.1:6060/debug/pprof/heap)");
        }

        if (url.AbsolutePath is "" or "/" && url.Query.Length == 0)
        {
            url = new Uri(url, defaultPath);
        }

        var body = HttpFetcher.Get(url, Timeout, limits.MaxInflatedBytes);
        if (body.LooksLikeHtml)
        {
            throw new BadInputException(url.ToString(), "the server answered with an HTML page, not a Go profile (is the path /debug/pprof/...?)");
        }

        return InputOpener.OpenBytes(url.ToString(), body.Body, limits);
    }
}
