using System.Net.Sockets;
using GoMem.IO;
using GoMem.Monitoring.Exposition;
using GoMem.Output.Dashboard;
using GoMem.Storage.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GoMem.Dashboard;

/// <summary>
/// <c>gomem serve</c>: the dashboard's page and its JSON API under <c>/api/</c> (described at
/// <c>/api/openapi.json</c>), read-only over one store, with ASP.NET Core minimal APIs on Kestrel bound to exactly
/// the address given. The store instance is used by one request at a time (a store is not shared between threads).
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    /// <summary>What every answer may load: this server's own files and API, nothing inline, nothing from elsewhere.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; font-src 'none'; " +
        "object-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private readonly WebApplication _app;

    private DashboardServer(WebApplication app, ListenAddress address, string? token)
    {
        _app = app;
        Url = new Uri($"http://{address}/" + (token is null ? "" : "?token=" + Uri.EscapeDataString(token)));
    }

    /// <summary>The page's address (with the token, when one is required).</summary>
    public Uri Url { get; }

    /// <summary>
    /// Starts serving <paramref name="store"/> (named <paramref name="storeName"/> in answers) on
    /// <paramref name="address"/>; <paramref name="token"/> null lets every request in. An address that cannot be
    /// bound is an <see cref="IOException"/> of one line.
    /// </summary>
    public static async Task<DashboardServer> StartAsync(IMonitoringStore store, string storeName, ListenAddress address, string? token)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ApplicationName = "gomem", EnvironmentName = "Production", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(address.Address, address.Port));
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = DashboardJson.Options.PropertyNamingPolicy;
            json.SerializerOptions.NumberHandling = DashboardJson.Options.NumberHandling;
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, DashboardJsonContext.Default);
        });
        builder.Services.AddOpenApi(options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "gomem serve";
            document.Info.Description = "The read-only JSON API of gomem's dashboard over a store that gomem watch fills.";
            document.Servers?.Clear();
            return Task.CompletedTask;
        }));
        var app = builder.Build();
        app.Use(DashboardAccess.Middleware(token));
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.CacheControl = "no-store";
            await next(context);
        });
        Map(app, new StoreReads(store, storeName));
        try
        {
            await app.StartAsync();
        }
        catch (Exception e) when (e is IOException or SocketException or UnauthorizedAccessException)
        {
            await app.DisposeAsync();
            throw new IOException($"cannot serve the dashboard on {address}: {MetricsListener.Reason(e)}", e);
        }

        return new DashboardServer(app, address, token);
    }

    /// <summary>Stops serving: the port is free when this returns.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static void Map(WebApplication app, StoreReads reads)
    {
        app.MapOpenApi("/api/openapi.json");
        var api = app.MapGroup("/api");
        api.MapGet("/targets", () => reads.Answer(store => TypedResults.Ok(DashboardQueries.Overview(store, reads.Name))))
            .WithSummary("Every target with its health, latest RSS, heap in use and goroutines, an RSS sparkline and its open findings; leaking targets first.")
            .Produces<FleetOverview>();
        api.MapGet("/targets/{id:long}/series", (long id, string? from, string? to) => reads.Answer(store =>
            {
                var end = Moment(to, "to");
                return TypedResults.Ok(DashboardQueries.Series(store, reads.Name, id, Moment(from, "from"), end));
            }))
            .WithSummary("A target's RSS, heap alloc and in use, next GC, stacks, goroutines, GC CPU fraction, pause p99 and container limit over a span (default: the hour before its latest sample); rollups before the raw samples, as gomem history picks them. from and to: RFC 3339, 'now' or a duration ago such as -2h.")
            .Produces<SeriesView>();
        api.MapGet("/targets/{id:long}/profile", (long id, string? kind, string? at) => reads.Answer(store =>
            {
                var view = DashboardQueries.Profile(store, reads.Name, id, kind ?? ProfileKinds.Heap, Moment(at, "at"));
                using var body = new MemoryStream();
                ProfileViewJsonRenderer.Write(body, view);
                return Results.Bytes(body.ToArray(), "application/json");
            }))
            .WithSummary("The stored profile (kind heap, allocs or goroutine; default heap) nearest a moment (default: the latest): the snapshot, 'top' exactly as gomem top --format json writes it, and 'flame', the flame graph's pre-order tree (depth, name index, inline, weight, value, self per node) that gomem flame draws.")
            .Produces(StatusCodes.Status200OK, contentType: "application/json");
        app.MapGet("/", () => DashboardAssets.File("index.html")).ExcludeFromDescription();
        app.MapGet("/favicon.ico", () => Results.NoContent()).ExcludeFromDescription();
        app.MapGet("/assets/{name}", (string name) => DashboardAssets.File(name)).ExcludeFromDescription();
    }

    private static DateTimeOffset? Moment(string? text, string name)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return TimeExpression.TryParse(text, DateTimeOffset.UtcNow, out var time)
            ? time
            : throw new InvalidSettingException(name, $"\"{text}\" is not a time (RFC 3339 such as 2026-12-04T10:00:00Z, 'now', or a duration ago such as -2h)");
    }

    /// <summary>The one store, one request at a time, and the answer for each way a read can fail.</summary>
    private sealed class StoreReads(IMonitoringStore store, string name)
    {
        private readonly Lock _lock = new();

        public string Name => name;

        public IResult Answer(Func<IMonitoringStore, IResult> read)
        {
            try
            {
                lock (_lock)
                {
                    return read(store);
                }
            }
            catch (KeyNotFoundException e)
            {
                return Error(StatusCodes.Status404NotFound, e.Message);
            }
            catch (BadInputException e)
            {
                return Error(StatusCodes.Status404NotFound, e.Problem);
            }
            catch (InvalidSettingException e)
            {
                return Error(StatusCodes.Status400BadRequest, e.Message);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or IOException)
            {
                return Error(StatusCodes.Status503ServiceUnavailable, $"{name}: {e.Message.ReplaceLineEndings(" ")}");
            }
        }

        private static IResult Error(int status, string message) => Results.Json(new ApiError(message), DashboardJsonContext.Default.ApiError, statusCode: status);
    }
}

/// <summary>Every failed API request's body: one line saying what went wrong.</summary>
public sealed record ApiError(string Error);
