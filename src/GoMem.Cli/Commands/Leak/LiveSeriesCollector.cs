using System.Globalization;
using GoMem.IO;

namespace GoMem.Cli.Commands.Leak;

/// <summary>
/// Takes a series of snapshots of a live Go service into a directory, in the layout the file mode reads:
/// heap.K.pb.gz (/debug/pprof/heap?gc=1, so in-use is live data), goroutine.K.pb.gz, vars.K.json and
/// metrics.K.txt (for process_resident_memory_bytes), and status.K.txt from /proc when the process is on this
/// machine (<paramref name="pid"/>): RSS is what an OOM kill counts, and the only sign of a cgo leak.
/// </summary>
internal sealed class LiveSeriesCollector(Uri baseUrl, TimeSpan timeout, TextWriter log, int? pid = null, bool goroutineStates = false)
{
    private const long MaxBodyBytes = 512L << 20;

    private (string Path, string File, bool Required)[] Endpoints =>
    [
        ("/debug/pprof/heap?gc=1", "heap.{0}.pb.gz", true),
        // ?debug=2 carries each goroutine's state, wait time and creator, at the cost of a larger download.
        goroutineStates ? ("/debug/pprof/goroutine?debug=2", "goroutine.{0}.debug2.txt", true) : ("/debug/pprof/goroutine", "goroutine.{0}.pb.gz", true),
        ("/debug/vars", "vars.{0}.json", false),
        ("/metrics", "metrics.{0}.txt", false),
    ];

    private readonly HashSet<string> _missing = [];

    public void Collect(string directory, int count, TimeSpan every)
    {
        Directory.CreateDirectory(directory);
        for (var k = 1; k <= count; k++)
        {
            if (k > 1)
            {
                Thread.Sleep(every);
            }

            var saved = 0;
            foreach (var (path, pattern, required) in Endpoints)
            {
                if (_missing.Contains(path))
                {
                    continue;
                }

                var url = new Uri(baseUrl, path);
                try
                {
                    var body = HttpFetcher.Get(url, timeout, MaxBodyBytes);
                    if (body.LooksLikeHtml)
                    {
                        throw new BadInputException(url.ToString(), "the server answered with an HTML page, not a Go endpoint");
                    }

                    File.WriteAllBytes(Path.Combine(directory, string.Format(CultureInfo.InvariantCulture, pattern, k)), body.Body);
                    saved++;
                }
                catch (HttpFetchException e) when (e.IsNotFound && !required)
                {
                    log.WriteLine($"gomem: note: {url} answered 404; continuing without it");
                    _missing.Add(path);
                }
            }

            if (pid is { } id)
            {
                File.WriteAllBytes(Path.Combine(directory, string.Format(CultureInfo.InvariantCulture, "status.{0}.txt", k)), ReadStatus(id));
                saved++;
            }

            log.WriteLine($"gomem: snapshot {k.ToString(CultureInfo.InvariantCulture)}/{count.ToString(CultureInfo.InvariantCulture)} taken ({saved.ToString(CultureInfo.InvariantCulture)} files)");
        }
    }

    /// <summary>/proc/PID/status now; a process that has exited ends the series with one clear line.</summary>
    private static byte[] ReadStatus(int id)
    {
        var path = $"/proc/{id.ToString(CultureInfo.InvariantCulture)}/status";
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BadInputException(path, $"cannot read the status of process {id.ToString(CultureInfo.InvariantCulture)} (exited, or not visible here): {e.Message}");
        }
    }
}
