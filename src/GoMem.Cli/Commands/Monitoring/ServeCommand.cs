using System.CommandLine;
using System.Runtime.InteropServices;
using GoMem.Cli.Commands.Bench;
using GoMem.Cli.Infrastructure;
using GoMem.Dashboard;
using GoMem.Monitoring.Exposition;
using GoMem.Output.Dashboard;
using GoMem.Storage.Monitoring;

namespace GoMem.Cli.Commands.Monitoring;

/// <summary><c>gomem serve --store DB [--listen HOST:PORT] [--token T]</c>: the web dashboard over a store, read-only.</summary>
internal static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var store = new Option<string>("--store") { Description = "The store gomem watch fills (an SQLite file or a postgres:// URL).", DefaultValueFactory = _ => "gomem.db" };
        var listen = new Option<string>("--listen")
        {
            Description = "Where to serve: HOST:PORT (127.0.0.1 unless another host is named; 0.0.0.0:8080 for every interface, which needs a token).",
            DefaultValueFactory = _ => "127.0.0.1:8080",
        };
        var benchStore = new Option<string?>("--bench-store") { Description = "The benchmark store gomem bench record fills (an SQLite file), for the dashboard's benchmark history (default: --store, when it is an SQLite file)." };
        var token = new Option<string?>("--token") { Description = "The token a browser or client must show when serving beyond loopback (default: a random one, printed)." };
        var format = OutputOptions.Format("Output format of the line saying where it serves: text or json (url with the token, api, store).");
        var output = OutputOptions.Output();
        output.Description = "Write that line to this file (for a script to read the address and token) instead of standard output.";
        var command = new Command("serve", "Serve a web dashboard over the store gomem watch fills: every target's health, memory and alerts, time series with restarts and alerts, the flame graph and top table of any stored profile, the diff between two time ranges, leak findings, and benchmark history; JSON API under /api/.")
        {
            store, listen, token, benchStore, format, output,
        };
        ExamplesHelpAction.WithExamples(
            command,
            "gomem serve --store gomem.db   # then open http://127.0.0.1:8080/",
            "gomem serve --store postgres://gomem@db/gomem --listen 0.0.0.0:8080   # prints the address with its token",
            "gomem serve --store postgres://gomem@db/gomem --bench-store bench.db",
            "curl -s http://127.0.0.1:8080/api/targets");
        command.SetAction(result => CommandRunner.Run(context.Stderr, result, () =>
        {
            var outputTarget = OutputTarget.From(context, result, format, output);
            if (!ListenAddress.TryParse(result.GetValue(listen)!, out var address, out var problem))
            {
                throw new UsageException("--listen: " + problem);
            }

            using var stop = new CancellationTokenSource();
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, e =>
            {
                e.Cancel = true;
                stop.Cancel();
            });
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, e =>
            {
                e.Cancel = true;
                stop.Cancel();
            });
            var path = result.GetValue(store)!;
            using var opened = StoreSelection.Open(path);
            var benchPath = result.GetValue(benchStore) ?? (MonitoringStores.IsPostgres(path) ? null : path);
            using var bench = benchPath is null ? null : BenchStoreOptions.Open(benchPath, mustExist: true);
            var required = DashboardAccess.TokenFor(address!, result.GetValue(token));
            var server = DashboardServer.StartAsync(opened, path, address!, required, bench, context.Stderr).GetAwaiter().GetResult();
            try
            {
                var serving = new DashboardAddress(server.Url, path, required is not null);
                outputTarget.Write(new Renderings()
                    .Text(w => DashboardAddressTextRenderer.Write(w, serving))
                    .Json(s => DashboardAddressJsonRenderer.Write(s, serving)));
                context.Stdout.Flush();
                stop.Token.WaitHandle.WaitOne();
            }
            finally
            {
                server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            return ExitCodes.Success;
        }));
        return command;
    }
}
