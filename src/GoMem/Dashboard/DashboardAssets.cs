using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace GoMem.Dashboard;

/// <summary>
/// The dashboard's page: the files esbuild bundles from <c>web/</c> into <c>web/dist/</c>, which the assembly embeds
/// as <c>dashboard/NAME</c> when they were built before it. Without them the API still answers and the page says how
/// to build it.
/// </summary>
public static class DashboardAssets
{
    private const string Prefix = "dashboard/";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
    };

    /// <summary>Why the page is missing, or null when this build embeds it.</summary>
    public static string? Missing => Exists("index.html") ? null : "the dashboard page is not built into this gomem (run npm ci and npm run build in web/, then build gomem again); the API under /api/ answers";

    public static bool Exists(string name) => Assembly.GetExecutingAssembly().GetManifestResourceInfo(Prefix + name) is not null;

    /// <summary>The embedded file <paramref name="name"/> (index.html, app.js, app.css), or a 404.</summary>
    public static IResult File(string name)
    {
        var extension = Path.GetExtension(name);
        if (!ContentTypes.TryGetValue(extension, out var type) || name.Contains('/', StringComparison.Ordinal))
        {
            return Results.NotFound();
        }

        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(Prefix + name);
        if (stream is null)
        {
            return name == "index.html" ? Results.Text(Missing + "\n", "text/plain; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable) : Results.NotFound();
        }

        return Results.Stream(stream, type);
    }
}
