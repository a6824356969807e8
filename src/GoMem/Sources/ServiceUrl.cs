using GoMem.IO;

namespace GoMem.Sources;

/// <summary>
/// A live Go service named on a command line, as <c>go tool pprof http://host:6060/debug/pprof/heap</c> takes one:
/// the one test for "is this a URL", and the one rule that a URL with no path means the endpoint the caller needs.
/// </summary>
public static class ServiceUrl
{
    public static bool IsUrl(string argument) =>
        argument.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || argument.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The URL to fetch: <paramref name="argument"/> itself, or its host with <paramref name="defaultPath"/> when it has no path.</summary>
    public static Uri Resolve(string argument, string defaultPath)
    {
        var url = Parse(argument);
        return url.AbsolutePath is "" or "/" && url.Query.Length == 0 ? new Uri(url, defaultPath) : url;
    }

    /// <summary>The service's base URL, for fetching several endpoints from it.</summary>
    public static Uri Parse(string argument) =>
        Uri.TryCreate(argument, UriKind.Absolute, out var url) && url.Host.Length > 0 && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)
            ? url
            : throw new InvalidSettingException("Url", $"'{argument}' is not a URL (e.g. http://127.0.0.1:6060/debug/pprof/heap)");
}
