using System.Diagnostics;
using System.Text;

namespace GoMem.Tests.TestSupport;

/// <summary>
/// What the real servers tests start (Prometheus, Alertmanager) share: their output kept for the failure message,
/// waiting for their <c>/-/ready</c> endpoint, and stopping them.
/// </summary>
internal static class ReadyProcess
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Adds a line of the process's output to <paramref name="log"/> (output and error arrive on two threads).</summary>
    public static void Append(StringBuilder log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }

    /// <summary>True once <c>BASE/-/ready</c> answers with success; false when the process exits or the time runs out.</summary>
    public static bool WaitUntilReady(Process process, Uri baseUrl, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < within && !process.HasExited)
        {
            try
            {
                using var response = Http.GetAsync(new Uri(baseUrl, "-/ready")).GetAwaiter().GetResult();
                if (response.IsSuccessStatusCode)
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Thread.Sleep(100);
        }

        return false;
    }

    /// <summary>Kills the process if it still runs, and releases it.</summary>
    public static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit(10_000);
        }

        process.Dispose();
    }
}
