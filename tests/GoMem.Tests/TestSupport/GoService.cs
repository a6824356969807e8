using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace GoMem.Tests.TestSupport;

/// <summary>
/// One of the example Go servers (leakymap, boundedcache, goroutineleak, ...) running on 127.0.0.1 for a test: built
/// by <see cref="GoExamples"/>, started on a free port, ready once it prints READY, killed when disposed.
/// </summary>
internal sealed class GoService : IDisposable
{
    private readonly Process _process;

    private GoService(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public static GoService Start(string program, params string[] args) => StartOn(FreePort(), program, args);

    /// <summary>Starts <paramref name="program"/> on a given port: a new process of a service that was killed, at its address.</summary>
    public static GoService StartOn(int port, string program, params string[] args)
    {
        var binary = GoExamples.Build(program);
        var start = new ProcessStartInfo(binary, ["-addr", $"127.0.0.1:{port}", .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + program);
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        var ready = process.StandardOutput.ReadLineAsync();
        if (!ready.Wait(TimeSpan.FromSeconds(30)) || ready.Result?.StartsWith("READY", StringComparison.Ordinal) != true)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{program} did not print READY (got: {(ready.IsCompleted ? ready.Result : "nothing")})");
        }

        return new GoService(process, new Uri($"http://127.0.0.1:{port}"));
    }

    /// <summary>Sends exactly <paramref name="count"/> requests to /work with ids from <paramref name="firstId"/> (examples/loadgen).</summary>
    public void Drive(int count, int firstId)
    {
        var loadgen = GoExamples.Build("loadgen");
        GoExamples.Run(loadgen, "-url", new Uri(Url, "/work").ToString(), "-n", count.ToString(System.Globalization.CultureInfo.InvariantCulture), "-first", firstId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    /// <summary>A port that was free a moment ago on 127.0.0.1.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
