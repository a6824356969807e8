using System.Net.Sockets;
using GoMem.IO;
using GoMem.Monitoring.Exposition;
using GoMem.Storage;
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

    /// <summary>The types the API's endpoints declare they answer with (<c>Produces&lt;T&gt;</c>), for the test that each has a generated serializer.</summary>
    internal IEnumerable<Type> DeclaredViews =>
        ((Microsoft.AspNetCore.Routing.IEndpointRouteBuilder)_app).DataSources
            .SelectMany(source => source.Endpoints)
            .SelectMany(endpoint => endpoint.Metadata.OfType<Microsoft.AspNetCore.Http.Metadata.IProducesResponseTypeMetadata>())
            .Select(produces => produces.Type)
            .OfType<Type>()
            .Where(type => type != typeof(void))
            .Distinct();

    /// <summary>
    /// Starts serving <paramref name="store"/> (named <paramref name="storeName"/> in answers) on
    /// <paramref name="address"/>, and the benchmark history of <paramref name="benchStore"/> when there is one;
    /// <paramref name="token"/> null lets every request in. An address that cannot be bound is an
    /// <see cref="IOException"/> of one line. A request that fails unexpectedly is answered 500 and written to
    /// <paramref name="errors"/> in one line (the server's only log).
    /// </summary>
    public static async Task<DashboardServer> StartAsync(IMonitoringStore store, string storeName, ListenAddress address, string? token, IBenchmarkStore? benchStore = null, TextWriter? errors = null)
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
        app.Use(Failures(errors ?? TextWriter.Null));
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
        DashboardRoutes.Map(app, new StoreReads(store, storeName, benchStore));
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

    /// <summary>
    /// A failure no read expected (a bug, not bad data: those have their own answers in <see cref="StoreReads"/>)
    /// answers 500 with one line, and says what failed where on <paramref name="errors"/>.
    /// </summary>
    private static Func<HttpContext, RequestDelegate, Task> Failures(TextWriter errors) => async (context, next) =>
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            var problem = PrintableText.Escape($"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}");
            lock (errors)
            {
                errors.WriteLine($"gomem serve: {context.Request.Method} {PrintableText.Escape(context.Request.Path.Value ?? "")}: {problem}");
            }

            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            await context.Response.WriteAsJsonAsync(new ApiError("the server failed on this request: " + problem), DashboardJsonContext.Default.ApiError);
        }
    };

    /// <summary>Stops serving: the port is free when this returns.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>The one store (and benchmark store), one request at a time, and the answer for each way a read can fail.</summary>
    internal sealed class StoreReads(IMonitoringStore store, string name, IBenchmarkStore? bench)
    {
        private readonly Lock _lock = new();

        public string Name => name;

        public IResult Answer(Func<IMonitoringStore, IResult> read) => Answer(() => read(store));

        /// <summary>Reads the benchmark store; without one, a 404 that says how to give it.</summary>
        public IResult AnswerBench(Func<IBenchmarkStore, IResult> read) => Answer(() => read(bench
            ?? throw new KeyNotFoundException("no benchmark store: this dashboard was started without one (the SQLite file gomem bench record fills)")));

        private IResult Answer(Func<IResult> read)
        {
            try
            {
                lock (_lock)
                {
                    return read();
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
