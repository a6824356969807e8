namespace GoMem.Tests.TestSupport;

/// <summary>A healthy Go service for collector tests: a loopback server answering with one real capture of leakymap.</summary>
internal static class CapturedService
{
    /// <summary>/debug/vars and /metrics, and with <paramref name="profiles"/> the heap and goroutine profiles, of testdata/leakymap-explain.</summary>
    public static LoopbackServer Start(bool profiles = true)
    {
        var captured = Path.Combine(RepoPaths.TestData, "leakymap-explain");
        var bodies = new Dictionary<string, byte[]>
        {
            ["/debug/vars"] = File.ReadAllBytes(Path.Combine(captured, "vars.1.json")),
            ["/metrics"] = File.ReadAllBytes(Path.Combine(captured, "metrics.1.txt")),
        };
        if (profiles)
        {
            bodies["/debug/pprof/heap"] = File.ReadAllBytes(Path.Combine(captured, "heap.1.pb.gz"));
            bodies["/debug/pprof/goroutine"] = File.ReadAllBytes(Path.Combine(captured, "goroutine.1.pb.gz"));
        }

        return LoopbackServer.Start(bodies);
    }
}
