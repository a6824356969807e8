using System.Net;
using System.Security.Cryptography;
using System.Text;
using GoMem.Monitoring.Exposition;
using Microsoft.AspNetCore.Http;

namespace GoMem.Dashboard;

/// <summary>
/// Who may read the dashboard: anyone on this machine when it listens on loopback; beyond loopback, only who shows
/// the token: an <c>Authorization: Bearer TOKEN</c> header, or <c>?token=TOKEN</c> once (the page's address as
/// printed), which leaves a same-site, HTTP-only cookie for the page's own requests.
/// </summary>
public static class DashboardAccess
{
    public const string CookieName = "gomem_token";

    /// <summary>The token to require: the one given, else a new random one when <paramref name="address"/> is beyond loopback, else none.</summary>
    public static string? TokenFor(ListenAddress address, string? given)
    {
        if (!string.IsNullOrEmpty(given))
        {
            return given;
        }

        return IPAddress.IsLoopback(address.Address) ? null : Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
    }

    /// <summary>Lets a request through when no token is required or it shows the token; otherwise answers 401.</summary>
    public static Func<HttpContext, RequestDelegate, Task> Middleware(string? token)
    {
        var expected = token is null ? null : Encoding.UTF8.GetBytes(token);
        return async (context, next) =>
        {
            if (expected is null)
            {
                await next(context);
                return;
            }

            var request = context.Request;
            var header = request.Headers.Authorization.ToString();
            var bearer = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
            var query = request.Query["token"].ToString();
            if (Matches(expected, bearer) || Matches(expected, request.Cookies[CookieName]))
            {
                await next(context);
                return;
            }

            if (Matches(expected, query))
            {
                context.Response.Cookies.Append(CookieName, query, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/" });
                await next(context);
                return;
            }

            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("gomem serve: this dashboard needs its token (open the address gomem serve printed, or send Authorization: Bearer TOKEN)\n");
        };
    }

    private static bool Matches(byte[] expected, string? given) =>
        !string.IsNullOrEmpty(given) && CryptographicOperations.FixedTimeEquals(expected, Encoding.UTF8.GetBytes(given));
}
