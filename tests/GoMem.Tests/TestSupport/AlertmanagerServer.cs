using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Text.Json;

namespace GoMem.Tests.TestSupport;

/// <summary>
/// A real Alertmanager (Debian's <c>prometheus-alertmanager</c> package) of one test's own: started on a free
/// 127.0.0.1 port with its own configuration (one route to a webhook receiver, the test's when given), a temporary
/// <c>--storage.path</c> and clustering off, read back through its API v2, stopped and removed when disposed.
/// test.sh installs the package when it is missing (and stops the service the package starts); without it the
/// tests that need it are skipped, with the reason.
/// </summary>
internal sealed class AlertmanagerServer : IDisposable
{
    public const string Program = "/usr/bin/prometheus-alertmanager";

    private static readonly Lazy<string?> Unavailability = new(FindUnavailability);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private readonly Process _process;
    private readonly string _directory;
    private readonly System.Text.StringBuilder _log;

    private AlertmanagerServer(Process process, string directory, int port, System.Text.StringBuilder log)
    {
        _process = process;
        _directory = directory;
        _log = log;
        BaseUrl = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
    }

    /// <summary>Why the tests that need Alertmanager cannot run here, or null when they can.</summary>
    public static string? Unavailable => Unavailability.Value;

    public Uri BaseUrl { get; }

    /// <summary>
    /// Starts Alertmanager routing every alert to <paramref name="webhook"/> (grouped by alertname, sent at once, resolved
    /// ones too), or to a receiver with no integration when none is given, and waits until it is ready.
    /// </summary>
    public static AlertmanagerServer Start(Uri? webhook = null)
    {
        if (Unavailable is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        var directory = Directory.CreateTempSubdirectory("gomem-alertmanager-").FullName;
        var receiver = webhook is null ? "  - name: test\n" : $"  - name: test\n    webhook_configs:\n      - url: '{webhook}'\n        send_resolved: true\n";
        File.WriteAllText(Path.Combine(directory, "alertmanager.yml"),
            "route:\n  receiver: test\n  group_by: [alertname]\n  group_wait: 0s\n  group_interval: 1s\n  repeat_interval: 1h\nreceivers:\n" + receiver);
        for (var attempt = 1; ; attempt++)
        {
            var port = PostgresServer.FreePort();
            var start = new ProcessStartInfo(Program, [
                "--config.file=" + Path.Combine(directory, "alertmanager.yml"),
                "--storage.path=" + Path.Combine(directory, "data"),
                "--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
                "--cluster.listen-address=",
                "--log.level=warn",
            ])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = directory,
            };
            var process = Process.Start(start)!;
            var log = new System.Text.StringBuilder();
            process.OutputDataReceived += (_, e) => ReadyProcess.Append(log, e.Data);
            process.ErrorDataReceived += (_, e) => ReadyProcess.Append(log, e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var server = new AlertmanagerServer(process, directory, port, log);
            if (ReadyProcess.WaitUntilReady(server._process, server.BaseUrl, TimeSpan.FromSeconds(30)))
            {
                return server;
            }

            ReadyProcess.Stop(server._process);
            if (attempt == 3)
            {
                Directory.Delete(directory, recursive: true);
                lock (log)
                {
                    throw new InvalidOperationException($"alertmanager did not become ready: {log}");
                }
            }
        }
    }

    /// <summary>GET /api/v2/alerts: the alerts Alertmanager holds now (resolved ones are not listed).</summary>
    public JsonElement Alerts()
    {
        var body = Http.GetStringAsync(new Uri(BaseUrl, "api/v2/alerts")).GetAwaiter().GetResult();
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Reads the alerts until <paramref name="until"/> holds of them, for at most <paramref name="within"/>; the last read either way.</summary>
    public JsonElement WaitForAlerts(Func<JsonElement, bool> until, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var alerts = Alerts();
            if (until(alerts) || clock.Elapsed > within)
            {
                return alerts;
            }

            Thread.Sleep(100);
        }
    }

    /// <summary>What Alertmanager has logged (warnings and errors).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    public void Dispose()
    {
        ReadyProcess.Stop(_process);
        Directory.Delete(_directory, recursive: true);
    }

    private static string? FindUnavailability()
    {
        if (Environment.GetEnvironmentVariable("GOMEM_TEST_ALERTMANAGER") == "off")
        {
            return "Alertmanager tests turned off (GOMEM_TEST_ALERTMANAGER=off)";
        }

        return File.Exists(Program) ? null : $"needs {Program} (test.sh installs it: apt-get install -y --no-install-recommends prometheus-alertmanager)";
    }
}

/// <summary>A fact that starts a real Alertmanager: skipped, with the reason, when <see cref="AlertmanagerServer"/> cannot run here.</summary>
public sealed class AlertmanagerFactAttribute : FactAttribute
{
    public AlertmanagerFactAttribute()
    {
        if (AlertmanagerServer.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
