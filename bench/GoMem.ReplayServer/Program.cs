using System.Globalization;
using System.Net;
using GoMem.ReplayServer;

// Impersonates N Go services on loopback for `gomem watch` at scale: target i listens on 127.0.0.1:(base-port + i)
// and serves /debug/vars, /metrics, /debug/pprof/heap and /debug/pprof/goroutine from a captured snapshot series of
// testdata/, walking through it one snapshot per scrape from its own starting offset, with its counters shifted so
// no two targets send the same numbers. Stops by itself after --seconds.
var options = Options.Parse(args);
var series = Series.LoadAll(options.Testdata);
if (series.Count == 0)
{
    Console.Error.WriteLine($"replay-server: no snapshot series under {options.Testdata}");
    return 2;
}

var targets = Enumerable.Range(0, options.Targets).Select(i => new Target(i, series[i % series.Count], series.Count, options.StartUnixSeconds)).ToArray();
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    for (var i = 0; i < options.Targets; i++)
    {
        kestrel.Listen(IPAddress.Loopback, options.BasePort + i);
    }
});

var app = builder.Build();
Target Of(HttpContext context) => targets[context.Connection.LocalPort - options.BasePort];
app.MapGet("/debug/vars", context => Serve(context, "application/json; charset=utf-8", Of(context).Vars()));
app.MapGet("/metrics", context => Serve(context, "text/plain; version=0.0.4; charset=utf-8", Of(context).Metrics()));
app.MapGet("/debug/pprof/heap", context => Serve(context, "application/octet-stream", Of(context).Heap()));
app.MapGet("/debug/pprof/goroutine", context => Serve(context, "application/octet-stream", Of(context).Goroutine()));

using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(options.Seconds));
await app.StartAsync(stop.Token);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ready {options.Targets} targets on 127.0.0.1:{options.BasePort}-{options.BasePort + options.Targets - 1} from {series.Count} series, for {options.Seconds} s"));
Console.Out.Flush();
// The host's console lifetime takes SIGTERM and Ctrl-C and asks the application to stop: end the wait then.
app.Lifetime.ApplicationStopping.Register(stop.Cancel);

try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}

await app.StopAsync(CancellationToken.None);
var total = targets.Sum(t => t.Requests);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"stopped: {total} requests served"));
return 0;

static Task Serve(HttpContext context, string contentType, byte[] body)
{
    context.Response.ContentType = contentType;
    context.Response.ContentLength = body.Length;
    return context.Response.Body.WriteAsync(body, 0, body.Length);
}

internal sealed record Options(int Targets, int BasePort, int Seconds, string Testdata, long StartUnixSeconds)
{
    public static Options Parse(string[] args)
    {
        var targets = 100;
        var basePort = 30000;
        var seconds = 600;
        var testdata = "testdata";
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--targets":
                    targets = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--base-port":
                    basePort = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--seconds":
                    seconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--testdata":
                    testdata = args[i + 1];
                    break;
                default:
                    throw new ArgumentException($"unknown option {args[i]} (--targets N --base-port P --seconds S --testdata DIR)");
            }
        }

        return new Options(targets, basePort, seconds, testdata, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }
}
