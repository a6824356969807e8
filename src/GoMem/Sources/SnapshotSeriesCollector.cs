using System.Globalization;

namespace GoMem.Sources;

/// <summary>
/// Takes a series of snapshots of a live Go service into a directory, in the layout <see cref="LeakSeriesSource"/>
/// reads: heap.K.pb.gz (/debug/pprof/heap?gc=1, so in-use is live data), goroutine.K.pb.gz (or .debug2.txt with
/// states), vars.K.json and metrics.K.txt (for process_resident_memory_bytes), and status.K.txt from /proc when the
/// process is on this machine: RSS is what an OOM kill counts, and the only sign of a cgo leak.
/// </summary>
public sealed class SnapshotSeriesCollector(Uri baseUrl, LiveServiceClient client, Action<string> progress, int? pid = null, bool goroutineStates = false)
{
    private readonly HashSet<string> _missing = [];

    private (string Path, string File, string What, bool Required)[] Endpoints =>
    [
        ("/debug/pprof/heap?gc=1", "heap.{0}.pb.gz", "a Go profile", true),
        // ?debug=2 carries each goroutine's state, wait time and creator, at the cost of a larger download.
        goroutineStates
            ? ("/debug/pprof/goroutine?debug=2", "goroutine.{0}.debug2.txt", "a goroutine dump", true)
            : ("/debug/pprof/goroutine", "goroutine.{0}.pb.gz", "a Go profile", true),
        ("/debug/vars", "vars.{0}.json", "/debug/vars data", false),
        ("/metrics", "metrics.{0}.txt", "/metrics data", false),
    ];

    public void Collect(string directory, int count, TimeSpan every, CancellationToken cancel = default)
    {
        Directory.CreateDirectory(directory);
        for (var k = 1; k <= count; k++)
        {
            if (k > 1)
            {
                cancel.WaitHandle.WaitOne(every);
                cancel.ThrowIfCancellationRequested();
            }

            var saved = 0;
            foreach (var (path, pattern, what, required) in Endpoints)
            {
                if (_missing.Contains(path))
                {
                    continue;
                }

                var url = new Uri(baseUrl, path);
                var body = required ? client.Get(url, what) : client.GetOptional(url, what);
                if (body is null)
                {
                    _missing.Add(path);
                    continue;
                }

                File.WriteAllBytes(Path.Combine(directory, string.Format(CultureInfo.InvariantCulture, pattern, k)), body.Body);
                saved++;
            }

            if (pid is { } id)
            {
                File.WriteAllBytes(Path.Combine(directory, string.Format(CultureInfo.InvariantCulture, "status.{0}.txt", k)), ProcessFiles.ReadStatus(id));
                saved++;
            }

            progress($"snapshot {k.ToString(CultureInfo.InvariantCulture)}/{count.ToString(CultureInfo.InvariantCulture)} taken ({saved.ToString(CultureInfo.InvariantCulture)} files)");
        }
    }
}
