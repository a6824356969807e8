using System.Diagnostics;
using System.Globalization;
using System.Net.Http;
using System.Text.Json;

namespace GoMem.Tests.TestSupport;

/// <summary>
/// A real Prometheus (Debian's <c>prometheus</c> package) of one test's own: started on a free 127.0.0.1 port with
/// the test's configuration and a temporary data directory, queried through its HTTP API, stopped and removed when
/// disposed. test.sh installs the package when it is missing (and stops the service the package starts); without it
/// the tests that need it are skipped, with the reason. <see cref="Promtool"/> runs the package's <c>promtool</c>.
/// </summary>
internal sealed class PrometheusServer : IDisposable
{
    private static readonly Lazy<string?> Unavailability = new(() => FindUnavailability("prometheus"));
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private readonly Process _process;
    private readonly string _directory;

    private PrometheusServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        BaseUrl = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
    }

    /// <summary>Why the tests that need Prometheus cannot run here, or null when they can.</summary>
    public static string? Unavailable => Unavailability.Value;

    public Uri BaseUrl { get; }

    /// <summary>Where a server started with its remote-write receiver takes WriteRequests.</summary>
    public Uri RemoteWriteUrl => new(BaseUrl, "api/v1/write");

    /// <summary>The data directory's parent, where the configuration and any rule files of the test go.</summary>
    public string Directory => _directory;

    /// <summary>
    /// Starts Prometheus with <paramref name="config"/> (a prometheus.yml; rule files it names may be written into
    /// <paramref name="files"/> first, by name, next to it) and waits until it is ready. With
    /// <paramref name="remoteWriteReceiver"/> it also takes remote-write requests at <see cref="RemoteWriteUrl"/>.
    /// </summary>
    public static PrometheusServer Start(string config, IReadOnlyDictionary<string, string>? files = null, bool remoteWriteReceiver = false)
    {
        if (Unavailable is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        var directory = System.IO.Directory.CreateTempSubdirectory("gomem-prometheus-").FullName;
        File.WriteAllText(Path.Combine(directory, "prometheus.yml"), config);
        foreach (var (name, text) in files ?? new Dictionary<string, string>())
        {
            File.WriteAllText(Path.Combine(directory, name), text);
        }

        for (var attempt = 1; ; attempt++)
        {
            var port = PostgresServer.FreePort();
            var start = new ProcessStartInfo("prometheus", [
                "--config.file=" + Path.Combine(directory, "prometheus.yml"),
                "--storage.tsdb.path=" + Path.Combine(directory, "data"),
                "--web.listen-address=127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture),
                "--log.level=warn",
                .. remoteWriteReceiver ? new[] { "--web.enable-remote-write-receiver" } : [],
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
            var server = new PrometheusServer(process, directory, port);
            if (ReadyProcess.WaitUntilReady(server._process, server.BaseUrl, TimeSpan.FromSeconds(30)))
            {
                return server;
            }

            ReadyProcess.Stop(server._process);
            if (attempt == 3)
            {
                System.IO.Directory.Delete(directory, recursive: true);
                lock (log)
                {
                    throw new InvalidOperationException($"prometheus did not become ready: {log}");
                }
            }
        }
    }

    /// <summary>Runs an instant query (<c>/api/v1/query</c>) and returns its <c>data.result</c> array; a query Prometheus refuses fails the test with its error.</summary>
    public JsonElement Query(string promql)
    {
        using var response = Http.GetAsync(new Uri(BaseUrl, "api/v1/query?query=" + Uri.EscapeDataString(promql))).GetAwaiter().GetResult();
        var body = response.Content.ReadAsStringAsync().GetAwaiter().GetResult();
        var root = JsonDocument.Parse(body).RootElement.Clone();
        Assert.True(root.GetProperty("status").GetString() == "success", $"{promql}: {body}");
        return root.GetProperty("data").GetProperty("result");
    }

    /// <summary>GETs an API path (e.g. <c>api/v1/rules</c>) and returns its <c>data</c>.</summary>
    public JsonElement Api(string path)
    {
        var body = Http.GetStringAsync(new Uri(BaseUrl, path)).GetAwaiter().GetResult();
        var root = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal("success", root.GetProperty("status").GetString());
        return root.GetProperty("data");
    }

    public void Dispose()
    {
        ReadyProcess.Stop(_process);
        System.IO.Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Runs <c>promtool</c> with <paramref name="arguments"/> in <paramref name="directory"/>: its exit code and everything it printed.</summary>
    public static (int ExitCode, string Output) Promtool(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("promtool", arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.GetAwaiter().GetResult());
    }

    /// <summary>Why promtool cannot run here, or null when it can.</summary>
    public static string? PromtoolUnavailable => PromtoolUnavailability.Value;

    private static readonly Lazy<string?> PromtoolUnavailability = new(() => FindUnavailability("promtool"));

    private static string? FindUnavailability(string program)
    {
        if (Environment.GetEnvironmentVariable("GOMEM_TEST_PROMETHEUS") == "off")
        {
            return "Prometheus tests turned off (GOMEM_TEST_PROMETHEUS=off)";
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, program)));
        return onPath ? null : $"needs {program} (test.sh installs it: apt-get install -y prometheus)";
    }
}

/// <summary>A fact that starts a real Prometheus: skipped, with the reason, when <see cref="PrometheusServer"/> cannot run here.</summary>
public sealed class PrometheusFactAttribute : FactAttribute
{
    public PrometheusFactAttribute()
    {
        if (PrometheusServer.Unavailable is { } reason)
        {
            Skip = reason;
        }
    }
}

/// <summary>A fact that runs promtool: skipped, with the reason, when it is not installed here.</summary>
public sealed class PromtoolFactAttribute : FactAttribute
{
    public PromtoolFactAttribute()
    {
        if (PrometheusServer.PromtoolUnavailable is { } reason)
        {
            Skip = reason;
        }
    }
}
